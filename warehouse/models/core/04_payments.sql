-- Cash received, one truth per (company, payment).
-- core.payments_of(relations): the core rows of staged rows, as in 03_documents.sql.
create or replace macro core.payments_of(relations) as table
with final as (
  select p.company_id, p.payment_id, p.customer_id, p.date, p.amount::decimal(18,2) as amount,
         upper(coalesce(p.currency, cu.currency, co.currency, main.reporting_currency())) as currency,
         coalesce(p.method, 'other') as method, p.attributes, p.source, p.load_id, p.source_file, p.source_line
  from query_table(relations, true) p
  left join core.customers cu using (customer_id)
  left join core.companies co using (company_id)
)
select * from final;

create or replace table core.payments as
select * from core.payments_of(['staging.canonical_payments', 'staging.fec_payments']);
