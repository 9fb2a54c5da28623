-- Which credit (payment or credit note) settles which document, for how much, and when.
-- core.allocations_of(relations): the core rows of staged rows, as in 03_documents.sql.
create or replace macro core.allocations_of(relations) as table
with final as (
  select company_id, source_id, source_type, document_id, amount::decimal(18,2) as amount, date,
         source, load_id, source_file, source_line
  from query_table(relations, true)
  where amount <> 0
)
select * from final;

create or replace table core.allocations as
select * from core.allocations_of(['staging.canonical_allocations', 'staging.fec_allocations']);
