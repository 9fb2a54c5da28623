-- Running balances of the receivables by (company, currency, measure): `balance` at `date` is the sum of the
-- measure over every movement whose key date is <= date, so the value as of any d is the last row dated <= d.
-- Each KPI input is one of these sums (see docs/kpis.md), which makes any as-of date a lookup:
--   ar         all movements, at effective_date                        -> net_ar(d)
--   unapplied  credit side (no due date), at effective_date            -> unapplied(d)
--   due_K      invoice side, at greatest(effective_date, due_date + K) -> open invoices with dpd >= K at d
--   sales      invoices and credit notes, at issue date                -> S(a, b] = sales(b) - sales(a)
--   cr_base    collection-rate denominator: invoices and credit-note allocations at greatest(effective, due),
--              payment allocations at greatest(effective + 30, due)     (open at d-30 or issued later, due <= d,
--              minus credit notes allocated in (d-30, d])
--   cash_due   payment allocations to invoices, at greatest(effective_date, due_date)       (due <= d, eff <= d)
--   cash_old   payment allocations to invoices, at greatest(effective_date + 30, due_date)  (due <= d, eff <= d-30)
create or replace table marts.ar_daily as
with grouped as (
  select company_id, currency, kind, effective_date as eff, due_date as due, sum(amount) as amount
  from marts.ar_movements
  group by all
),
events as (
  select company_id, currency, 'ar' as measure, eff as date, amount from grouped
  union all select company_id, currency, 'unapplied', eff, amount from grouped where due is null
  union all select company_id, currency, 'due_1', greatest(eff, due + 1), amount from grouped where due is not null
  union all select company_id, currency, 'due_31', greatest(eff, due + 31), amount from grouped where due is not null
  union all select company_id, currency, 'due_61', greatest(eff, due + 61), amount from grouped where due is not null
  union all select company_id, currency, 'due_91', greatest(eff, due + 91), amount from grouped where due is not null
  union all select company_id, currency, 'sales', eff, amount from grouped where kind in ('invoice', 'credit_note')
  union all select company_id, currency, 'cr_base', greatest(eff, due), amount from grouped
            where kind in ('invoice', 'invoice_credited')
  union all select company_id, currency, 'cr_base', greatest(eff + 30, due), amount from grouped
            where kind = 'invoice_paid'
  union all select company_id, currency, 'cash_due', greatest(eff, due), amount from grouped where kind = 'invoice_paid'
  union all select company_id, currency, 'cash_old', greatest(eff + 30, due), amount from grouped
            where kind = 'invoice_paid'
),
daily as (
  select company_id, currency, measure, date::date as date, sum(amount) as amount
  from events
  group by all
),
final as (
  select company_id, currency, measure, date,
         sum(amount) over (partition by company_id, currency, measure order by date
                           rows between unbounded preceding and current row)::decimal(38, 2) as balance
  from daily
)
select * from final order by company_id, currency, measure, date;
