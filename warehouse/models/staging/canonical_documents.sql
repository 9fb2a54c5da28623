-- Current version of each canonical documents row (the latest load wins; the raw layer keeps every version).
create or replace view staging.canonical_documents as
with ranked as (
  select *, row_number() over (partition by company_id, document_id order by load_id desc, source_line desc) as version_rank
  from raw.canonical_documents
),
final as (
  select company_id, document_id, customer_id, type, issue_date, due_date, amount, currency, disputed, delivery, reference, attributes, 'canonical' as source, load_id, source_file, source_line
  from ranked
  where version_rank = 1
)
select * from final;

-- Rows of raw.canonical_documents's shape (names of relations) in this view's shape. An import gives the rows it appended:
-- right after that load they are the current versions of their keys (its load id is the highest, one row per key), so
-- core can take them without ranking every version (pipelines/canonical/refresh-core.ts).
create or replace macro staging.canonical_documents_of(relations) as table
with final as (
  select company_id, document_id, customer_id, type, issue_date, due_date, amount, currency, disputed, delivery, reference, attributes, 'canonical' as source, load_id, source_file, source_line
  from query_table(relations)
)
select * from final;
