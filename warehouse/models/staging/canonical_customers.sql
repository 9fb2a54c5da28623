-- Current version of each canonical customers row (the latest load wins; the raw layer keeps every version).
create or replace view staging.canonical_customers as
with ranked as (
  select *, row_number() over (partition by customer_id order by load_id desc, source_line desc) as version_rank
  from raw.canonical_customers
),
final as (
  select customer_id, name, country, currency, segment, payment_terms, credit_limit, email, phone, owner, agency, group_id, insured, factored, attributes, 'canonical' as source, load_id, source_file, source_line
  from ranked
  where version_rank = 1
)
select * from final;
