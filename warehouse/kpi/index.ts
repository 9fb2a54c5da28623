// The receivables KPIs (DESIGN.md §4, docs/kpis.md): what the CLI, the API, the nightly pipeline and the dashboard call.
export { computeKpis } from './compute-kpis.js';
export { computeAging } from './compute-aging.js';
export { materializeKpiSnapshots } from './snapshots.js';
export { findDefaultAsOf } from './scope.js';
export type { AgingBuckets, AgingKey, AgingReport, AgingRow, KpiReport, KpiScope } from './types.js';
