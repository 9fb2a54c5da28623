import type { Session } from './session.js';

/**
 * f_exposure: each customer's open and overdue exposure (reporting currency) and invoicing habits as step functions.
 * Events: an invoice adds to `open` on its issue date and to `overdue` on its due date; an allocation removes from
 * `open` on its date and from `overdue` on the later of its date and the due date. One row per (customer, date) with
 * the cumulative state including that date; a point t reads the last row dated < t (so: due before t = overdue).
 */
export async function buildExposure(session: Session): Promise<void> {
  await session.run(`
    create or replace temp table f_exposure as
    with events as (
      select customer_id, issue_date as date, amount * rate as open_d, 0.0 as overdue_d, 1 as open_n, 0 as overdue_n,
             1 as issued_n, ln(amount * rate) as la, ln(amount * rate) ^ 2 as la2
      from f_invoices
      union all
      select customer_id, due_date, 0.0, amount * rate, 0, 1, 0, 0.0, 0.0 from f_invoices
      union all
      select customer_id, date, -amount * rate, 0.0, 0, 0, 0, 0.0, 0.0 from f_allocations
      union all
      select customer_id, greatest(date, due_date), 0.0, -amount * rate, 0, 0, 0, 0.0, 0.0 from f_allocations
      union all
      select customer_id, settled_date, 0.0, 0.0, -1, 0, 0, 0.0, 0.0 from f_invoices where settled_date is not null
      union all
      select customer_id, greatest(settled_date, due_date), 0.0, 0.0, 0, -1, 0, 0.0, 0.0
      from f_invoices where settled_date is not null
    ),
    daily as (
      select customer_id, date, sum(open_d) as open_d, sum(overdue_d) as overdue_d, sum(open_n) as open_n,
             sum(overdue_n) as overdue_n, sum(issued_n) as issued_n, sum(la) as la, sum(la2) as la2
      from events group by all
    ),
    final as (
      select customer_id, date as e_date,
             greatest(round(sum(open_d) over c, 2), 0) as e_open, greatest(round(sum(overdue_d) over c, 2), 0) as e_overdue,
             sum(open_n) over c as e_open_n, sum(overdue_n) over c as e_overdue_n,
             sum(issued_n) over c as e_issued_n, sum(la) over c as e_la, sum(la2) over c as e_la2,
             min(date) over c as e_first_date
      from daily
      window c as (partition by customer_id order by date rows between unbounded preceding and current row)
    )
    select * from final order by customer_id, e_date`);
}
