import type { Warehouse } from '../db.js';
import { readStoredForecastRows, type ForecastMarkers } from './stored-forecast.queries.js';

/** One customer of the risk list as the scoring run stored it (marts.customer_scores), in the `risk --json` shape. */
export interface StoredCustomerRisk {
  customer_id: string;
  risk_class: string;
  p_late: number;
  p_late_30: number;
  expected_days_late: number;
  profile: string;
  open_amount: number;
  overdue_amount: number;
  reasons: string[];
}

/**
 * Whether the scores the scoring run stored for `asOf` are what computing the risk list now would give: the run saw
 * the data the warehouse holds now (its forecast rows carry the current markers: last load, promises) with the
 * champion now, and every manual class in force at `asOf` (ops.risk_overrides) is the one the stored rows carry —
 * an override set after the run makes them out of date. Read on the whole warehouse (meta.loads and the forecast
 * rows are not visible to a scoped session).
 */
export async function isStoredRiskCurrent(
  db: Pick<Warehouse, 'all'>,
  asOf: string,
  markers: ForecastMarkers,
  champion: string | null,
): Promise<boolean> {
  const run = await readStoredForecastRows(db, asOf, markers);
  if (run.length === 0 || run[0]!.model_version !== champion) return false;
  const [row] = await db.all<{ scored: number; stale: number }>(
    `with overrides as (
       select customer_id, risk_class, reason from ops.risk_overrides
       where effective_date <= $1::date
       qualify row_number() over (partition by customer_id order by effective_date desc, set_at desc) = 1
     )
     select count(*)::integer as scored,
            (count(*) filter (where
               (o.risk_class is not null) <> s.overridden
               or s.risk_class <> coalesce(o.risk_class, s.model_class)
               or (o.risk_class is not null and coalesce(s.reasons ->> 0, '') <> 'manual override: ' || o.reason)
            ))::integer as stale
     from marts.customer_scores s left join overrides o using (customer_id)
     where s.as_of = $1::date and s.model_version = $2`,
    [asOf, champion],
  );
  return Number(row?.scored ?? 0) > 0 && Number(row?.stale ?? 0) === 0;
}

/**
 * The stored risk list of `asOf` for the group ('*') or a company, as the warehouse shows it (a scoped session: the
 * caller's customers), riskiest first: class E … A, then risk score, then customer id — computeRisk's order.
 */
export async function readStoredRisk(
  db: Pick<Warehouse, 'all'>,
  asOf: string,
  companyId: string | undefined,
): Promise<StoredCustomerRisk[]> {
  const rows = await db.all<Omit<StoredCustomerRisk, 'reasons'> & { reasons: string | null }>(
    `select customer_id, risk_class, p_late, p_late_30, expected_days_late, profile,
            open_amount::double as open_amount, overdue_amount::double as overdue_amount, reasons::varchar as reasons
     from marts.customer_scores
     where as_of = $1::date and company_id = $2
     order by list_position(['A', 'B', 'C', 'D', 'E'], risk_class) desc, risk_score desc, customer_id`,
    [asOf, companyId ?? '*'],
  );
  return rows.map((r) => ({
    ...r,
    p_late: Number(r.p_late),
    p_late_30: Number(r.p_late_30),
    expected_days_late: Number(r.expected_days_late),
    open_amount: Number(r.open_amount),
    overdue_amount: Number(r.overdue_amount),
    reasons: r.reasons === null ? [] : (JSON.parse(r.reasons) as string[]),
  }));
}
