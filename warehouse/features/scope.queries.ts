import type { Session } from './session.js';
import { sqlString } from './session.js';

export interface FeatureScope {
  /** Restrict every fact (documents, allocations, history) to one company; undefined = the whole group. */
  companyId?: string;
}

/**
 * Materialises the facts of the scope as temp tables: f_invoices (marts.features_invoices), f_allocations (allocations
 * to those invoices, with the invoice's customer, due date and rate) and f_customers (credit limit in the reporting
 * currency). Everything later reads these, so a company filter applies to features, labels and baselines alike.
 */
export async function createScope(session: Session, scope: FeatureScope = {}): Promise<void> {
  const where = scope.companyId === undefined ? '' : `where company_id = ${sqlString(scope.companyId)}`;
  await session.run(
    `create or replace temp table f_invoices as select * from marts.features_invoices ${where}`,
  );
  await session.run(`
    create or replace temp table f_allocations as
    select a.company_id, a.document_id, a.source_type, a.date, a.amount::double as amount,
           i.customer_id, i.due_date, i.issue_date, i.rate
    from core.allocations a join f_invoices i using (company_id, document_id)`);
  await session.run(`
    create or replace temp table f_customers as
    with latest_rates as (
      select currency, arg_max(rate::double, date) as rate from core.fx_rates group by all
    )
    select c.customer_id, coalesce(c.segment, 'unknown') as segment, coalesce(c.country, 'unknown') as country,
           coalesce(c.payment_terms, 'default') as payment_terms,
           c.credit_limit::double * case when coalesce(c.currency, main.reporting_currency()) = main.reporting_currency()
                                         then 1.0 else coalesce(r.rate, 1.0) end as credit_limit_rc
    from core.customers c left join latest_rates r on r.currency = c.currency`);
}

/** The last date with ledger facts in the scope (issue or allocation), or null on an empty ledger. */
export async function findLastFactDate(session: Session): Promise<string | null> {
  const [row] = await session.all<{ d: string | null }>(`
    select greatest((select max(issue_date) from f_invoices), (select max(date) from f_allocations))::varchar as d`);
  return row?.d ?? null;
}
