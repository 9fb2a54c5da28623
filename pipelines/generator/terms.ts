import { formatEpochDay, parseEpochDay } from './calendar.js';

/** Payment terms: `N` = N days after issue; `NFM` = N days after the end of the issue month ("fin de mois"). */
export interface Terms {
  days: number;
  endOfMonth: boolean;
}

const TERMS = /^(\d{1,3})(FM)?$/i;

export function parseTerms(terms: string): Terms {
  const m = TERMS.exec(terms.trim());
  if (!m) throw new Error(`payment terms "${terms}" are not N or NFM days (e.g. 30, 45FM)`);
  return { days: Number(m[1]), endOfMonth: m[2] !== undefined };
}

/** Due date (epoch day) of a document issued on `issueEpochDay`. */
export function computeDueEpochDay(issueEpochDay: number, terms: Terms): number {
  if (!terms.endOfMonth) return issueEpochDay + terms.days;
  const issued = new Date(issueEpochDay * 86_400_000);
  const monthEnd = Date.UTC(issued.getUTCFullYear(), issued.getUTCMonth() + 1, 0) / 86_400_000;
  return monthEnd + terms.days;
}

/** Due date (YYYY-MM-DD) of a document issued on `issueDate` with `terms` (`30`, `45FM` …). */
export function addTerms(issueDate: string, terms: string): string {
  return formatEpochDay(computeDueEpochDay(parseEpochDay(issueDate, 'issue date'), parseTerms(terms)));
}
