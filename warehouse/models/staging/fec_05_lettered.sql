-- Allocations from lettrage: within each group (company, customer, fiscal year, EcritureLet, currency) the credits
-- (payments, credit notes) settle the debits (invoices) oldest first, by overlap of their cumulative amounts.
-- Allocation date = the later of the credit's date and the document's date.
create or replace table staging.fec_05_lettered as
with lettered as (
  select concat_ws('|', l.company_id, l.customer_id, l.fiscal_year, l.letter, e.currency) as group_key,
         l.company_id, e.entity_id, e.kind, e.date, l.amount
  from staging.fec_03_line_entities l
  join staging.fec_04_entities e using (company_id, entity_key)
  where l.letter is not null and l.how <> 'skip'
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
bounds as (
  select group_key, hi as p from targets union select group_key, hi from sources
),
segments as (
  select group_key, p, p - coalesce(lag(p) over (partition by group_key order by p), 0) as len from bounds
),
paired as (
  select g.len, t.company_id, t.entity_id as document_id, t.date as document_date,
         s.entity_id as source_id, s.kind as source_type, s.date as source_date
  from segments g
  asof join targets t on g.group_key = t.group_key and g.p <= t.hi
  asof join sources s on g.group_key = s.group_key and g.p <= s.hi
),
final as (
  select company_id, source_id, source_type, document_id, sum(len)::decimal(18,2) as amount,
         greatest(source_date, document_date) as date, 'lettered' as rule
  from paired group by all
)
select * from final;
