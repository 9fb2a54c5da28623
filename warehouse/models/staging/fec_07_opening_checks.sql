-- Opening balances ("à nouveaux") of a fiscal year whose prior year is loaded, checked per customer and currency
-- against that prior year's closing balance. Compared in the items' currency: a foreign-currency customer's
-- company-currency balance drifts with the rates and is no sign of a mismatch. Rows are mismatches; the importer
-- reports them as warnings.
create or replace view staging.fec_07_opening_checks as
with lines as (
  select *, case when side = 'debit' then amount else -amount end as signed from staging.fec_02_lines
),
checked_years as (
  select distinct company_id, fiscal_year from lines where is_opening and prior_year_loaded
),
opening as (
  select company_id, fiscal_year, customer_id, currency, sum(signed) as opening_balance
  from lines where is_opening group by all
),
closing as (
  select company_id, fiscal_year + 1 as fiscal_year, customer_id, currency, sum(signed) as prior_closing_balance
  from lines group by all
),
final as (
  select company_id, fiscal_year, customer_id, currency, coalesce(opening_balance, 0) as opening_balance,
         coalesce(prior_closing_balance, 0) as prior_closing_balance,
         coalesce(opening_balance, 0) - coalesce(prior_closing_balance, 0) as difference
  from opening o
  full join closing c using (company_id, fiscal_year, customer_id, currency)
  semi join checked_years y using (company_id, fiscal_year)
  where coalesce(opening_balance, 0) <> coalesce(prior_closing_balance, 0)
)
select * from final;
