-- What each receivable line stands for. Movement lines define invoices (debit), credit notes (credit in a sales
-- journal) and payments (other credits). Opening lines ("à nouveaux"): a detailed one (original PieceRef) links to
-- the item already known from an earlier year, else it defines that item when the prior year is not loaded; an
-- aggregated one (generic PieceRef) defines the customer's opening item, or is skipped when the prior year is loaded.
-- staging.fec_03_line_entities_of(companies): the rows of those companies (a list; NULL: every company). Every row depends on its
-- company's lines only, so an FEC import refreshes just its companies (pipelines/fec/refresh.ts).
create or replace macro staging.fec_03_line_entities_of(companies) as table
with lines as (
  select * from staging.fec_02_lines where amount <> 0 and (companies is null or list_contains(companies, company_id))
),
movement as (
  select *, case when side = 'debit' then 'invoice' when is_sales then 'credit_note' else 'payment' end as kind,
         coalesce(piece_ref, journal_code || ' ' || ecriture_num) as ref
  from lines where not is_opening
),
movement_keyed as (
  select *, case when kind = 'payment'
                 then concat_ws('|', kind, customer_id, currency, ref, fiscal_year, journal_code, ecriture_num)
                 else concat_ws('|', kind, customer_id, currency, ref) end as entity_key
  from movement
),
opening_refs as (
  select distinct company_id, customer_id, currency, piece_ref as ref, side
  from lines where is_opening and piece_ref is not null
),
movement_refs as (
  -- the item a detailed opening line may stand for (only refs that openings use are looked at)
  select company_id, customer_id, currency, ref, side,
         arg_max(entity_key, [(kind = 'credit_note')::varchar, ecriture_date::varchar, entity_key]) as movement_key
  from movement_keyed semi join opening_refs using (company_id, customer_id, currency, ref, side)
  group by all
),
generic_refs as (
  select company_id, fiscal_year, piece_ref from lines
  where is_opening and piece_ref is not null group by all having count(distinct customer_id) > 1
),
openings as (
  select l.*, case when l.side = 'debit' then 'invoice' else 'payment' end as kind, l.piece_ref as ref,
         l.piece_ref is null or l.piece_ref in ('-', '.', '/', '0') or upper(l.piece_ref) = l.journal_code
           or g.piece_ref is not null as aggregated
  from lines l left join generic_refs g using (company_id, fiscal_year, piece_ref)
  where l.is_opening
),
detailed as (
  select o.*, m.movement_key
  from openings o left join movement_refs m using (company_id, customer_id, currency, ref, side)
  where not o.aggregated
),
born as (
  select company_id, customer_id, currency, ref, side, min(fiscal_year) as born_year
  from detailed where movement_key is null and not prior_year_loaded group by all
),
mapped as (
  select * exclude (movement_key, born_year, aggregated),
         coalesce(movement_key, concat_ws('|', kind, customer_id, currency, ref, 'AN')) as entity_key,
         case when movement_key is not null then 'link' when born_year = fiscal_year then 'define'
              when born_year < fiscal_year then 'link' else 'skip' end as how,
         'detailed' as origin
  from detailed left join born using (company_id, customer_id, currency, ref, side)
),
final as (
  select * exclude (entity_key), entity_key, 'define' as how, 'movement' as origin from movement_keyed
  union all by name
  select * from mapped
  union all by name
  select * exclude (aggregated), concat_ws('|', 'opening', customer_id, currency, fiscal_year) as entity_key,
         case when prior_year_loaded then 'skip' else 'define' end as how, 'aggregated' as origin
  from openings where aggregated
)
select * from final;

create or replace table staging.fec_03_line_entities as select * from staging.fec_03_line_entities_of(null);
