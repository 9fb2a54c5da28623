-- Receivable lines (account prefix, default 411) of the current version of each (company, fiscal year):
-- the latest load that brought that year replaces earlier ones. Typed and classified, not yet interpreted.
create or replace table staging.fec_02_lines as
with current_loads as (
  select company_id, fiscal_year, max(load_id) as load_id from raw.fec_lines group by all
),
receivable as (
  select l.*, s.currency as company_currency, s.sales_journals, s.opening_journals,
         s.guess_sales_journals, s.guess_opening_journals
  from raw.fec_lines l
  join current_loads using (company_id, fiscal_year, load_id)
  join staging.fec_01_settings s using (company_id)
  where starts_with(l.compte_num, s.receivable_prefix)
),
typed as (
  select company_id, fiscal_year, load_id, source_file, source_line,
         coalesce(nullif(trim(comp_aux_num), ''), trim(compte_num)) as customer_id,
         coalesce(nullif(trim(comp_aux_lib), ''), compte_lib) as customer_name,
         upper(trim(journal_code)) as journal_code, ecriture_num, ecriture_date,
         coalesce(piece_date, ecriture_date) as piece_date, nullif(trim(piece_ref), '') as piece_ref,
         nullif(ecriture_let, '') as letter, ecriture_lib, extra,
         (debit - credit)::decimal(18,2) as net, montant_devise, company_currency,
         case when nullif(idevise, '') is not null and montant_devise is not null
                   and upper(idevise) <> company_currency then upper(idevise)
              else company_currency end as currency,
         list_contains(opening_journals, upper(trim(journal_code)))
           or (guess_opening_journals and regexp_matches(lower(coalesce(journal_lib, '')), 'nouveau|ouverture|opening'))
           as is_opening,
         list_contains(sales_journals, upper(trim(journal_code)))
           or (guess_sales_journals and regexp_matches(lower(coalesce(journal_lib, '')), 'vente|sales'))
           as is_sales
  from receivable
),
final as (
  select t.*,
         case when net > 0 then 'debit' else 'credit' end as side,
         (case when currency <> company_currency then abs(montant_devise) else abs(net) end)::decimal(18,2) as amount,
         p.fiscal_year is not null as prior_year_loaded
  from typed t
  left join (select distinct company_id, fiscal_year from current_loads) p
    on p.company_id = t.company_id and p.fiscal_year = t.fiscal_year - 1
  where net <> 0
)
select * from final;
