-- Current version of each canonical payments row (the latest load wins; the raw layer keeps every version).
create or replace view staging.canonical_payments as
with ranked as (
  select *, row_number() over (partition by company_id, payment_id order by load_id desc, source_line desc) as version_rank
  from raw.canonical_payments
),
final as (
  select company_id, payment_id, customer_id, date, amount, currency, method, attributes, 'canonical' as source, load_id, source_file, source_line
  from ranked
  where version_rank = 1
)
select * from final;
