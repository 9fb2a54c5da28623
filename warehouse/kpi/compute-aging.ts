import type { Warehouse } from '../db.js';
import { EncoursError } from '../../lib/errors.js';
import { assertFxRates, resolveScope } from './scope.js';
import { AGING_COLUMNS, type AgingBuckets, type AgingKey, type AgingReport, type KpiScope } from './types.js';

/**
 * The aged balance as of a date by customer or by company, in the reporting currency (or one currency as is), largest
 * net balance first; totals are computed from unrounded amounts and equal the aging of computeKpis.
 * The SQL is marts.aging_by in warehouse/models/marts/04_aging.sql.
 */
export async function computeAging(
  db: Warehouse,
  scope: KpiScope & { by?: AgingKey } = {},
): Promise<AgingReport> {
  const by = scope.by ?? 'customer';
  if (by !== 'customer' && by !== 'company') {
    throw new EncoursError('bad_input', `aging is by "customer" or "company", got "${String(by)}"`);
  }
  const { asOf, companyId, currency } = await resolveScope(db, scope);
  if (currency === null) await assertFxRates(db, [asOf], companyId);
  // One row per customer can mean tens of thousands: read by column (twice as fast as row objects), cents as
  // DOUBLE (exact to the cent; a DECIMAL crosses into JavaScript as a slow BigInt). A fresh connection, so a
  // transaction's uncommitted writes are not seen.
  const columns = await db.withConnection(async (connection) => {
    const reader = await connection.runAndReadAll(
      `select key, is_total, currency, ${AGING_COLUMNS.map((c) => `${c}::double as ${c}`).join(', ')}
       from marts.aging_by($1::date, $2, company := $3, ccy := $4)
       order by is_total, net_ar desc, key`,
      [asOf, by, companyId, currency],
    );
    return reader.getColumnsObjectJson() as Record<string, (string | number | boolean | null)[]>;
  });
  const money = AGING_COLUMNS.map((c) => columns[c] as number[]);
  const bucketsAt = (i: number): AgingBuckets => {
    const buckets = {} as AgingBuckets;
    AGING_COLUMNS.forEach((c, j) => (buckets[c] = money[j]![i]!));
    return buckets;
  };
  const keys = columns.key as string[];
  const totalAt = keys.length - 1; // ordered by is_total: the totals row comes last
  const rows = new Array<AgingReport['rows'][number]>(totalAt);
  for (let i = 0; i < totalAt; i++) rows[i] = { key: keys[i]!, ...bucketsAt(i) };
  return { asOf, currency: String(columns.currency![totalAt]), by, rows, totals: bucketsAt(totalAt) };
}
