import type { Session } from './session.js';

/** Half-life of the recency weights, in days: a settlement 90 days old counts half as much as one today. */
export const HALF_LIFE_DAYS = 90;
const DECAY = Math.LN2 / HALF_LIFE_DAYS;

/**
 * f_history: each customer's payment history as a step function of time. One row per (customer, date on which
 * invoices were settled) holding cumulative statistics over every settlement up to and including that date.
 * A feature at scoring point t reads the last row with date < t (ASOF join), so facts dated t or later never reach it.
 * Days late are clipped to [-60, 365] so one forgotten invoice does not dominate the means.
 */
export async function buildHistory(session: Session): Promise<void> {
  await session.run(`
    create or replace temp table f_history as
    with settled as (
      select customer_id, company_id, document_id, settled_date as date,
             least(greatest(days_late, -60), 365)::double as d,
             (days_late > 0)::integer as late, (days_late > 30)::integer as late30,
             coalesce(disputed, false)::integer as disputed,
             exp(${DECAY} * (settled_date - date '2000-01-01')) as w
      from f_invoices where settled_date is not null
    ),
    windowed as (
      select *,
             sum(late) over last20 as late_last20, count(*) over last20 as n_last20,
             avg(d) over last5 as mean_last5,
             row_number() over (partition by customer_id, date order by company_id desc, document_id desc) as rank_in_day
      from settled
      window last20 as (partition by customer_id order by date, company_id, document_id rows between 19 preceding and current row),
             last5 as (partition by customer_id order by date, company_id, document_id rows between 4 preceding and current row)
    ),
    daily as (
      select customer_id, date, count(*) as n, sum(late) as late, sum(late30) as late30, sum(disputed) as disputed,
             sum(d) as sd, sum(d * d) as sdd, max(d) as mx, sum(w) as sw, sum(w * d) as swd, sum(w * late) as swl,
             max(late_last20) filter (where rank_in_day = 1) as late_last20,
             max(n_last20) filter (where rank_in_day = 1) as n_last20,
             max(mean_last5) filter (where rank_in_day = 1) as mean_last5
      from windowed group by all
    ),
    final as (
      select customer_id, date as h_date,
             sum(n) over c as h_n, sum(late) over c as h_late, sum(late30) over c as h_late30,
             sum(disputed) over c as h_disputed, sum(sd) over c as h_sd, sum(sdd) over c as h_sdd,
             max(mx) over c as h_max, sum(sw) over c as h_sw, sum(swd) over c as h_swd, sum(swl) over c as h_swl,
             late_last20 as h_late_last20, n_last20 as h_n_last20, mean_last5 as h_mean_last5
      from daily
      window c as (partition by customer_id order by date rows between unbounded preceding and current row)
    )
    select * from final order by customer_id, h_date`);
}

/** The decay constant of the recency weights (per day), for SQL that turns h_sw into an effective count at t. */
export const HISTORY_DECAY = DECAY;
