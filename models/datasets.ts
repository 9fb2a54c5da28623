import type { Warehouse } from '../warehouse/db.js';
import { buildExposure } from '../warehouse/features/exposure.queries.js';
import { buildHistory } from '../warehouse/features/history.queries.js';
import { computeFeatures, readFeatureColumns } from '../warehouse/features/point-features.queries.js';
import { createIssuePoints, type Sample } from '../warehouse/features/points.queries.js';
import { createSnapshotPoints } from '../warehouse/features/snapshots.queries.js';
import { createScope, type FeatureScope } from '../warehouse/features/scope.queries.js';
import { withSession, type Column, type Session } from '../warehouse/features/session.js';
import type { TimingDataset } from './timing-model.js';

/** Opens a feature session on the scope: f_invoices, f_allocations, f_customers, f_history, f_exposure built. */
export async function withFeatureSession<T>(
  db: Warehouse,
  scope: FeatureScope,
  work: (s: Session) => Promise<T>,
): Promise<T> {
  return withScopeSession(db, scope, async (session) => {
    await buildHistory(session);
    await buildExposure(session);
    return work(session);
  });
}

/**
 * A session with the scope's facts only (f_invoices, f_allocations, f_customers), for work that needs no point
 * features: the average-delay forecast. History and exposure are most of a feature session's cost (5 of 6 s at 1M).
 */
export async function withScopeSession<T>(
  db: Warehouse,
  scope: FeatureScope,
  work: (s: Session) => Promise<T>,
): Promise<T> {
  return withSession(db, async (session) => {
    await createScope(session, scope);
    return work(session);
  });
}

export interface IssueDataset {
  n: number;
  /** True when the matching invoices were more than sample.maxRows and a seeded subset was kept. */
  sampled: boolean;
  columns: Record<string, Column>;
  daysLate: number[];
  issueDates: string[];
}

/** Points at issue date for the invoices matching `where`, their features (the given columns) and labels. */
export async function loadIssueDataset(
  session: Session,
  where: string,
  featureColumns: readonly string[],
  sample?: Sample,
): Promise<IssueDataset> {
  const { n, sampled } = await createIssuePoints(session, where, sample);
  await computeFeatures(session);
  const columns = n > 0 ? await readFeatureColumns(session, featureColumns) : {};
  const labels =
    n > 0
      ? await session.columns(
          'select coalesce(days_late, 0)::double as days_late, issue_date::varchar as issue_date from f_points order by point_id',
        )
      : { days_late: [], issue_date: [] };
  return {
    n,
    sampled,
    columns,
    daysLate: (labels.days_late ?? []).map((v) => Number(v)),
    issueDates: (labels.issue_date ?? []).map((v) => String(v)),
  };
}

/**
 * Snapshot points of the open book at the given dates with their timing labels (weeks 1..weeks and "later"),
 * features, and open amounts in the reporting currency.
 */
export async function loadTimingDataset(
  session: Session,
  snapshots: string[],
  weeks: number,
  featureColumns: readonly string[],
  sample: Sample,
): Promise<TimingDataset> {
  const n = await createSnapshotPoints(session, snapshots, weeks, sample);
  if (n === 0)
    return { n: 0, columns: {}, labels: new Float32Array(0), amounts: new Float64Array(0), snapshots };
  await computeFeatures(session);
  const columns = await readFeatureColumns(session, featureColumns);
  const ys = Array.from({ length: weeks }, (_, k) => `y_${k + 1}`);
  const raw =
    await session.columns(`select ${ys.join(', ')}, open_amount * rate as amount_rc, snapshot::varchar as snapshot
    from f_points order by point_id`);
  const classes = weeks + 1;
  const labels = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    let paid = 0;
    for (let k = 0; k < weeks; k++) {
      const y = Math.min(1 - paid, Number(raw[ys[k]!]![i] ?? 0));
      labels[i * classes + k] = y;
      paid += y;
    }
    labels[i * classes + weeks] = Math.max(0, 1 - paid);
  }
  columns.snapshot = raw.snapshot!;
  return { n, columns, labels, amounts: Float64Array.from(raw.amount_rc!, (v) => Number(v)), snapshots };
}

/** Rows per batch when scoring: bounds the memory of the feature columns read back from DuckDB. */
export const SCORING_BATCH = 100_000;

/**
 * Runs a model over the n points of f_rows in batches (features read back per batch) and concatenates its outputs
 * (rows x classes), so that scoring a million invoices never holds a million rows of feature columns.
 */
export async function predictInBatches(
  session: Session,
  names: readonly string[],
  n: number,
  classes: number,
  predict: (columns: Record<string, Column>, rows: number) => Float32Array,
  batch = SCORING_BATCH,
): Promise<Float32Array> {
  const out = new Float32Array(n * classes);
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch);
    const columns = await readFeatureColumns(session, names, { from, to });
    out.set(predict(columns, to - from), from * classes);
  }
  return out;
}
