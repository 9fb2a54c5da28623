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

-- Rows of raw.canonical_payments's shape (names of relations) in this view's shape. An import gives the rows it appended:
-- right after that load they are the current versions of their keys (its load id is the highest, one row per key), so
-- core can take them without ranking every version (pipelines/canonical/refresh-core.ts).
create or replace macro staging.canonical_payments_of(relations) as table
with final as (
  select company_id, payment_id, customer_id, date, amount, currency, method, attributes, 'canonical' as source, load_id, source_file, source_line
  from query_table(relations)
)
select * from final;
