-- The open items as of a date: each invoice with its open amount (amount - allocations counted by then) and each
-- payment or credit note with its unapplied part (negative), with dpd and aging bucket. Zero balances are left out.
-- Summed per bucket, these are exactly marts.aging(as_of).
create or replace macro marts.open_items(as_of) as table
with movements as (
  select * from marts.ar_movements
  where effective_date <= as_of::date and (closed_date is null or closed_date > as_of::date)
),
items as (
  select company_id, item_type, item_id, any_value(customer_id) as customer_id, any_value(currency) as currency,
         any_value(item_date) as item_date, any_value(due_date) as due_date, sum(amount) as open_amount
  from movements
  group by company_id, item_type, item_id
  having sum(amount) <> 0
),
final as (
  select *, as_of::date - due_date as dpd,
         case when due_date is null then 'unapplied'
              when as_of::date - due_date <= 0 then 'not_due'
              when as_of::date - due_date <= 30 then 'days_1_30'
              when as_of::date - due_date <= 60 then 'days_31_60'
              when as_of::date - due_date <= 90 then 'days_61_90'
              else 'days_over_90' end as bucket
  from items
)
select * from final;
