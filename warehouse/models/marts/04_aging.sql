-- Aged balance by due date as of a date, per company, customer and currency, in the facts' own currency.
-- dpd = as_of - due_date: not_due (dpd <= 0), 1-30, 31-60, 61-90, over 90; unapplied credit in its own column.
-- Items closed on or before as_of are skipped: their movements sum to zero (marts.ar_movements stores them first).
create or replace macro marts.aging(as_of) as table
with movements as (
  select * from marts.ar_movements
  where effective_date <= as_of::date and (closed_date is null or closed_date > as_of::date)
),
final as (
  select company_id, customer_id, currency,
         coalesce(sum(amount) filter (where due_date >= as_of::date), 0) as not_due,
         coalesce(sum(amount) filter (where due_date between as_of::date - 30 and as_of::date - 1), 0) as days_1_30,
         coalesce(sum(amount) filter (where due_date between as_of::date - 60 and as_of::date - 31), 0) as days_31_60,
         coalesce(sum(amount) filter (where due_date between as_of::date - 90 and as_of::date - 61), 0) as days_61_90,
         coalesce(sum(amount) filter (where due_date <= as_of::date - 91), 0) as days_over_90,
         coalesce(sum(amount) filter (where due_date is null), 0) as unapplied,
         sum(amount) as net_ar
  from movements
  group by all
)
select * from final;

-- The same, by customer or by company, converted into the reporting currency (or only the facts in currency
-- `ccy`, unconverted), plus a totals row (is_total, key null) summed before rounding. Keys whose every column is
-- zero are left out. Each movement is put in its column once and summed per key, currency and column, so a rate
-- multiplies a few totals rather than every movement.
create or replace macro marts.aging_by(as_of, by_key, company := null, ccy := null) as table
with native as (
  select case when by_key = 'company' then company_id else customer_id end as key, currency,
         -- 0 not_due, 1 days_1_30, 2 days_31_60, 3 days_61_90, 4 days_over_90, 5 unapplied
         case when due_date is null then 5
              when due_date >= as_of::date then 0
              when due_date >= as_of::date - 30 then 1
              when due_date >= as_of::date - 60 then 2
              when due_date >= as_of::date - 90 then 3
              else 4 end as bucket,
         sum(amount) as amount
  from marts.ar_movements
  where effective_date <= as_of::date and (closed_date is null or closed_date > as_of::date)
    and (company is null or company_id = company) and (ccy is null or currency = ccy)
  group by all
),
converted as (
  select n.key, n.bucket,
         n.amount * coalesce(case when ccy is not null then 1::decimal(18, 8) else r.rate end,
                             error('no exchange rate for ' || n.currency || ' on or before ' || as_of)) as amount
  from native n
  left join marts.fx_rates_at([as_of::date], company) r using (currency)
),
per_key as materialized (
  select key,
         coalesce(sum(amount) filter (where bucket = 0), 0) as not_due,
         coalesce(sum(amount) filter (where bucket = 1), 0) as days_1_30,
         coalesce(sum(amount) filter (where bucket = 2), 0) as days_31_60,
         coalesce(sum(amount) filter (where bucket = 3), 0) as days_61_90,
         coalesce(sum(amount) filter (where bucket = 4), 0) as days_over_90,
         coalesce(sum(amount) filter (where bucket = 5), 0) as unapplied,
         sum(amount) as net_ar
  from converted
  group by key
),
grouped as (
  select *, false as is_total from per_key
  union all
  select null, coalesce(sum(not_due), 0), coalesce(sum(days_1_30), 0), coalesce(sum(days_31_60), 0),
         coalesce(sum(days_61_90), 0), coalesce(sum(days_over_90), 0), coalesce(sum(unapplied), 0),
         coalesce(sum(net_ar), 0), true
  from per_key
),
final as (
  select g.key, g.is_total, coalesce(ccy, main.reporting_currency()) as currency,
         marts.round_cents(g.not_due) as not_due,
         marts.round_cents(g.days_1_30) as days_1_30,
         marts.round_cents(g.days_31_60) as days_31_60,
         marts.round_cents(g.days_61_90) as days_61_90,
         marts.round_cents(g.days_over_90) as days_over_90,
         marts.round_cents(g.unapplied) as unapplied,
         marts.round_cents(g.net_ar) as net_ar
  from grouped g
  where g.is_total
     or g.not_due <> 0 or g.days_1_30 <> 0 or g.days_31_60 <> 0 or g.days_61_90 <> 0
     or g.days_over_90 <> 0 or g.unapplied <> 0
)
select * from final;
