-- All FEC allocations: the lettered ones, plus, for companies whose policy for unlettered credit is oldest-first,
-- the credit left over allocated per customer and currency to the documents left open, oldest first (FIFO).
-- staging.fec_06_allocations_of(companies): the rows of those companies (a list; NULL: every company). Every row depends on its
-- company's lines only, so an FEC import refreshes just its companies (pipelines/fec/refresh.ts).
create or replace macro staging.fec_06_allocations_of(companies) as table
with entities as (
  select e.*, s.unlettered from staging.fec_04_entities e join staging.fec_01_settings s using (company_id)
  where (companies is null or list_contains(companies, e.company_id))
),
used as (
  -- what lettrage already took from each item; one keyed lookup (a second join sharing only company_id could be
  -- planned as a per-company cross product when the tables have no statistics yet, inside the import transaction)
  select company_id, 'invoice' as kind, document_id as entity_id, sum(amount) as used
  from staging.fec_05_lettered where (companies is null or list_contains(companies, company_id)) group by all
  union all
  select company_id, source_type, source_id, sum(amount) from staging.fec_05_lettered
  where (companies is null or list_contains(companies, company_id)) group by all
),
remaining as (
  select e.company_id, concat_ws('|', e.company_id, e.customer_id, e.currency) as group_key, e.entity_id, e.kind,
         e.date, greatest(e.amount - coalesce(u.used, 0), 0) as amount
  from entities e
  left join used u using (company_id, kind, entity_id)
  where e.unlettered = 'oldest-first'
),
targets as (
  select *, sum(amount) over (partition by group_key order by date, entity_id rows unbounded preceding) as hi
  from remaining where kind = 'invoice' and amount > 0
),
sources as (
  select *, sum(amount) over (partition by group_key order by date, entity_id rows unbounded preceding) as hi
  from remaining where kind <> 'invoice' and amount > 0
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
oldest_first as (
  select company_id, source.id as source_id, source.kind as source_type, target.id as document_id,
         sum(len)::decimal(18,2) as amount, greatest(source.date, target.date) as date, 'oldest-first' as rule
  from covered where len > 0 and target is not null and source is not null group by all
),
final as (
  select * from staging.fec_05_lettered where (companies is null or list_contains(companies, company_id))
  union all
  select * from oldest_first
)
select * from final;

create or replace table staging.fec_06_allocations as select * from staging.fec_06_allocations_of(null);
