-- FEC invoices and credit notes (due dates left to core: PieceDate + the customer's terms).
create or replace view staging.fec_documents as
with final as (
  select company_id, entity_id as document_id, customer_id, kind as type, date as issue_date,
         null::date as due_date, amount, currency, null::boolean as disputed, null::varchar as delivery,
         null::varchar as reference, attributes, 'fec' as source, load_id, source_file, source_line
  from staging.fec_04_entities
  where kind in ('invoice', 'credit_note')
)
select * from final;
