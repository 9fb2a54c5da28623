-- One row per FEC item: invoices and credit notes (issue date = PieceDate), payments (dated by EcritureDate),
-- opening items. Amounts in the item's currency (Montantdevise when Idevise is not the company currency).
-- staging.fec_04_entities_of(companies): the rows of those companies (a list; NULL: every company). Every row depends on its
-- company's lines only, so an FEC import refreshes just its companies (pipelines/fec/refresh.ts).
create or replace macro staging.fec_04_entities_of(companies) as table
with defining as (
  select *, load_id * 4294967296 + source_line as line_order from staging.fec_03_line_entities
  where how = 'define' and (companies is null or list_contains(companies, company_id))
),
grouped as (
  select company_id, entity_key, any_value(customer_id) as customer_id, any_value(currency) as currency,
         any_value(kind) as line_kind, any_value(origin) as origin, min(fiscal_year) as fiscal_year,
         sum(case when side = 'debit' then amount else -amount end) as signed,
         min(piece_date) as piece_date, min(ecriture_date) as ecriture_date,
         arg_min({'ref': ref, 'journal': journal_code, 'ecriture_num': ecriture_num, 'label': ecriture_lib,
                  'extra': extra, 'load_id': load_id, 'source_file': source_file, 'source_line': source_line},
                 line_order) as first_line
  from defining group by all
),
typed as (
  select *,
         case when origin <> 'aggregated' then line_kind when signed > 0 then 'invoice' else 'payment' end as kind,
         case when origin = 'aggregated' then 'AN-' || fiscal_year || '-' || customer_id else first_line.ref end
           as base_id,
         abs(signed)::decimal(18,2) as amount,
         case when origin = 'movement' and line_kind = 'payment' then ecriture_date else piece_date end as date
  from grouped where signed <> 0
),
colliding as (
  -- ids used by more than one item (the same PieceRef for two customers, reused across years …): rare
  select company_id, kind = 'payment' as is_payment, base_id from typed group by all having count(*) > 1
),
suffixed as (
  select t.company_id, t.entity_key,
         row_number() over (partition by t.company_id, t.kind = 'payment', t.base_id order by t.date, t.entity_key)
           as rank_in_id
  from typed t
  semi join colliding c on c.company_id = t.company_id and c.is_payment = (t.kind = 'payment') and c.base_id = t.base_id
),
final as (
  select t.company_id, t.entity_key, customer_id, currency, kind, origin, fiscal_year, amount, date,
         first_line.ref as ref,
         case when coalesce(s.rank_in_id, 1) = 1 then base_id else base_id || ' #' || s.rank_in_id end as entity_id,
         json_merge_patch(coalesce(first_line.extra, '{}'),
           json_object('journal', first_line.journal, 'ecriture_num', first_line.ecriture_num,
                       'label', first_line.label, 'fiscal_year', fiscal_year,
                       'opening', case when origin = 'movement' then null else origin end)) as attributes,
         first_line.load_id as load_id, first_line.source_file as source_file, first_line.source_line as source_line
  from typed t
  left join suffixed s on s.company_id = t.company_id and s.entity_key = t.entity_key
)
select * from final;

create or replace table staging.fec_04_entities as select * from staging.fec_04_entities_of(null);
