import type { Session } from './session.js';
import { sqlDate, sqlString } from './session.js';

export interface CustomerAmounts {
  customer_id: string;
  company_id: string;
  open_amount: string;
  overdue_amount: string;
  max_days_past_due: number | null;
  usual_overdue: number;
}

/**
 * Per customer and company, and per customer for the group (company_id '*'): open and overdue amounts at the end of asOf (exact decimals, reporting currency at the
 * latest rate on or before asOf; overdue = days past due > 0 as in the aged balance), the oldest days past due, and
 * the usual overdue amount (mean of the overdue exposure at the 12 month-ends before, from f_exposure).
 * Customers listed: open items at asOf, or an invoice issued in the 365 days before.
 */
export async function readCustomerAmounts(
  session: Session,
  asOf: string,
  companyId?: string,
): Promise<CustomerAmounts[]> {
  const d = sqlDate(asOf);
  const company = companyId === undefined ? 'true' : `d.company_id = ${sqlString(companyId)}`;
  return session.all<CustomerAmounts>(`
    with rates as (
      select currency, arg_max(rate, date) as rate from core.fx_rates where date <= ${d} group by all
    ),
    allocated as (
      select company_id, document_id, sum(amount) as allocated from core.allocations where date <= ${d} group by all
    ),
    open_items as (
      select d.company_id, d.customer_id, d.due_date, d.issue_date,
             ((d.amount - coalesce(a.allocated, 0)) *
               case when d.currency = main.reporting_currency() then 1 else coalesce(r.rate, 1) end)::decimal(18,2) as open_rc
      from core.documents d
      left join allocated a using (company_id, document_id)
      left join rates r on r.currency = d.currency
      where d.type = 'invoice' and d.issue_date <= ${d} and ${company}
    ),
    per_customer as (
      select customer_id, coalesce(company_id, '*') as company_id,
             sum(open_rc) filter (where open_rc > 0) as open_amount,
             sum(open_rc) filter (where open_rc > 0 and ${d} - due_date > 0) as overdue_amount,
             max(${d} - due_date) filter (where open_rc > 0 and ${d} - due_date > 0) as max_days_past_due,
             max(issue_date) as last_issue
      from open_items group by grouping sets ((customer_id, company_id), (customer_id))
    ),
    listed as (
      select * from per_customer where coalesce(open_amount, 0) > 0 or last_issue > ${d} - 365
    ),
    month_ends as (
      select distinct l.customer_id, ${d} + 1 - (30 * k)::integer as t from listed l, range(1, 13) m(k)
    ),
    usual as (
      select m.customer_id, avg(coalesce(e.e_overdue, 0)) as usual_overdue
      from month_ends m asof left join f_exposure e on e.customer_id = m.customer_id and m.t > e.e_date
      group by all
    )
    select l.customer_id, l.company_id, coalesce(l.open_amount, 0)::varchar as open_amount,
           coalesce(l.overdue_amount, 0)::varchar as overdue_amount, l.max_days_past_due::integer as max_days_past_due,
           coalesce(u.usual_overdue, 0)::double as usual_overdue
    from listed l left join usual u using (customer_id)
    order by l.customer_id, l.company_id`);
}

export interface RiskOverride {
  customer_id: string;
  risk_class: string;
  reason: string;
}

/** Manual classes in force at asOf: the latest ops.risk_overrides row effective on or before it, unless cleared. */
export async function readRiskOverrides(session: Session, asOf: string): Promise<RiskOverride[]> {
  return session.all<RiskOverride>(`
    select customer_id, risk_class, reason from ops.risk_overrides
    where effective_date <= ${sqlDate(asOf)}
    qualify row_number() over (partition by customer_id order by effective_date desc, set_at desc) = 1
      and risk_class is not null`);
}

export async function insertRiskOverride(
  session: Session,
  row: {
    customerId: string;
    riskClass: string | null;
    reason: string;
    effectiveDate: string;
    setBy: string | null;
  },
): Promise<void> {
  await session.run(`insert into ops.risk_overrides values (${sqlString(row.customerId)},
    ${row.riskClass === null ? 'null' : sqlString(row.riskClass)}, ${sqlString(row.reason)}, ${sqlDate(row.effectiveDate)},
    ${row.setBy === null ? 'null' : sqlString(row.setBy)}, now())`);
}
