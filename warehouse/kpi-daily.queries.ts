import type { Warehouse } from './db.js';

/** The date range the daily KPI snapshots cover, and the ledger's first date (null when empty). */
export async function findKpiSnapshotRange(
  db: Warehouse,
): Promise<{ last: string | null; firstLedgerDate: string | null }> {
  const [row] = await db.all<{ last: string | null; first_ledger: string | null }>(
    `select (select max(as_of)::varchar from marts.kpi_daily) as last,
            (select min(date)::varchar from marts.ar_daily) as first_ledger`,
  );
  return { last: row?.last ?? null, firstLedgerDate: row?.first_ledger ?? null };
}

export interface KpiTrendPoint {
  asOf: string;
  currency: string;
  net_ar: string;
  not_due: string;
  overdue: string;
  unapplied: string;
  dso_simple: number | null;
  dso_countback: number | null;
  bpdso: number | null;
  add: number | null;
  cei: number | null;
  collection_rate: number | null;
}

/** The daily KPI snapshots of a scope ('*' = the group) between two dates, oldest first. Money as decimal strings. */
export async function readKpiTrend(
  db: Warehouse,
  scope: { from: string; to: string; companyId: string },
): Promise<KpiTrendPoint[]> {
  return db.all<KpiTrendPoint>(
    `select as_of::varchar as "asOf", currency, net_ar::varchar as net_ar, not_due::varchar as not_due,
            (days_1_30 + days_31_60 + days_61_90 + days_over_90)::varchar as overdue, unapplied::varchar as unapplied,
            dso_simple, dso_countback, bpdso, "add", cei, collection_rate
     from marts.kpi_daily
     where company_id = $1 and as_of between $2::date and $3::date
     order by as_of`,
    [scope.companyId, scope.from, scope.to],
  );
}
