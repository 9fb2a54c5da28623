import { addDays } from '../../../lib/dates.js';

export interface QuietDays {
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  quiet_weekdays: readonly number[];
  quiet_dates: readonly string[];
}

/** ISO weekday of a YYYY-MM-DD date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function isQuietDay(date: string, quiet: QuietDays): boolean {
  return quiet.quiet_weekdays.includes(isoWeekday(date)) || quiet.quiet_dates.includes(date);
}

/** `date` itself when messages may leave that day, else the next day they may (at most a year ahead). */
export function nextSendingDay(date: string, quiet: QuietDays): string {
  let day = date;
  for (let i = 0; i < 366 && isQuietDay(day, quiet); i++) day = addDays(day, 1);
  if (isQuietDay(day, quiet))
    throw new Error('every day of the coming year is a quiet day: check the dunning controls');
  return day;
}
