-- Current rate per (date, currency): 1 unit of currency in the reporting currency.
create or replace view staging.fx_rates as
with ranked as (
  select *, row_number() over (partition by date, currency order by load_id desc, source_line desc) as version_rank
  from raw.fx_rates
),
final as (select date, currency, rate from ranked where version_rank = 1)
select * from final;
