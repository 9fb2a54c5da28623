-- Cash received, one truth per (company, payment).
create or replace table core.payments as
with unioned as (
  select * from staging.canonical_payments
  union all by name
  select * from staging.fec_payments
),
final as (
  select p.company_id, p.payment_id, p.customer_id, p.date, p.amount::decimal(18,2) as amount,
         upper(coalesce(p.currency, cu.currency, co.currency, main.reporting_currency())) as currency,
         coalesce(p.method, 'other') as method, p.attributes, p.source, p.load_id, p.source_file, p.source_line
  from unioned p
  left join core.customers cu using (customer_id)
  left join core.companies co using (company_id)
)
select * from final;
