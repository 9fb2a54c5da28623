import type { Warehouse } from '../db.js';
import { assertFxRates, LEDGER_LAST_DAY_SQL } from '../kpi/scope.js';
import { memoize } from './memo.js';
import { SHADOW_CATALOG } from './scoped-session.js';
import { quoteIdent, quoteText } from './sql-runner.js';

/** One row of the customer list: identity, balances as of the date (reporting currency), latest risk class. */
export interface CustomerListItem {
  customer_id: string;
  name: string;
  country: string | null;
  currency: string | null;
  segment: string | null;
  agency: string | null;
  owner: string | null;
  credit_limit: string | null;
  net_ar: string;
  not_due: string;
  overdue: string;
  days_over_90: string;
  risk_class: string | null;
  profile: string | null;
}

export const CUSTOMER_SORTS = [
  'customer_id',
  'name',
  'net_ar',
  'overdue',
  'days_over_90',
  'risk_class',
] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomerListQuery {
  asOf: string;
  /** Words searched in the id and the name (case-insensitive). */
  q?: string;
  sort?: { by: CustomerSort; descending: boolean };
  limit?: number;
  offset?: number;
  /** Exact matches on these columns. */
  equals?: Partial<Record<'country' | 'segment' | 'agency' | 'owner' | 'currency' | 'risk_class', string>>;
  /** Only customers with an overdue balance (true) or without (false). */
  overdue?: boolean;
  /** Facts of one company only. */
  companyId?: string;
  /** Only these customers (e.g. those on credit hold, from the ops tables). */
  onlyIds?: readonly string[];
}

/**
 * The customers the warehouse shows (a scoped session shows only the caller's), with their aged balance as of a
 * date in the reporting currency (marts.aging_by) and their latest group-level risk class (from a scoring up to the
 * date, or any later one when no fact is dated after the date), searched, filtered,
 * sorted and paged. `total` counts every match, not just the page.
 */
export async function listCustomers(
  db: Warehouse,
  query: CustomerListQuery,
): Promise<{ items: CustomerListItem[]; total: number }> {
  await assertFxRates(db, [query.asOf], query.companyId ?? null);
  const params: (string | number | boolean | null)[] = [query.asOf, query.companyId ?? null];
  const where: string[] = [];
  const bind = (value: string | number | boolean | null) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const p = bind(pattern);
    where.push(`(customer_id ilike ${p} escape '\\' or name ilike ${p} escape '\\')`);
  }
  for (const [column, value] of Object.entries(query.equals ?? {})) {
    if (value !== undefined) where.push(`${column} = ${bind(value)}`);
  }
  if (query.overdue !== undefined) where.push(query.overdue ? 'overdue > 0' : 'overdue <= 0');
  if (query.companyId !== undefined) where.push('has_company');
  if (query.onlyIds !== undefined)
    where.push(
      `customer_id in (select unnest(from_json(${bind(JSON.stringify(query.onlyIds))}, '["VARCHAR"]')))`,
    );
  const sort = query.sort ?? { by: 'customer_id', descending: false };
  // qualified: the select list casts amounts to text, and a bare name would sort by that text (9 255 < 921)
  const order = `final.${sort.by} ${sort.descending ? 'desc' : 'asc'} nulls last, final.customer_id`;
  const memoKey = await memoize(
    db,
    'memo_balances',
    [query.asOf, query.companyId ?? '*'],
    `select key as customer_id, not_due, days_1_30 + days_31_60 + days_61_90 + days_over_90 as overdue, days_over_90, net_ar
     from marts.aging_by(${quoteText(query.asOf)}::date, 'customer', company := ${query.companyId === undefined ? 'null' : quoteText(query.companyId)})
     where not is_total`,
  );
  // read on a connection of its own: a scoped request's transaction started before the memo rows were committed
  const rows = await readOnOwnConnection<CustomerListItem & { total: string }>(
    db,
    `with aging as (
       select customer_id, not_due, overdue, days_over_90, net_ar
       from ${quoteIdent(SHADOW_CATALOG)}.main.memo_balances where memo_key = ${bind(memoKey)}
     ),
     scores as (
       -- the latest scoring up to the date; at or past the ledger's last day any later scoring counts too (the nightly
       -- run scores on the morning after the last day of data: no fact separates it from the list's date)
       select customer_id, arg_max(risk_class, as_of) as risk_class, arg_max(profile, as_of) as profile
       from marts.customer_scores
       where company_id = coalesce($2, '*')
         and (as_of <= $1::date or $1::date >= (${LEDGER_LAST_DAY_SQL}))
       group by customer_id
     ),
     companies as (${
       query.companyId === undefined
         ? 'select null::varchar as customer_id where false'
         : `select distinct customer_id from core.documents where company_id = $2
            union select distinct customer_id from core.payments where company_id = $2`
     }),
     base as (
       select c.customer_id, c.name, c.country, c.currency, c.segment, c.agency, c.owner, c.credit_limit::varchar as credit_limit,
              coalesce(a.net_ar, 0) as net_ar, coalesce(a.not_due, 0) as not_due, coalesce(a.overdue, 0) as overdue,
              coalesce(a.days_over_90, 0) as days_over_90, s.risk_class, s.profile,
              k.customer_id is not null as has_company
       from core.customers c
       left join aging a using (customer_id)
       left join scores s using (customer_id)
       left join companies k using (customer_id)
     ),
     final as (
       select * exclude (has_company), count(*) over () as total from base
       ${where.length ? `where ${where.join(' and ')}` : ''}
     )
     select customer_id, name, country, currency, segment, agency, owner, credit_limit,
            net_ar::varchar as net_ar, not_due::varchar as not_due, overdue::varchar as overdue,
            days_over_90::varchar as days_over_90, risk_class, profile, total
     from final order by ${order}
     limit ${bind(query.limit ?? 50)} offset ${bind(query.offset ?? 0)}`,
    params,
  );
  const total = rows.length > 0 ? Number(rows[0]!.total) : await countMatches(db, query, rows.length);
  return { items: rows.map(({ total: _t, ...item }) => item), total };
}

async function readOnOwnConnection<T>(
  db: Warehouse,
  sql: string,
  params: (string | number | boolean | null)[],
): Promise<T[]> {
  return db.withConnection(async (c) => (await c.runAndReadAll(sql, params)).getRowObjectsJson() as T[]);
}

/** A page past the end has no row to carry the total: count again without the page. */
async function countMatches(db: Warehouse, query: CustomerListQuery, found: number): Promise<number> {
  if ((query.offset ?? 0) === 0) return found;
  const all = await listCustomers(db, { ...query, offset: 0, limit: 1 });
  return all.total;
}
