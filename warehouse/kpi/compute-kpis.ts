import type { Warehouse } from '../db.js';
import { assertFxRates, resolveScope } from './scope.js';
import { AGING_COLUMNS, type AgingBuckets, type KpiReport, type KpiScope } from './types.js';

/** One row of marts.kpis(): DECIMAL money as strings, DOUBLE ratios as numbers or null. */
export type KpiRow = Record<(typeof AGING_COLUMNS)[number], string> & {
  as_of: string;
  company_id: string;
  currency: string;
  dso_simple: number | null;
  dso_countback: number | null;
  bpdso: number | null;
  add: number | null;
  cei: number | null;
  collection_rate: number | null;
};

/**
 * The receivables KPIs of DESIGN.md §4 as of a date, for the group (consolidated into the reporting currency) or one
 * company, or for the facts in one currency only. The SQL is warehouse/models/marts/05_kpis.sql.
 */
export async function computeKpis(db: Warehouse, scope: KpiScope = {}): Promise<KpiReport> {
  const { asOf, companyId, currency } = await resolveScope(db, scope);
  if (currency === null) await assertFxRates(db, [asOf], companyId);
  const rows = await db.all<KpiRow>(
    `select * from marts.kpis([$1::date], company := $2, ccy := $3) where company_id = '*'`,
    [asOf, companyId, currency],
  );
  return toKpiReport(rows[0]!);
}

export function toKpiReport(row: KpiRow): KpiReport {
  return {
    asOf: row.as_of,
    currency: row.currency,
    aging: toBuckets(row),
    dso: { simple: row.dso_simple, countback: row.dso_countback },
    bpdso: row.bpdso,
    add: row.add,
    cei: row.cei,
    collection_rate: row.collection_rate,
  };
}

/** Cents (rounded in SQL; DECIMAL strings or DOUBLE) as JSON numbers. */
export function toBuckets(row: Record<(typeof AGING_COLUMNS)[number], string | number>): AgingBuckets {
  return Object.fromEntries(AGING_COLUMNS.map((c) => [c, Number(row[c])])) as unknown as AgingBuckets;
}
