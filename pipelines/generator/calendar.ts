const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a real YYYY-MM-DD date; throws, naming the option, on anything else. */
export function parseEpochDay(iso: string, what: string): number {
  const m = ISO_DATE.exec(iso);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== iso) {
    throw new Error(`${what} must be a real date written YYYY-MM-DD, got "${iso}"`);
  }
  return ms / MS_PER_DAY;
}

export function formatEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of the week of an epoch day: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/**
 * The generation's days, numbered from 0 = startDate to `lastDay` = endDate, with their ISO and FEC spellings
 * and calendar parts precomputed (a margin past the end covers due dates of late invoices).
 */
export class Calendar {
  readonly lastDay: number;
  private readonly size: number;
  private readonly isoDates: string[] = [];
  private readonly fecDates: string[] = [];
  readonly month: Uint8Array;
  readonly dayOfMonth: Uint8Array;
  readonly year: Uint16Array;
  private readonly monthEnd: Int32Array;

  constructor(
    readonly startEpoch: number,
    endEpoch: number,
    margin = 800,
  ) {
    this.lastDay = endEpoch - startEpoch;
    this.size = this.lastDay + 1 + margin;
    this.month = new Uint8Array(this.size);
    this.dayOfMonth = new Uint8Array(this.size);
    this.year = new Uint16Array(this.size);
    for (let day = 0; day < this.size; day++) {
      const iso = formatEpochDay(startEpoch + day);
      this.isoDates.push(iso);
      this.fecDates.push(iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10));
      this.year[day] = Number(iso.slice(0, 4));
      this.month[day] = Number(iso.slice(5, 7));
      this.dayOfMonth[day] = Number(iso.slice(8, 10));
    }
    this.monthEnd = new Int32Array(this.size);
    for (let day = this.size - 1; day >= 0; day--) {
      const sameMonthNext = day + 1 < this.size && this.month[day + 1] === this.month[day];
      this.monthEnd[day] = sameMonthNext ? this.monthEnd[day + 1]! : day;
    }
  }

  iso(day: number): string {
    return day >= 0 && day < this.size ? this.isoDates[day]! : formatEpochDay(this.startEpoch + day);
  }

  /** YYYYMMDD, as FEC writes dates. */
  fec(day: number): string {
    return day >= 0 && day < this.size ? this.fecDates[day]! : this.iso(day).replaceAll('-', '');
  }

  yearOf(day: number): number {
    return day >= 0 && day < this.size ? this.year[day]! : Number(this.iso(day).slice(0, 4));
  }

  monthOf(day: number): number {
    return day >= 0 && day < this.size ? this.month[day]! : Number(this.iso(day).slice(5, 7));
  }

  isWeekday(day: number): boolean {
    const weekday = weekdayOf(this.startEpoch + day);
    return weekday !== 0 && weekday !== 6;
  }

  /** The day itself on Monday–Friday, else the following Monday. */
  nextBusinessDay(day: number): number {
    const weekday = weekdayOf(this.startEpoch + day);
    return weekday === 6 ? day + 2 : weekday === 0 ? day + 1 : day;
  }

  /** Day number of the last day of the month holding `day`. */
  endOfMonth(day: number): number {
    if (day >= 0 && day < this.size - 31) return this.monthEnd[day]!;
    const [y, m] = this.iso(day).split('-').map(Number) as [number, number];
    return Date.UTC(y, m, 0) / MS_PER_DAY - this.startEpoch;
  }

  /** Day number of 31 December of the year holding `day`. */
  yearEnd(day: number): number {
    return Date.UTC(this.yearOf(day), 11, 31) / MS_PER_DAY - this.startEpoch;
  }

  isYearStart(day: number): boolean {
    return this.monthOf(day) === 1 && this.dayOfMonth[day] === 1;
  }
}
