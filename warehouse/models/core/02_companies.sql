-- Companies seen in the ledger or configured, with their currency and import settings.
-- company_id is part of the canonical keys, so the raw rows name the same companies as their current versions
-- (read from raw: the staging views would rank every version only to list a few ids).
create or replace table core.companies as
with seen as (
  select distinct company_id from raw.canonical_documents
  union select distinct company_id from raw.canonical_payments
  union select distinct company_id from staging.fec_documents
  union select distinct company_id from staging.fec_payments
  union select company_id from meta.company_settings
),
final as (
  select s.company_id, coalesce(c.name, s.company_id) as name,
         coalesce(c.currency, main.reporting_currency()) as currency,
         coalesce(c.default_terms, '30') as default_terms,
         coalesce(c.unlettered, 'unapplied') as unlettered
  from seen s left join meta.company_settings c using (company_id)
)
select * from final;
