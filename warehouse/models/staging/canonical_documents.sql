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

-- The rows one load appended: right after that load they are the current versions of their keys (its load id is the
-- highest and it holds one row per key), which lets an import append them to core instead of ranking every version.
create or replace macro staging.canonical_documents_of_load(load) as table
with final as (
  select company_id, document_id, customer_id, type, issue_date, due_date, amount, currency, disputed, delivery, reference, attributes, 'canonical' as source, load_id, source_file, source_line
  from raw.canonical_documents
  where load_id = load
)
select * from final;
