-- Allocations from lettrage: within each group (company, customer, fiscal year, EcritureLet, currency) the credits
-- (payments, credit notes) settle the debits (invoices) oldest first, by overlap of their cumulative amounts.
-- Allocation date = the later of the credit's date and the document's date.
-- staging.fec_05_lettered_of(companies): the rows of those companies (a list; NULL: every company). Every row depends on its
-- company's lines only, so an FEC import refreshes just its companies (pipelines/fec/refresh.ts).
create or replace macro staging.fec_05_lettered_of(companies) as table
with lettered as (
  select concat_ws('|', l.company_id, l.customer_id, l.fiscal_year, l.letter, e.currency) as group_key,
         l.company_id, e.entity_id, e.kind, e.date, l.amount
  from staging.fec_03_line_entities l
  join staging.fec_04_entities e using (company_id, entity_key)
  where l.letter is not null and l.how <> 'skip' and (companies is null or list_contains(companies, l.company_id))
    and (e.kind = 'invoice') = (l.side = 'debit')
),
per_entity as (
  select group_key, company_id, entity_id, kind, date, sum(amount) as amount from lettered group by all
),
targets as (
  select *, sum(amount) over (partition by group_key order by date, entity_id rows unbounded preceding) as hi
  from per_entity where kind = 'invoice'
),
sources as (
  select *, sum(amount) over (partition by group_key order by date, entity_id rows unbounded preceding) as hi
  from per_entity where kind <> 'invoice'
),
events as (
  select group_key, company_id, hi as p, {'id': entity_id, 'date': date} as target, null as source
  from targets
  union all
  select group_key, company_id, hi as p, null as target, {'id': entity_id, 'kind': kind, 'date': date} as source
  from sources
),
covered as (
  -- each stretch (previous bound, p] of the cumulated amounts belongs to the first target and the first source
  -- whose cumulated amount reaches p (window functions only: no range join)
  select company_id, p - coalesce(lag(p) over (partition by group_key order by p), 0) as len,
         first_value(target ignore nulls) over ahead as target, first_value(source ignore nulls) over ahead as source
  from events
  window ahead as (partition by group_key order by p range between current row and unbounded following)
),
final as (
  select company_id, source.id as source_id, source.kind as source_type, target.id as document_id,
         sum(len)::decimal(18,2) as amount, greatest(source.date, target.date) as date, 'lettered' as rule
  from covered where len > 0 and target is not null and source is not null group by all
)
select * from final;

create or replace table staging.fec_05_lettered as select * from staging.fec_05_lettered_of(null);
