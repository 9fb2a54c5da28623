-- Which credit (payment or credit note) settles which document, for how much, and when.
create or replace table core.allocations as
with unioned as (
  select * from staging.canonical_allocations
  union all by name
  select * from staging.fec_allocations
),
final as (
  select company_id, source_id, source_type, document_id, amount::decimal(18,2) as amount, date,
         source, load_id, source_file, source_line
  from unioned
  where amount <> 0
)
select * from final;
