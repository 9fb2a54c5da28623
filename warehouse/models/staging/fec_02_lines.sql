-- Receivable lines (account prefix, default 411) of the current version of each (company, fiscal year):
-- the latest load that brought that year replaces earlier ones. Typed and classified, not yet interpreted.
-- staging.fec_02_lines_of(companies): the rows of those companies (a list; NULL: every company). Every row depends on its
-- company's lines only, so an FEC import refreshes just its companies (pipelines/fec/refresh.ts).
create or replace macro staging.fec_02_lines_of(companies) as table
with current_loads as (
  select company_id, fiscal_year, max(load_id) as load_id from raw.fec_lines
  where (companies is null or list_contains(companies, company_id))
  group by all
),
settings as (
  select company_id, receivable_prefix, currency as company_currency from staging.fec_01_settings
),
receivable as (
  -- a semi join on the prefix, so that the wide raw rows are not carried through a join payload
  select l.*
  from raw.fec_lines l
  semi join current_loads using (company_id, fiscal_year, load_id)
  where (companies is null or list_contains(companies, l.company_id)) and exists (
    select 1 from settings s where s.company_id = l.company_id and starts_with(l.compte_num, s.receivable_prefix)
  )
),
journals as (
  -- one row per company and journal: the journal lists are looked up here, not on every line
  select j.company_id, j.journal_code, j.journal_lib,
         list_contains(s.opening_journals, upper(trim(j.journal_code)))
           or (s.guess_opening_journals and regexp_matches(lower(coalesce(j.journal_lib, '')), 'nouveau|ouverture|opening'))
           as is_opening,
         list_contains(s.sales_journals, upper(trim(j.journal_code)))
           or (s.guess_sales_journals and regexp_matches(lower(coalesce(j.journal_lib, '')), 'vente|sales'))
           as is_sales
  from (select distinct company_id, journal_code, journal_lib from receivable) j
  join staging.fec_01_settings s using (company_id)
),
typed as (
  select r.company_id, fiscal_year, load_id, source_file, source_line,
         coalesce(nullif(trim(comp_aux_num), ''), trim(compte_num)) as customer_id,
         coalesce(nullif(trim(comp_aux_lib), ''), compte_lib) as customer_name,
         upper(trim(r.journal_code)) as journal_code, ecriture_num, ecriture_date,
         coalesce(piece_date, ecriture_date) as piece_date, nullif(trim(piece_ref), '') as piece_ref,
         nullif(ecriture_let, '') as letter, ecriture_lib, extra,
         (debit - credit)::decimal(18,2) as net, montant_devise, s.company_currency,
         case when nullif(idevise, '') is not null and montant_devise is not null
                   and upper(idevise) <> s.company_currency then upper(idevise)
              else s.company_currency end as currency,
         coalesce(j.is_opening, false) as is_opening, coalesce(j.is_sales, false) as is_sales
  from receivable r
  join settings s on s.company_id = r.company_id
  left join journals j
    on j.company_id = r.company_id and j.journal_code is not distinct from r.journal_code
       and j.journal_lib is not distinct from r.journal_lib
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

create or replace table staging.fec_02_lines as select * from staging.fec_02_lines_of(null);
