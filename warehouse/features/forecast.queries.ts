import type { Session } from './session.js';
import { sqlDate } from './session.js';

export interface WeeklySeries {
  actual: number[];
  dueDate: number[];
  avgDelay: number[];
}

/**
 * For the invoices of f_points (open at cutoff c, from createOpenPoints), in the reporting currency at each invoice's
 * rate: actual = payment allocations to them in week k = (c+7(k-1), c+7k]; due_date = open amount in the week of
 * max(due date, c+1); avg_delay = open amount in the week of max(due date + the customer's mean days late over
 * invoices settled on or before c (rounded; 0 without history), c+1). Amounts placed after the horizon count nowhere.
 */
export async function computeBaselineSeries(
  session: Session,
  cutoff: string,
  weeks: number,
): Promise<WeeklySeries> {
  const c = sqlDate(cutoff);
  const rows = await session.all<{ kind: string; week: number; amount: number }>(`
    with delays as (
      select customer_id, round(avg(days_late))::integer as delay
      from f_invoices where settled_date <= ${c} group by all
    ),
    placed as (
      select p.open_amount * p.rate as amount,
             ceil((greatest(p.due_date, ${c} + 1) - ${c}) / 7)::integer as due_week,
             ceil((greatest(p.due_date + coalesce(d.delay, 0), ${c} + 1) - ${c}) / 7)::integer as avg_week
      from f_points p left join delays d using (customer_id)
    ),
    actual as (
      select ceil((a.date - ${c}) / 7)::integer as week, a.amount * a.rate as amount
      from f_allocations a join f_points p using (company_id, document_id)
      where a.source_type = 'payment' and a.date > ${c} and a.date <= ${c} + ${7 * weeks}
    )
    select 'actual' as kind, week, sum(amount)::double as amount from actual group by all
    union all select 'due_date', due_week, sum(amount)::double from placed where due_week <= ${weeks} group by all
    union all select 'avg_delay', avg_week, sum(amount)::double from placed where avg_week <= ${weeks} group by all`);
  const series: WeeklySeries = { actual: zeros(weeks), dueDate: zeros(weeks), avgDelay: zeros(weeks) };
  const target = { actual: series.actual, due_date: series.dueDate, avg_delay: series.avgDelay } as Record<
    string,
    number[]
  >;
  for (const row of rows) target[row.kind]![Number(row.week) - 1] = Number(row.amount);
  return series;
}

function zeros(n: number): number[] {
  return Array<number>(n).fill(0);
}

/**
 * For each point of f_points (in point order): the week of the average-delay placement max(due + the customer's
 * rounded mean days late over invoices settled on or before asOf, asOf + 1), and the rate of its currency at asOf.
 */
export async function readPlacementWeeks(
  session: Session,
  asOf: string,
): Promise<{ avgDelayWeek: number[]; rateNow: number[] }> {
  const d = sqlDate(asOf);
  const cols = await session.columns(`
    with delays as (
      select customer_id, round(avg(days_late))::integer as delay from f_invoices where settled_date <= ${d} group by all
    ),
    rates as (select currency, arg_max(rate::double, date) as rate from core.fx_rates where date <= ${d} group by all)
    select ceil((greatest(p.due_date + coalesce(dl.delay, 0), ${d} + 1) - ${d}) / 7)::double as week,
           case when p.currency = main.reporting_currency() then 1.0 else coalesce(r.rate, p.rate) end as rate_now
    from f_points p left join delays dl using (customer_id) left join rates r on r.currency = p.currency
    order by p.point_id`);
  return { avgDelayWeek: cols.week!.map(Number), rateNow: cols.rate_now!.map(Number) };
}
