-- One row per invoice with its settlement, for the payment-delay model (models/). The settlement date is the date of
-- the allocation that brings the open amount to 0; days_late = settlement - due (negative = early); rate converts
-- the document currency to the reporting currency as of the issue date (1 when no rate is known).
create or replace view marts.features_invoices as
with invoices as (
  select company_id, document_id, customer_id, issue_date, due_date, amount::double as amount, currency,
         coalesce(delivery, 'unknown') as delivery, disputed
  from core.documents
  where type = 'invoice' and amount > 0
),
daily as (
  select company_id, document_id, date, sum(amount)::double as allocated
  from core.allocations
  group by all
),
running as (
  select company_id, document_id, date,
         sum(allocated) over (partition by company_id, document_id order by date) as cumulated
  from daily
),
settled as (
  select r.company_id, r.document_id, min(r.date) as settled_date
  from running r join invoices i using (company_id, document_id)
  where r.cumulated >= i.amount - 0.005
  group by all
),
rated as (
  select i.*, case when i.currency = main.reporting_currency() then 1.0 else coalesce(fx.rate::double, 1.0) end as rate
  from invoices i asof left join core.fx_rates fx on fx.currency = i.currency and i.issue_date >= fx.date
),
final as (
  select r.*, s.settled_date, (s.settled_date - r.due_date)::integer as days_late
  from rated r left join settled s using (company_id, document_id)
)
select * from final;
