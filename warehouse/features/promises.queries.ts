import type { Session } from './session.js';
import { sqlDate } from './session.js';

export interface ActivePromise {
  company_id: string | null;
  document_id: string;
  promised_date: string;
  /** Learnt share of this customer's past promises that were kept (shrunk towards everyone's share). */
  reliability: number;
}

/** Days after the promised date within which a payment still counts as keeping the promise. */
export const PROMISE_GRACE_DAYS = 3;

const REQUIRED = ['customer_id', 'document_id', 'promised_date', 'created_at'];

/**
 * Promises to pay that are active at the end of asOf (made on or before it, promised date not more than the grace
 * before it, document still open), with their learnt reliability. Reads ops.promises when the operational store has
 * it (columns customer_id, document_id, promised_date, created_at, optional company_id); none otherwise.
 * A past promise is kept when its document was settled by promised_date + grace; reliability per customer =
 * (kept + 2 * overall share) / (promises + 2).
 */
export async function readActivePromises(session: Session, asOf: string): Promise<ActivePromise[]> {
  const columns = await session.all<{ column_name: string }>(`select column_name from information_schema.columns
    where table_schema = 'ops' and table_name = 'promises'`);
  const names = new Set(columns.map((c) => c.column_name));
  if (!REQUIRED.every((c) => names.has(c))) return [];
  const d = sqlDate(asOf);
  const company = names.has('company_id') ? 'p.company_id' : 'null::varchar';
  return session.all<ActivePromise>(`
    with promises as (
      select ${company} as company_id, p.customer_id, p.document_id, p.promised_date::date as promised_date,
             p.created_at::date as created_on
      from ops.promises p where p.document_id is not null and p.created_at::date <= ${d}
    ),
    outcomes as (
      select p.*, (i.settled_date is not null and i.settled_date <= p.promised_date + ${PROMISE_GRACE_DAYS}) as kept
      from promises p left join f_invoices i
        on i.document_id = p.document_id and (p.company_id is null or i.company_id = p.company_id)
      where p.promised_date + ${PROMISE_GRACE_DAYS} < ${d}
    ),
    overall as (select coalesce(avg(kept::integer), 0.5) as share from outcomes),
    per_customer as (
      select customer_id, count(*) as n, sum(kept::integer) as kept from outcomes group by all
    ),
    active as (
      select p.* from promises p
      join f_points o on o.document_id = p.document_id and (p.company_id is null or o.company_id = p.company_id)
      where p.promised_date + ${PROMISE_GRACE_DAYS} >= ${d}
      qualify row_number() over (partition by p.document_id, p.company_id order by p.created_on desc, p.promised_date desc) = 1
    )
    select a.company_id, a.document_id, a.promised_date::varchar as promised_date,
           ((coalesce(c.kept, 0) + 2 * o.share) / (coalesce(c.n, 0) + 2))::double as reliability
    from active a cross join overall o left join per_customer c using (customer_id)`);
}
