-- Every movement of the receivables account (411), one row each, with the dates that decide when it counts:
--   invoice +amount, credit_note -amount, payment -amount, and each allocation twice: -amount on the invoice it
--   settles (invoice_paid / invoice_credited) and +amount on the credit it uses (payment_applied /
--   credit_note_applied). Allocations move money between aging columns and never change net_ar.
-- A movement counts at d when effective_date <= d. For an allocation that is the latest of its own date, the
-- invoice's issue date and the source's date, so both sides always count together (docs/kpis.md).
-- item_type/item_id/item_date name the item the row belongs to; due_date is null on the credit side (the
-- unapplied column). closed_date is the day the item's open amount reached zero for good (null while open):
-- as-of queries skip items closed on or before their date. Rows are stored by the year of closed_date (open items
-- last), then customer: an as-of query still skips the years closed before its date, and one customer's rows (the
-- customer card) are a few row groups of each year instead of a scan of every movement.
-- Allocations to credit notes or naming an unknown document or source are left out.
create or replace table marts.ar_movements as
with invoices as (
  select company_id, document_id, customer_id, currency, issue_date, due_date, amount
  from core.documents where type = 'invoice'
),
sources as (
  select company_id, 'payment' as source_type, payment_id as source_id, customer_id, currency,
         date as source_date, amount
  from core.payments
  union all
  select company_id, 'credit_note', document_id, customer_id, currency, issue_date, amount
  from core.documents where type = 'credit_note'
),
allocations as (
  select a.company_id, a.source_type, a.source_id, a.document_id, a.amount, a.date,
         greatest(a.date, i.issue_date, s.source_date) as effective_date,
         i.customer_id as invoice_customer, i.currency as invoice_currency, i.issue_date, i.due_date,
         i.amount as invoice_amount, s.customer_id as source_customer, s.currency as source_currency,
         s.source_date, s.amount as source_amount
  from core.allocations a
  join invoices i on i.company_id = a.company_id and i.document_id = a.document_id
  join sources s on s.company_id = a.company_id and s.source_type = a.source_type and s.source_id = a.source_id
),
invoice_closing as (
  select company_id, document_id, sum(amount) as allocated, max(effective_date) as last_date
  from allocations group by all
),
source_closing as (
  select company_id, source_type, source_id, sum(amount) as allocated, max(effective_date) as last_date
  from allocations group by all
),
invoice_items as (
  select i.*, case when i.amount = coalesce(c.allocated, 0) then coalesce(c.last_date, i.issue_date) end as closed_date
  from invoices i left join invoice_closing c using (company_id, document_id)
),
source_items as (
  select s.*, case when s.amount = coalesce(c.allocated, 0) then coalesce(c.last_date, s.source_date) end as closed_date
  from sources s left join source_closing c using (company_id, source_type, source_id)
),
rows as (
  select company_id, customer_id, currency, 'invoice' as kind, 'invoice' as item_type, document_id as item_id,
         issue_date as item_date, issue_date as date, issue_date as effective_date, due_date, amount, closed_date
  from invoice_items
  union all
  select company_id, customer_id, currency, source_type, source_type, source_id, source_date,
         source_date, source_date, null::date, -amount, closed_date
  from source_items
  union all
  select a.company_id, a.invoice_customer, a.invoice_currency,
         case a.source_type when 'payment' then 'invoice_paid' else 'invoice_credited' end, 'invoice',
         a.document_id, a.issue_date, a.date, a.effective_date, a.due_date, -a.amount, i.closed_date
  from allocations a join invoice_items i using (company_id, document_id)
  union all
  select a.company_id, a.source_customer, a.source_currency, a.source_type || '_applied', a.source_type,
         a.source_id, a.source_date, a.date, a.effective_date, null::date, a.amount, s.closed_date
  from allocations a join source_items s using (company_id, source_type, source_id)
),
final as (
  select company_id, customer_id, currency, kind::marts.ar_kind as kind, item_type::marts.ar_item_type as item_type,
         item_id, item_date, date, effective_date, due_date, amount, closed_date
  from rows
)
select * from final order by year(closed_date) nulls last, customer_id;
