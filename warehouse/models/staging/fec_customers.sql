-- Customers known from FEC imports: the terms files (current version per company and customer, the latest
-- import winning across companies) and every customer seen on a receivable line (CompAuxLib as name).
create or replace view staging.fec_customers as
with terms as (
  select *, row_number() over (partition by customer_id order by load_id desc, source_line desc) as version_rank
  from (
    select *, row_number() over (partition by company_id, customer_id order by load_id desc, source_line desc) as r
    from raw.fec_terms
  ) where r = 1
),
seen as (
  select customer_id,
         arg_max({'name': customer_name, 'load_id': load_id, 'source_file': source_file, 'source_line': source_line},
                 load_id * 4294967296 + source_line) as line
  from staging.fec_02_lines group by all
),
final as (
  select customer_id, coalesce(nullif(t.name, ''), s.line.name, customer_id) as name, null::varchar as country,
         null::varchar as currency, null::varchar as segment, t.payment_terms, null::decimal(18,2) as credit_limit,
         null::varchar as email, null::varchar as phone, null::varchar as owner, null::varchar as agency,
         null::varchar as group_id, null::boolean as insured, null::boolean as factored, t.attributes,
         'fec' as source, coalesce(t.load_id, s.line.load_id) as load_id,
         coalesce(t.source_file, s.line.source_file) as source_file,
         coalesce(t.source_line, s.line.source_line) as source_line
  from (select * from terms where version_rank = 1) t
  full join seen s using (customer_id)
)
select * from final;
