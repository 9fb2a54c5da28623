import { EncoursError } from '../../lib/errors.js';
import { isIsoDate, todayIso } from '../../lib/dates.js';
import type { Warehouse } from '../db.js';
import type { KpiScope } from './types.js';

export interface ResolvedScope {
  asOf: string;
  companyId: string | null;
  currency: string | null;
}

/** Checks the scope against the warehouse and fills in the as-of date; errors say what to do. */
export async function resolveScope(
  db: Warehouse,
  scope: KpiScope,
  today = todayIso(),
): Promise<ResolvedScope> {
  const asOf = scope.asOf ?? (await findDefaultAsOf(db, today));
  if (!isIsoDate(asOf))
    throw new EncoursError('bad_input', `as-of date must be a real date written YYYY-MM-DD, got "${asOf}"`);
  const currency = scope.currency?.toUpperCase() ?? null;
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) {
    throw new EncoursError(
      'bad_input',
      `currency must be an ISO 4217 code such as EUR, got "${scope.currency}"`,
    );
  }
  const companyId = scope.companyId === undefined || scope.companyId === '*' ? null : scope.companyId;
  if (companyId !== null) await assertCompanyExists(db, companyId);
  return { asOf, companyId, currency };
}

/** SQL giving the last day that has ledger data (NULL for an empty ledger). */
export const LEDGER_LAST_DAY_SQL = `select max(date) from marts.ar_daily where measure = 'ar'`;

/** The latest date that has ledger data, or today if that is earlier (or the ledger is empty). */
export async function findDefaultAsOf(db: Warehouse, today = todayIso()): Promise<string> {
  const [row] = await db.all<{ latest: string | null }>(`select (${LEDGER_LAST_DAY_SQL})::varchar as latest`);
  const latest = row?.latest ?? null;
  return latest !== null && latest < today ? latest : today;
}

async function assertCompanyExists(db: Warehouse, companyId: string): Promise<void> {
  const rows = await db.all<{ company_id: string }>('select company_id from core.companies order by 1');
  if (rows.some((r) => r.company_id === companyId)) return;
  const known = rows.map((r) => r.company_id).join(', ') || 'none yet: import a ledger first';
  throw new EncoursError('not_found', `unknown company "${companyId}" (known companies: ${known})`);
}

/** Fails with the first currency that has facts on or before a date but no exchange rate on or before it. */
export async function assertFxRates(
  db: Warehouse,
  dates: readonly string[],
  companyId: string | null,
): Promise<void> {
  const [missing] = await db.all<{ as_of: string; currency: string; reporting: string }>(
    `select as_of::varchar as as_of, currency, main.reporting_currency() as reporting
     from marts.fx_rates_at(string_split($1, ',')::date[], $2) where rate is null order by as_of, currency limit 1`,
    [dates.join(','), companyId],
  );
  if (!missing) return;
  const { as_of: asOf, currency, reporting } = missing;
  throw new EncoursError(
    'not_found',
    `no exchange rate for ${currency} on or before ${asOf}: import an fx_rates.csv row such as ` +
      `"${asOf},${currency},<rate>" (1 ${currency} in ${reporting}), or ask for --currency ${currency} alone`,
  );
}
