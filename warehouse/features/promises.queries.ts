import type { Session } from './session.js';
import { sqlDate } from './session.js';

export interface PromiseOverride {
  company_id: string;
  document_id: string;
  promised_date: string;
  /** Learnt reliability of the customer's promises x the share of the covered open amount the promise covers. */
  weight: number;
}

/** Days after the promised date within which a payment still counts as keeping the promise. */
export const PROMISE_GRACE_DAYS = 3;

/**
 * Promises to pay (ops.promises) active at the end of asOf, per open invoice of f_points they cover (document_ids, or
 * the customer's whole open balance in the company when empty), with their weight in the forecast.
 * Point in time: only promises created on or before asOf; cancelled ones never count (their status is current state,
 * so kept/broken are recomputed from the ledger instead). A past promise (promised date + grace before asOf) was kept
 * when payments allocated to what it covered between its creation and promised date + grace reached its amount.
 * Reliability per customer = (kept + 2 x everyone's kept share) / (promises + 2); 0.5 for everyone's share when
 * no promise has come due yet.
 */
export async function readPromiseOverrides(session: Session, asOf: string): Promise<PromiseOverride[]> {
  const [exists] = await session.all<{ n: string }>(`select count(*) as n from information_schema.tables
    where table_schema = 'ops' and table_name = 'promises'`);
  if (Number(exists?.n ?? 0) === 0) return [];
  const d = sqlDate(asOf);
  return session.all<PromiseOverride>(`
    with promises as (
      select id, company_id, customer_id, from_json(document_ids, '["VARCHAR"]') as documents, amount::double as amount,
             promised_date, created_at::date as created_on
      from ops.promises where status <> 'cancelled' and created_at::date <= ${d}
    ),
    covered as (
      select p.id, i.company_id, i.document_id
      from promises p join f_invoices i on i.company_id = p.company_id and i.customer_id = p.customer_id
      where len(p.documents) = 0 or list_contains(p.documents, i.document_id)
    ),
    past as (
      select p.id, p.customer_id, p.amount,
             coalesce(sum(a.amount) filter (where a.source_type = 'payment' and a.date > p.created_on
                                            and a.date <= p.promised_date + ${PROMISE_GRACE_DAYS}), 0) as paid
      from promises p left join covered c using (id)
      left join f_allocations a on a.company_id = c.company_id and a.document_id = c.document_id
      where p.promised_date + ${PROMISE_GRACE_DAYS} < ${d}
      group by all
    ),
    overall as (select coalesce(avg((paid >= amount * 0.99)::integer), 0.5) as share from past),
    per_customer as (
      select customer_id, count(*) as n, sum((paid >= amount * 0.99)::integer) as kept from past group by all
    ),
    active as (
      select p.*, o.company_id as open_company, o.document_id as open_document, o.open_amount,
             sum(o.open_amount) over (partition by p.id) as covered_open
      from promises p join covered c using (id)
      join f_points o on o.company_id = c.company_id and o.document_id = c.document_id
      where p.promised_date + ${PROMISE_GRACE_DAYS} >= ${d}
    ),
    weighted as (
      select a.open_company as company_id, a.open_document as document_id, a.promised_date, a.created_on,
             ((coalesce(c.kept, 0) + 2 * o.share) / (coalesce(c.n, 0) + 2)) * least(1, a.amount / a.covered_open) as weight
      from active a cross join overall o left join per_customer c using (customer_id)
    )
    select company_id, document_id, promised_date::varchar as promised_date, weight::double as weight
    from weighted
    qualify row_number() over (partition by company_id, document_id order by created_on desc, promised_date desc) = 1
    order by company_id, document_id`);
}
