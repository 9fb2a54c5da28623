import { HISTORY_DECAY } from './history.queries.js';
import type { Column, Session } from './session.js';

/**
 * Features of a scoring point: an invoice (or a hypothetical next invoice) seen at `known_before` = t, using only
 * facts dated before t. `asof` below is t - 1, the last day whose facts are known.
 * Each entry: name → SQL over the joined point (p), customer (c), history (h) and exposure (e) columns.
 */
export const NUMERIC_FEATURES: Record<string, string> = {
  log_hist_n: 'ln(1 + coalesce(h_n, 0))',
  has_history: '(h_n is not null)::double',
  late_share: 'coalesce(h_late / h_n, 0)',
  late30_share: 'coalesce(h_late30 / h_n, 0)',
  mean_days: 'coalesce(h_sd / h_n, 0)',
  std_days: 'coalesce(sqrt(greatest(h_sdd / h_n - (h_sd / h_n) ^ 2, 0)), 0)',
  max_days: 'coalesce(h_max, 0)',
  recent_days: 'coalesce(h_swd / h_sw, 0)',
  recent_late_share: 'coalesce(h_swl / h_sw, 0)',
  recent_weight: `ln(1 + coalesce(h_sw * exp(-${HISTORY_DECAY} * (known_before - date '2000-01-01')), 0))`,
  last5_days: 'coalesce(h_mean_last5, 0)',
  last20_late_share: 'coalesce(h_late_last20 / h_n_last20, 0)',
  trend_days: 'coalesce(h_mean_last5 - h_sd / h_n, 0)',
  days_since_settlement: 'ln(1 + coalesce(known_before - h_date, 0))',
  disputed_share: 'coalesce(h_disputed / h_n, 0)',
  tenure_days: 'ln(1 + coalesce(known_before - e_first_date, 0))',
  log_issued_n: 'ln(1 + coalesce(e_issued_n, 0))',
  log_open_n: 'ln(1 + coalesce(e_open_n, 0))',
  log_overdue_n: 'ln(1 + coalesce(e_overdue_n, 0))',
  log_open: 'ln(1 + coalesce(e_open, 0))',
  log_overdue: 'ln(1 + coalesce(e_overdue, 0))',
  overdue_share: 'coalesce(least(e_overdue / nullif(e_open, 0), 1), 0)',
  limit_use: 'coalesce(least(e_open / nullif(credit_limit_rc, 0), 5), 0)',
  has_limit: '(coalesce(credit_limit_rc, 0) > 0)::double',
  log_amount: 'ln(1 + amount_rc)',
  amount_vs_usual: 'coalesce(ln(greatest(amount_rc, 0.01)) - e_la / nullif(e_issued_n, 0), 0)',
  terms_days: '(due_date - issue_date)::double',
  issue_month_sin: 'sin(2 * pi() * month(issue_date) / 12)',
  issue_month_cos: 'cos(2 * pi() * month(issue_date) / 12)',
  due_end_of_month: '(day(due_date) >= 28 or day(due_date) <= 3)::double',
  // Where the invoice stands at the scoring date (constant at issue: age 0, fully open).
  age_days: 'ln(1 + greatest(known_before - 1 - issue_date, 0))',
  days_past_due: 'least(greatest(known_before - 1 - due_date, -120), 400)::double',
  open_frac: 'open_frac',
  log_open_amount: 'ln(1 + open_amount * rate)',
};

export const CATEGORICAL_FEATURES: Record<string, string> = {
  segment: 'segment',
  country: 'country',
  currency: 'currency',
  company: 'company_id',
  delivery: 'delivery',
  terms: 'payment_terms',
  due_weekday: 'isodow(due_date)::varchar',
  asof_weekday: 'isodow(known_before - 1)::varchar',
  due_week: `${weekOf('due_date')}`,
  expected_week: `${weekOf('due_date + round(coalesce(h_swd / h_sw, 0))::integer')}`,
};

/** Week k of the scoring date's horizon holding a date: (asof+7(k-1), asof+7k]; '0' = on or before asof, '14' = later. */
function weekOf(date: string): string {
  return `least(greatest(ceil((${date} - (known_before - 1)) / 7), 0), 14)::integer::varchar`;
}

/**
 * Builds f_rows from f_points (point_id, company_id, document_id, customer_id, known_before, issue_date, due_date,
 * amount_rc, rate, currency, delivery, open_frac, open_amount): one row per point with every feature above plus the raw
 * history counts the baselines, profiles and reasons need. Requires f_history, f_exposure and f_customers.
 */
export async function computeFeatures(session: Session): Promise<void> {
  const numeric = Object.entries(NUMERIC_FEATURES).map(([name, sql]) => `(${sql})::double as ${name}`);
  const categorical = Object.entries(CATEGORICAL_FEATURES).map(
    ([name, sql]) => `coalesce((${sql})::varchar, 'unknown') as ${name}`,
  );
  await session.run(`
    create or replace temp table f_rows as
    with joined as (
      select p.*, c.segment, c.country, c.payment_terms, c.credit_limit_rc, h.* exclude (customer_id), e.* exclude (customer_id)
      from f_points p
      left join f_customers c on c.customer_id = p.customer_id
      asof left join f_history h on h.customer_id = p.customer_id and p.known_before > h.h_date
      asof left join f_exposure e on e.customer_id = p.customer_id and p.known_before > e.e_date
    )
    select point_id, ${numeric.join(', ')}, ${categorical.join(', ')},
           coalesce(h_n, 0)::double as raw_hist_n, coalesce(h_late, 0)::double as raw_hist_late,
           coalesce(h_late30, 0)::double as raw_hist_late30, coalesce(h_late_last20, 0)::double as raw_late_last20,
           coalesce(h_n_last20, 0)::double as raw_n_last20, coalesce(h_disputed, 0)::double as raw_hist_disputed,
           coalesce(e_overdue, 0)::double as raw_overdue_rc, coalesce(e_open, 0)::double as raw_open_rc,
           credit_limit_rc as raw_credit_limit_rc
    from joined
    order by point_id`);
}

/** Reads named columns of f_rows in point order; with a range, only the points from <= point_id < to. */
export async function readFeatureColumns(
  session: Session,
  names: readonly string[],
  range?: { from: number; to: number },
): Promise<Record<string, Column>> {
  const where = range
    ? `where point_id >= ${Math.trunc(range.from)} and point_id < ${Math.trunc(range.to)}`
    : '';
  return session.columns(
    `select ${names.map((n) => `"${n}"`).join(', ')} from f_rows ${where} order by point_id`,
  );
}
