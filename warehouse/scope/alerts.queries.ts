import { PROMISE_GRACE_DAYS } from '../features/promises.queries.js';
import type { Warehouse } from '../db.js';
import { findMigrationDates } from './risk-migration.queries.js';

/**
 * What the overview's alert panel lists, read through the caller's scoped warehouse (ops tables included: the
 * shadow views keep the caller's customers only). Money is exact decimal text in the reporting currency.
 */
export type Alert =
  | {
      kind: 'class_downgrade';
      customer_id: string;
      name: string;
      /** The scoring date of the new class. */
      date: string;
      from_class: string;
      to_class: string;
      amount: string;
    }
  | {
      kind: 'broken_promise';
      customer_id: string;
      name: string;
      /** The promised date. */
      date: string;
      company_id: string;
      promise_id: number;
      /** The promised amount, and what was paid on what it covered by the promised date + grace. */
      amount: string;
      paid: string;
      /** 'broken' when someone closed it so; 'open' when it passed its date unpaid and nobody closed it yet. */
      status: 'broken' | 'open';
    }
  | {
      kind: 'credit_limit';
      customer_id: string;
      name: string;
      /** The as-of date of the exposure. */
      date: string;
      amount: string;
      limit: string;
    };

/** Broken promises whose date is older than this many days before the as-of date are no longer news. */
export const BROKEN_PROMISE_WINDOW_DAYS = 30;

const RANKED_CLASSES = "['A', 'B', 'C', 'D', 'E']";

export interface AlertQuery {
  asOf: string;
  /** Only customers with invoices in this company (and, for promises, the promises made in it). */
  companyId?: string;
  /** At most this many alerts of the kind. */
  limit: number;
}

/** SQL true for a customer with invoices in the company bound as `param` (true for every customer when it is null). */
function activeIn(column: string, param: string): string {
  return `(${param}::varchar is null or ${column} in (select customer_id from core.documents where company_id = ${param}))`;
}

/**
 * Customers whose group-level class got worse between the two latest scoring dates on or before `asOf`
 * (marts.customer_scores, company '*'), largest exposure first.
 */
export async function readClassDowngrades(db: Warehouse, q: AlertQuery): Promise<Alert[]> {
  const { from, to } = await findMigrationDates(db, { to: q.asOf });
  if (from === null || to === null || from === to) return [];
  const rows = await db.all<{
    customer_id: string;
    name: string | null;
    from_class: string;
    to_class: string;
    amount: string;
  }>(
    `select t.customer_id, c.name, f.risk_class as from_class, t.risk_class as to_class,
            coalesce(t.open_amount, 0)::varchar as amount
     from marts.customer_scores t
     join marts.customer_scores f on f.customer_id = t.customer_id and f.company_id = '*' and f.as_of = $1::date
     left join core.customers c on c.customer_id = t.customer_id
     where t.company_id = '*' and t.as_of = $2::date
       and list_position(${RANKED_CLASSES}, t.risk_class) > list_position(${RANKED_CLASSES}, f.risk_class)
       and ${activeIn('t.customer_id', '$4')}
     order by t.open_amount desc nulls last, t.customer_id
     limit $3`,
    [from, to, q.limit, q.companyId ?? null],
  );
  return rows.map((r) => ({
    kind: 'class_downgrade',
    customer_id: r.customer_id,
    name: r.name ?? r.customer_id,
    date: to,
    from_class: r.from_class,
    to_class: r.to_class,
    amount: r.amount,
  }));
}

/**
 * Promises to pay that were broken as of `asOf`: closed as broken by someone, or still open although their date plus
 * the grace days has passed and the payments allocated to what they cover (its invoices, or the customer's invoices
 * in the company when it names none) between the promise and that date fall short of the amount. Only promises
 * created on or before `asOf` and dated within the last BROKEN_PROMISE_WINDOW_DAYS days; latest first.
 */
export async function readBrokenPromises(db: Warehouse, q: AlertQuery): Promise<Alert[]> {
  const rows = await db.all<{
    id: number;
    company_id: string;
    customer_id: string;
    name: string | null;
    promised_date: string;
    amount: string;
    paid: string;
    status: 'broken' | 'open';
  }>(
    `with promises as (
       select id, company_id, customer_id, from_json(document_ids, '["VARCHAR"]') as documents, amount,
              promised_date, created_at::date as created_on, status
       from ops.promises
       where status in ('open', 'broken') and created_at::date <= $1::date
         and promised_date + ${PROMISE_GRACE_DAYS} < $1::date
         and promised_date >= $1::date - ${BROKEN_PROMISE_WINDOW_DAYS}
         and ($3::varchar is null or company_id = $3)
     ),
     paid as (
       select p.id, coalesce(sum(a.amount) filter (where a.source_type = 'payment' and a.date > p.created_on
                                                  and a.date <= p.promised_date + ${PROMISE_GRACE_DAYS}), 0) as paid
       from promises p
       left join core.documents d on d.company_id = p.company_id and d.customer_id = p.customer_id
         and (len(p.documents) = 0 or list_contains(p.documents, d.document_id))
       left join core.allocations a on a.company_id = d.company_id and a.document_id = d.document_id
       group by p.id
     )
     select p.id::integer as id, p.company_id, p.customer_id, c.name, p.promised_date::varchar as promised_date,
            p.amount::varchar as amount, x.paid::varchar as paid, p.status
     from promises p join paid x using (id)
     left join core.customers c on c.customer_id = p.customer_id
     where p.status = 'broken' or x.paid < p.amount * 0.99
     order by p.promised_date desc, p.id desc
     limit $2`,
    [q.asOf, q.limit, q.companyId ?? null],
  );
  return rows.map((r) => ({
    kind: 'broken_promise',
    customer_id: r.customer_id,
    name: r.name ?? r.customer_id,
    date: r.promised_date,
    company_id: r.company_id,
    promise_id: Number(r.id),
    amount: r.amount,
    paid: r.paid,
    status: r.status,
  }));
}

/**
 * Customers whose exposure (net receivable as of `asOf`, reporting currency) passes their credit limit: the one set
 * in the application (ops.customer_settings) or else the ledger's. Furthest over the limit first.
 */
export async function readCreditLimitsPassed(
  db: Warehouse,
  q: AlertQuery,
): Promise<Extract<Alert, { kind: 'credit_limit' }>[]> {
  const rows = await db.all<{
    customer_id: string;
    name: string | null;
    amount: string;
    credit_limit: string;
  }>(
    `with limits as (
       select c.customer_id, c.name, coalesce(s.credit_limit, c.credit_limit) as credit_limit
       from core.customers c left join ops.customer_settings s using (customer_id)
       where coalesce(s.credit_limit, c.credit_limit) is not null and ${activeIn('c.customer_id', '$3')}
     ),
     exposure as (
       select key as customer_id, net_ar from marts.aging_by($1::date, 'customer')
       where not is_total and key in (select customer_id from limits)
     )
     select l.customer_id, l.name, e.net_ar::varchar as amount, l.credit_limit::varchar as credit_limit
     from limits l join exposure e using (customer_id)
     where e.net_ar > l.credit_limit
     order by e.net_ar - l.credit_limit desc, l.customer_id
     limit $2`,
    [q.asOf, q.limit, q.companyId ?? null],
  );
  return rows.map((r) => ({
    kind: 'credit_limit',
    customer_id: r.customer_id,
    name: r.name ?? r.customer_id,
    date: q.asOf,
    amount: r.amount,
    limit: r.credit_limit,
  }));
}

/**
 * Changes whenever an ops row the alerts read changes (promises made or closed, credit limits set): with the data
 * generation (ledger, scores), what a cached list of alerts must be keyed by.
 */
export async function readAlertInputsMarker(db: Warehouse): Promise<string> {
  const [row] = await db.all<{ marker: string }>(
    `select concat_ws('/',
       (select count(*) || ':' || coalesce(max(id), 0) || ':' || count(*) filter (where status = 'open') || ':' ||
               count(*) filter (where status = 'broken') from ops.promises),
       (select count(*) || ':' || coalesce(max(updated_at)::varchar, '') from ops.customer_settings)) as marker`,
  );
  return row?.marker ?? '';
}
