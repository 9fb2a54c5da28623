-- FEC payments: credits on receivable accounts outside sales journals, dated by EcritureDate; opening credits.
create or replace view staging.fec_payments as
with final as (
  select company_id, entity_id as payment_id, customer_id, date, amount, currency,
         case upper(coalesce(attributes ->> 'ModeRglt', attributes ->> 'ModeReglement', ''))
           when 'VIR' then 'transfer' when 'VIREMENT' then 'transfer' when 'CHQ' then 'check'
           when 'CHEQUE' then 'check' when 'PRLV' then 'sepa_debit' when 'PRELEVEMENT' then 'sepa_debit'
           when 'CB' then 'card' when 'CARTE' then 'card' when 'ESP' then 'cash' when 'ESPECES' then 'cash'
           else null end as method,
         attributes, 'fec' as source, load_id, source_file, source_line
  from staging.fec_04_entities
  where kind = 'payment'
)
select * from final;
