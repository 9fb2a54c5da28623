// What the dunning plan reads from the warehouse (workflows/dunning/plan.ts does the rest without I/O). Each query
// is set-based — one statement for all customers, whatever their number — and reads the ledger as of a date: open
// amount = amount − allocations effective on or before it (as marts.open_items computes it). The ops tables the plan needs
// (disputes, promises, settings, the dunning log) are read here in SQL too, joined to the open invoices, so that a
// scoped warehouse (warehouse/scope/) limits them to the customers its caller may see.
import type { Warehouse } from '../db.js';

export interface PlanFilter {
  asOf: string;
  companyId?: string;
  customerId?: string;
}

/** One open invoice at asOf (type 'invoice', open amount > 0). */
export interface OpenInvoiceRow {
  company_id: string;
  customer_id: string;
  document_id: string;
  reference: string | null;
  issue_date: string;
  due_date: string;
  currency: string;
  amount: string;
  open_amount: string;
  /** The open amount in the reporting currency; null when no exchange rate is known on or before asOf. */
  open_amount_reporting: string | null;
  /** The ledger's disputed flag, or an open dispute in ops.disputes. */
  disputed: boolean;
}

/** One (company, customer) with open invoices at asOf (or the one asked for), with what assigns its scenario. */
export interface DunningCustomerRow {
  company_id: string;
  customer_id: string;
  name: string;
  email: string | null;
  country: string | null;
  segment: string | null;
  /** The `language` attribute of the customer import, if any. */
  language: string | null;
  /** From the latest marts.customer_scores row on or before asOf (the company's, else the group's); null: never scored. */
  profile: string | null;
  risk_class: string | null;
  /** The class was set by hand (ops.risk_overrides in force at asOf, or the score row says so). */
  risk_overridden: boolean;
  risk_override_reason: string | null;
  p_late_30: number | null;
  /** ops.customer_settings. */
  paused_until: string | null;
  scenario_id: string | null;
  scenario_reason: string | null;
  /** The plan date of the customer's latest message in this company (dunning log, not failed), on or before asOf. */
  last_message: string | null;
}

/** An open promise to pay; document_ids [] covers all the customer's invoices of the company. */
export interface PromiseRow {
  company_id: string;
  customer_id: string;
  document_ids: string[];
  promised_date: string;
}

/** A step an open invoice already had (dunning log not failed, plan date on or before asOf). */
export interface HistoryRow {
  company_id: string;
  customer_id: string;
  document_id: string;
  step: string;
}

export interface PlanInputRows {
  invoices: OpenInvoiceRow[];
  customers: DunningCustomerRow[];
  promises: PromiseRow[];
  history: HistoryRow[];
}

/**
 * Reads every input of the plan in five statements, on a connection of its own (the open invoices go to a temp table
 * the other statements join; a scoped warehouse's connection stays in its scope).
 */
export function readPlanInputs(db: Warehouse, filter: PlanFilter): Promise<PlanInputRows> {
  const params = [filter.asOf, filter.companyId ?? null, filter.customerId ?? null];
  return db.withConnection(async (connection) => {
    const all = async <T>(sql: string, values: (string | null)[] = []) =>
      (await connection.runAndReadAll(sql, values)).getRowObjectsJson() as unknown as T[];
    await connection.run(`create or replace temp table dunning_open_invoices as ${OPEN_INVOICES}`, params);
    try {
      return {
        invoices: await all<OpenInvoiceRow>(
          `select * from temp.main.dunning_open_invoices order by company_id, customer_id, due_date, document_id`,
        ),
        customers: await all<DunningCustomerRow>(CUSTOMERS, params),
        promises: await all<PromiseRow>(PROMISES),
        history: await all<HistoryRow>(HISTORY, [filter.asOf]),
      };
    } finally {
      await connection.run('drop table if exists temp.main.dunning_open_invoices');
    }
  });
}

// $1 as-of date, $2 company or null, $3 customer or null
const OPEN_INVOICES = `
with open_items as (
  -- marts.open_items($1) for invoices, with the company and customer filters applied before the aggregation (an
  -- invoice's movements all carry its customer), so that one customer's plan reads only its own rows
  select company_id, item_id as document_id, any_value(customer_id) as customer_id, any_value(currency) as currency,
         sum(amount) as open_amount
  from marts.ar_movements
  where item_type = 'invoice' and effective_date <= $1::date and (closed_date is null or closed_date > $1::date)
    and ($2::varchar is null or company_id = $2) and ($3::varchar is null or customer_id = $3)
  group by company_id, item_id
  having sum(amount) > 0
),
disputes as (
  select distinct company_id, document_id from ops.disputes where status = 'open'
),
rates as (
  select currency, rate from marts.fx_rates_at([$1::date])
),
final as (
  select o.company_id, o.customer_id, o.document_id, d.reference, d.issue_date::varchar as issue_date,
         d.due_date::varchar as due_date, o.currency, d.amount::varchar as amount, o.open_amount::varchar as open_amount,
         (o.open_amount * r.rate)::decimal(18,2)::varchar as open_amount_reporting,
         coalesce(d.disputed, false) or x.document_id is not null as disputed
  from open_items o
  join core.documents d on d.company_id = o.company_id and d.document_id = o.document_id and d.type = 'invoice'
  left join rates r on r.currency = o.currency
  left join disputes x on x.company_id = o.company_id and x.document_id = o.document_id
)
select * from final`;

const CUSTOMERS = `
with pairs as (
  select distinct company_id, customer_id from temp.main.dunning_open_invoices
  union
  select $2::varchar, $3::varchar where $2::varchar is not null and $3::varchar is not null
),
scores as (
  select company_id, customer_id, arg_max(profile, as_of) as profile, arg_max(risk_class, as_of) as risk_class,
         arg_max(overridden, as_of) as overridden, arg_max(p_late_30, as_of) as p_late_30
  from marts.customer_scores s
  where as_of <= $1::date and ($3::varchar is null or customer_id = $3)
    and (company_id = '*' or company_id in (select company_id from pairs))
  group by company_id, customer_id
),
overrides as (
  select customer_id, risk_class, reason from ops.risk_overrides
  where effective_date <= $1::date
  qualify row_number() over (partition by customer_id order by effective_date desc, set_at desc) = 1
),
last_messages as (
  select company_id, customer_id, max(coalesce(as_of, created_at::date))::varchar as last_message
  from ops.dunning_log
  where status <> 'failed' and coalesce(as_of, created_at::date) <= $1::date
  group by company_id, customer_id
),
final as (
  select p.company_id, p.customer_id, coalesce(c.name, p.customer_id) as name, c.email, upper(trim(c.country)) as country,
         c.segment, lower(trim(c.attributes ->> 'language')) as language,
         coalesce(sc.profile, sg.profile) as profile,
         coalesce(o.risk_class, sc.risk_class, sg.risk_class) as risk_class,
         o.risk_class is not null or coalesce(sc.overridden, sg.overridden, false) as risk_overridden,
         o.reason as risk_override_reason,
         coalesce(sc.p_late_30, sg.p_late_30) as p_late_30,
         st.reminders_paused_until::varchar as paused_until, st.scenario_id, st.scenario_reason, m.last_message
  from pairs p
  left join core.customers c on c.customer_id = p.customer_id
  left join scores sc on sc.company_id = p.company_id and sc.customer_id = p.customer_id
  left join scores sg on sg.company_id = '*' and sg.customer_id = p.customer_id
  left join overrides o on o.customer_id = p.customer_id and o.risk_class is not null
  left join ops.customer_settings st on st.customer_id = p.customer_id
  left join last_messages m on m.company_id = p.company_id and m.customer_id = p.customer_id
)
select * from final order by company_id, customer_id`;

const PROMISES = `
select p.company_id, p.customer_id, coalesce(from_json(p.document_ids, '["VARCHAR"]'), []) as document_ids,
       p.promised_date::varchar as promised_date
from ops.promises p
where p.status = 'open'
  and exists (select 1 from temp.main.dunning_open_invoices i where i.company_id = p.company_id and i.customer_id = p.customer_id)
order by p.company_id, p.customer_id, p.promised_date`;

const HISTORY = `
select distinct d.company_id, d.customer_id, d.document_id, d.step
from ops.dunning_log_documents d
join ops.dunning_log l on l.idempotency_key = d.idempotency_key
semi join temp.main.dunning_open_invoices i on i.company_id = d.company_id and i.document_id = d.document_id
where l.status <> 'failed' and coalesce(l.as_of, l.created_at::date) <= $1::date`;
