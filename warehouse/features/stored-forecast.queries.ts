import type { Warehouse } from '../db.js';

/** What a forecast was computed from: the last committed load and the state of ops.promises that counts. */
export interface ForecastMarkers {
  loadId: string;
  promises: string;
}

/** The markers of the whole warehouse (meta.loads is not visible to a scoped session). */
export async function readForecastMarkers(db: Pick<Warehouse, 'all'>): Promise<ForecastMarkers> {
  const [row] = await db.all<{ loadId: string }>(
    `select coalesce(max(load_id), 0)::varchar as "loadId" from meta.loads`,
  );
  return { loadId: row!.loadId, promises: await readPromisesState(db) };
}

/** Changes whenever a promise the forecast counts is added or cancelled (of the promises `db` shows). */
async function readPromisesState(db: Pick<Warehouse, 'all'>): Promise<string> {
  // some model-only warehouses have no ops tables (readPromiseOverrides makes the same check)
  const [ops] = await db.all<{ n: string }>(
    `select count(*) as n from duckdb_tables() where schema_name = 'ops' and table_name = 'promises'`,
  );
  if (Number(ops?.n ?? 0) === 0) return 'none';
  const [row] = await db.all<{ marker: string }>(
    `select concat_ws('/', count(*), coalesce(max(id), 0), count(*) filter (where status = 'cancelled')) as marker
     from ops.promises`,
  );
  return row!.marker;
}

export interface StoredForecastRow {
  as_of: string;
  company_id: string;
  currency: string;
  week: number;
  week_start: string;
  week_end: string;
  expected: number;
  p10: number;
  p50: number;
  p90: number;
  method: 'model' | 'avg_delay';
  model_version: string | null;
  open_amount: number;
  beyond: number;
  promises: number;
}

/**
 * The rows of the scoring run of `asOf`, when it was computed from the data the warehouse holds now (same last load,
 * same promises) and carries its totals; none otherwise. Money as numbers (cents exact).
 */
export async function readStoredForecastRows(
  db: Pick<Warehouse, 'all'>,
  asOf: string,
  markers: ForecastMarkers,
): Promise<StoredForecastRow[]> {
  return db.all<StoredForecastRow>(
    `with run as (
       select $1::date as as_of
     ),
     final as (
       select f.as_of::varchar as as_of, company_id, currency, week, week_start::varchar as week_start,
              week_end::varchar as week_end, expected::double as expected, p10::double as p10, p50::double as p50,
              p90::double as p90, method, model_version, open_amount::double as open_amount, beyond::double as beyond,
              promises, load_id, promises_marker
       from marts.cash_forecast f join run using (as_of)
     )
     select * exclude (load_id, promises_marker) from final
     where not exists (
       select 1 from final where open_amount is null or load_id::varchar <> $2 or promises_marker <> $3
     )
     order by company_id = '*' desc, company_id, currency = '*' desc, currency, week`,
    [asOf, markers.loadId, markers.promises],
  );
}

/** The as-of date computeForecast defaults to on the whole group (findLastFactDate over the feature tables). */
export async function findForecastDefaultAsOf(db: Pick<Warehouse, 'all'>): Promise<string | null> {
  const [row] = await db.all<{ d: string | null }>(
    // marts.features_invoices' rows are core.documents' invoices of a positive amount: read those directly (the view
    // computes every settlement, 1.5 s at 1M invoices, for two maxima)
    `select greatest(
       (select max(issue_date) from core.documents where type = 'invoice' and amount > 0),
       (select max(a.date) from core.allocations a
        semi join core.documents d on d.company_id = a.company_id and d.document_id = a.document_id
          and d.type = 'invoice' and d.amount > 0)
     )::varchar as d`,
  );
  return row?.d ?? null;
}
