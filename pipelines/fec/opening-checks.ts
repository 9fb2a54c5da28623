import type { Warehouse } from '../../warehouse/db.js';

const SHOWN = 20;

/** Warnings for opening balances that do not match the prior year's closing balance (staged years only). */
export async function listOpeningWarnings(tx: Warehouse): Promise<string[]> {
  const rows = await tx.all<Record<string, string>>(
    `select c.*, count(*) over () as total
     from staging.fec_07_opening_checks c
     semi join fec_load_years using (company_id, fiscal_year)
     order by company_id, fiscal_year, customer_id limit ${SHOWN}`,
  );
  const warnings = rows.map(
    (r) =>
      `company ${r.company_id} fiscal year ${r.fiscal_year}: the opening balance of customer ${r.customer_id} is ` +
      `${r.opening_balance} ${r.currency} but fiscal year ${Number(r.fiscal_year) - 1} closes at ${r.prior_closing_balance} ` +
      `(difference ${r.difference}); the prior year's detail is used`,
  );
  const total = Number(rows[0]?.total ?? 0);
  if (total > SHOWN) warnings.push(`… and ${total - SHOWN} other opening balance mismatch(es)`);
  return warnings;
}
