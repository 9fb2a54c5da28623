import { addDays } from '../../lib/dates.js';
import { materializeKpiSnapshots } from '../../warehouse/kpi/index.js';
import { findKpiSnapshotRange } from '../../warehouse/kpi-daily.queries.js';
import type { Warehouse } from '../../warehouse/db.js';

/** With no snapshot yet, the trend starts this many days before the as-of date (or at the ledger's first date). */
export const INITIAL_BACKFILL_DAYS = 365;

/**
 * Materialises the daily KPI snapshots up to `asOf`: every day missed since the last snapshot (a year back on the
 * first run), and `asOf` itself again (its data may have changed since it was last computed).
 */
export async function snapshotDailyKpis(
  db: Warehouse,
  asOf: string,
): Promise<{ dates: string[]; rows: number }> {
  const dates = await listMissingDates(db, asOf);
  const rows = await materializeKpiSnapshots(db, dates);
  return { dates, rows };
}

export async function listMissingDates(db: Warehouse, asOf: string): Promise<string[]> {
  const { last, firstLedgerDate } = await findKpiSnapshotRange(db);
  let from: string;
  if (last !== null) from = last < asOf ? addDays(last, 1) : asOf;
  else {
    const start = addDays(asOf, -INITIAL_BACKFILL_DAYS + 1);
    from =
      firstLedgerDate !== null && firstLedgerDate > start
        ? firstLedgerDate < asOf
          ? firstLedgerDate
          : asOf
        : start;
  }
  const dates: string[] = [];
  for (let d = from; d <= asOf; d = addDays(d, 1)) dates.push(d);
  return dates;
}
