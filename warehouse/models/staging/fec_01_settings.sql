-- Effective FEC settings of each company present in raw.fec_lines (company settings, else the defaults).
create or replace view staging.fec_01_settings as
with companies as (
  select distinct company_id from raw.fec_lines
),
final as (
  select c.company_id,
         coalesce(nullif(trim(s.receivable_prefix), ''), '411') as receivable_prefix,
         coalesce(s.unlettered, 'unapplied') as unlettered,
         upper(coalesce(s.currency, main.reporting_currency())) as currency,
         coalesce(f.sales_journals, ['VT', 'VE', 'VTE', 'VEN', 'V', 'VENTE', 'VENTES', 'SAL', 'SALES', 'FAC'])
           as sales_journals,
         f.sales_journals is null as guess_sales_journals,
         coalesce(f.opening_journals, ['AN', 'ANO', 'ANX', 'AO', 'OUV', 'RAN']) as opening_journals,
         f.opening_journals is null as guess_opening_journals
  from companies c
  left join meta.company_settings s using (company_id)
  left join meta.fec_settings f using (company_id)
)
select * from final;
