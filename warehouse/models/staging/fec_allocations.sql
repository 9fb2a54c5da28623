-- FEC allocations: from lettrage, and oldest-first for unlettered credit when the company's policy says so.
create or replace view staging.fec_allocations as
with final as (
  select a.company_id, a.source_id, a.source_type, a.document_id, a.amount, a.date, 'fec' as source,
         e.load_id, e.source_file, e.source_line
  from staging.fec_06_allocations a
  join staging.fec_04_entities e
    on e.company_id = a.company_id and e.kind = a.source_type and e.entity_id = a.source_id
)
select * from final;
