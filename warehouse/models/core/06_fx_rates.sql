-- Daily rates: 1 unit of currency in the reporting currency (the reporting currency itself is 1).
create or replace table core.fx_rates as
with final as (select date, upper(currency) as currency, rate::decimal(18,8) as rate from staging.fx_rates)
select * from final;
