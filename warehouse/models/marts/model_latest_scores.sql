-- The latest scoring run (models/, `encours model score` or the nightly score stage): customer classes, profiles and
-- reasons, and the cash forecast, as of the most recent scoring date. History stays in the underlying tables.
create or replace view marts.model_latest_customer_scores as
with final as (
  select * from marts.customer_scores
  where as_of = (select max(as_of) from marts.customer_scores)
)
select * from final;

create or replace view marts.model_latest_cash_forecast as
with final as (
  select * from marts.cash_forecast
  where as_of = (select max(as_of) from marts.cash_forecast)
)
select * from final;
