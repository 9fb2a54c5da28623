-- The rate converting each currency of the ledger into the reporting currency at each as-of date: the latest
-- rate dated on or before it (the reporting currency itself is 1). Only currencies with facts on or before the
-- date are listed; rate is null when none is known (callers turn that into an error naming currency and date).
create or replace macro marts.fx_rates_at(as_of_dates, company := null) as table
with dates as (
  select distinct unnest(as_of_dates)::date as as_of
),
seen as (
  select currency, min(date) as first_date
  from marts.ar_daily
  where measure = 'ar' and (company is null or company_id = company)
  group by currency
),
needed as (
  select d.as_of, s.currency from dates d join seen s on s.first_date <= d.as_of
),
final as (
  select n.as_of, n.currency,
         case when n.currency = main.reporting_currency() then 1::decimal(18, 8) else r.rate end as rate,
         case when n.currency = main.reporting_currency() then n.as_of else r.date end as rate_date
  from needed n
  asof left join core.fx_rates r on r.currency = n.currency and r.date <= n.as_of
)
select * from final;
