-- Current version of each canonical allocations row (the latest load wins; the raw layer keeps every version).
create or replace view staging.canonical_allocations as
with ranked as (
  select *, row_number() over (partition by company_id, source_id, document_id order by load_id desc, source_line desc) as version_rank
  from raw.canonical_allocations
),
final as (
  select company_id, source_id, source_type, document_id, amount, date, 'canonical' as source, load_id, source_file, source_line
  from ranked
  where version_rank = 1
)
select * from final;

-- Rows of raw.canonical_allocations's shape (names of relations) in this view's shape. An import gives the rows it appended:
-- right after that load they are the current versions of their keys (its load id is the highest, one row per key), so
-- core can take them without ranking every version (pipelines/canonical/refresh-core.ts).
create or replace macro staging.canonical_allocations_of(relations) as table
with final as (
  select company_id, source_id, source_type, document_id, amount, date, 'canonical' as source, load_id, source_file, source_line
  from query_table(relations)
)
select * from final;
