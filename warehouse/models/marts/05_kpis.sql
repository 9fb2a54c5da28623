-- The receivables KPIs of DESIGN.md section 4 at each date of as_of_dates, for the group (company_id '*') and for
-- each company, consolidated into the reporting currency at the latest rate on or before each date — or, with
-- `ccy`, only the facts in that currency, unconverted. Every input is a lookup in marts.ar_daily at a few points:
-- d, d-30, d-90 and the last 24 month ends, so any number of dates costs one pass. docs/kpis.md ties each
-- figure back to the ledger. Money is DECIMAL (rounded to cents at the end); ratios are DOUBLE, null when their
-- denominator is zero.
create or replace macro marts.kpis(as_of_dates, company := null, ccy := null) as table
with dates as (
  select distinct unnest(as_of_dates)::date as as_of
),
points as (
  select as_of, 'd' as point, -1 as k, as_of as point_date from dates
  union all select as_of, 'd30', -1, as_of - 30 from dates
  union all select as_of, 'd90', -1, as_of - 90 from dates
  union all select as_of, 'month_end', k::integer, (date_trunc('month', as_of) - to_months(k::integer) - interval 1 day)::date
            from dates, range(0, 24) r(k)
),
series as (
  select * from marts.ar_daily
  where (company is null or company_id = company) and (ccy is null or currency = ccy)
),
grid as (
  select p.*, s.company_id, s.currency, s.measure
  from points p, (select distinct company_id, currency, measure from series) s
  where p.point <> 'month_end' or s.measure = 'sales'
),
looked_up as (
  select g.*, coalesce(s.balance, 0) as balance
  from grid g
  asof left join series s
    on s.company_id = g.company_id and s.currency = g.currency and s.measure = g.measure and s.date <= g.point_date
),
converted as (
  select l.*,
         l.balance * coalesce(case when ccy is not null then 1::decimal(18, 8) else f.rate end,
                              case when l.balance = 0 then 0::decimal(18, 8)
                                   else error('no exchange rate for ' || l.currency || ' on or before ' || l.as_of) end)
           as amount
  from looked_up l
  left join marts.fx_rates_at(as_of_dates, company) f on f.as_of = l.as_of and f.currency = l.currency
),
scoped as (
  select as_of, case when grouping(company_id) = 1 then '*' else company_id end as company_id,
         point, k, measure, sum(amount) as amount
  from converted
  group by grouping sets ((as_of, point, k, measure), (as_of, company_id, point, k, measure))
),
scopes as (
  select as_of, '*' as company_id from dates
  union select distinct as_of, company_id from scoped
),
inputs as (
  select s.as_of, s.company_id,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'ar'), 0) as net_ar,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'unapplied'), 0) as unapplied,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'due_1'), 0) as due_1,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'due_31'), 0) as due_31,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'due_61'), 0) as due_61,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'due_91'), 0) as due_91,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'sales'), 0)
           - coalesce(sum(x.amount) filter (where x.point = 'd90' and x.measure = 'sales'), 0) as sales_90,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'sales'), 0)
           - coalesce(sum(x.amount) filter (where x.point = 'd30' and x.measure = 'sales'), 0) as sales_30,
         coalesce(sum(x.amount) filter (where x.point = 'd30' and x.measure = 'ar'), 0) as net_ar_30,
         coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'cr_base'), 0) as cr_base,
         -(coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'cash_due'), 0)
           - coalesce(sum(x.amount) filter (where x.point = 'd' and x.measure = 'cash_old'), 0)) as cash_collected
  from scopes s
  left join scoped x using (as_of, company_id)
  group by all
),
aged as (
  select *, net_ar - unapplied - due_1 as not_due, due_1 - due_31 as days_1_30, due_31 - due_61 as days_31_60,
         due_61 - due_91 as days_61_90, due_91 as days_over_90
  from inputs
),
bounds as (
  select s.as_of, s.company_id, p.k, p.point_date, coalesce(x.amount, 0) as sales_to_date
  from scopes s
  join points p on p.as_of = s.as_of and p.point in ('d', 'month_end')
  left join scoped x
    on x.as_of = s.as_of and x.company_id = s.company_id and x.point = p.point and x.k = p.k and x.measure = 'sales'
),
periods as (
  select as_of, company_id, k,
         lag(point_date) over w - point_date as days,
         lag(sales_to_date) over w - sales_to_date as sales
  from bounds
  window w as (partition by as_of, company_id order by k)
  qualify k >= 0
),
steps as (
  select p.*, a.net_ar,
         sum(p.sales) over w as cum_sales,
         sum(p.days) over w as cum_days
  from periods p join aged a using (as_of, company_id)
  window w as (partition by as_of, company_id order by k rows between unbounded preceding and current row)
),
countback as (
  select as_of, company_id,
         case when any_value(net_ar) <= 0
              then any_value(net_ar)::double / nullif(any_value(sales) filter (where k = 0), 0)::double
                   * any_value(days) filter (where k = 0)
              else coalesce(
                arg_min((cum_days - days) + (net_ar - (cum_sales - sales))::double / sales::double * days, k)
                  filter (where cum_sales >= net_ar),
                sum(days)) end as dso_countback
  from steps
  group by as_of, company_id
),
ratios as (
  select a.*, c.dso_countback,
         a.net_ar::double / nullif(a.sales_90, 0)::double * 90 as dso_simple,
         a.not_due::double / nullif(a.sales_90, 0)::double * 90 as bpdso,
         (a.net_ar_30 + a.sales_30 - a.net_ar)::double
           / nullif(a.net_ar_30 + a.sales_30 - a.not_due, 0)::double * 100 as cei,
         a.cash_collected::double / nullif(a.cr_base, 0)::double * 100 as collection_rate
  from aged a join countback c using (as_of, company_id)
),
final as (
  select as_of, company_id, coalesce(ccy, main.reporting_currency()) as currency,
         marts.round_cents(not_due) as not_due,
         marts.round_cents(days_1_30) as days_1_30,
         marts.round_cents(days_31_60) as days_31_60,
         marts.round_cents(days_61_90) as days_61_90,
         marts.round_cents(days_over_90) as days_over_90,
         marts.round_cents(unapplied) as unapplied,
         marts.round_cents(net_ar) as net_ar,
         round(dso_simple, 4) as dso_simple,
         round(dso_countback, 4) as dso_countback,
         round(bpdso, 4) as bpdso,
         round(dso_simple - bpdso, 4) as add,
         round(cei, 4) as cei,
         round(collection_rate, 4) as collection_rate
  from ratios
)
select * from final order by as_of, company_id;
