-- CONTRACT placeholder until the FEC staging model lands: same columns as staging.canonical_customers.
create or replace view staging.fec_customers as
select customer_id, name, null::varchar as country, null::varchar as currency, null::varchar as segment,
       payment_terms, null::decimal(18,2) as credit_limit, null::varchar as email, null::varchar as phone,
       null::varchar as owner, null::varchar as agency, null::varchar as group_id, null::boolean as insured,
       null::boolean as factored, attributes, 'fec' as source, load_id, source_file, source_line
from raw.fec_terms where false;
