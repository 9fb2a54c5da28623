-- One row per customer (group-wide identity). Canonical details win over what a FEC import knows.
create or replace table core.customers as
with unioned as (
  select *, 1 as priority from staging.canonical_customers
  union all by name
  select *, 2 as priority from staging.fec_customers
),
ranked as (
  select *, row_number() over (partition by customer_id order by priority, load_id desc) as rank_in_key
  from unioned
),
final as (
  select customer_id, name, country, upper(currency) as currency, segment,
         coalesce(nullif(trim(payment_terms), ''), null) as payment_terms, credit_limit, email, phone, owner,
         agency, group_id, coalesce(insured, false) as insured, coalesce(factored, false) as factored,
         attributes, source, load_id
  from ranked
  where rank_in_key = 1
)
select * from final;
