import type { Warehouse } from '../warehouse/db.js';
import { listModels, runTransforms, type ModelFile } from '../warehouse/transform.js';
import { firstRow } from './canonical/sql.js';

/** A core fact table that an import can refresh in part, and the models and macros that build it. */
export interface CoreFact {
  /** The entity of the import's counts whose raw rows feed it. */
  entity: 'invoices' | 'payments' | 'allocations';
  model: string;
  table: string;
  keys: readonly string[];
  /** Staging macro shaping raw-shaped rows as the staging view, and core macro turning those into core rows. */
  stagedOf: string;
  coreOf: string;
  /** The FEC staging view of the same facts. */
  fecStaged: string;
}

export const CORE_FACTS: readonly CoreFact[] = [
  {
    entity: 'invoices',
    model: '03_documents.sql',
    table: 'core.documents',
    keys: ['company_id', 'document_id'],
    stagedOf: 'staging.canonical_documents_of',
    coreOf: 'core.documents_of',
    fecStaged: 'staging.fec_documents',
  },
  {
    entity: 'payments',
    model: '04_payments.sql',
    table: 'core.payments',
    keys: ['company_id', 'payment_id'],
    stagedOf: 'staging.canonical_payments_of',
    coreOf: 'core.payments_of',
    fecStaged: 'staging.fec_payments',
  },
  {
    entity: 'allocations',
    model: '05_allocations.sql',
    table: 'core.allocations',
    keys: ['company_id', 'source_id', 'document_id'],
    stagedOf: 'staging.canonical_allocations_of',
    coreOf: 'core.allocations_of',
    fecStaged: 'staging.fec_allocations',
  },
];

/**
 * The dimension tables core facts join to, and the columns the core fact macros read from them (`cu.…` and `co.…` in
 * warehouse/models/core; a test keeps these lists in step with the SQL). Those columns are snapshotted before the
 * refresh to see which rows it changes: a customer's new name or credit limit leaves stored facts as they are.
 */
export const FACT_DIMENSIONS = [
  { table: 'core.customers', key: 'customer_id', alias: 'cu', read: ['payment_terms', 'currency'] },
  { table: 'core.companies', key: 'company_id', alias: 'co', read: ['default_terms', 'currency'] },
] as const;

/**
 * Core after an import that changed only some facts: the core models run in order; the small tables (customers,
 * companies, fx rates) are rebuilt, and each fact table is refreshed in part by `refreshFact` — the import's own rows
 * replaced — while the facts already stored would come out the same, i.e. unless the import changed what they read
 * from a customer or company they join to (then every fact table is rebuilt from staging). Equal to a rebuild of the
 * core layer (each import's tests compare). Returns how the facts were refreshed.
 */
export async function refreshCore(
  tx: Warehouse,
  refreshFact: (fact: CoreFact) => Promise<void>,
  models: readonly ModelFile[] = listModels(),
): Promise<'appended' | 'rebuilt'> {
  for (const d of FACT_DIMENSIONS) await tx.run(snapshotSql(d));
  let mode: 'appended' | 'rebuilt' | undefined;
  for (const model of models.filter((m) => m.layer === 'core')) {
    const fact = CORE_FACTS.find((f) => f.model === model.name);
    if (fact) mode ??= (await storedFactsStay(tx)) ? 'appended' : 'rebuilt';
    if (!fact || mode === 'rebuilt') await runTransforms(tx, [model], ['core']);
    else await refreshFact(fact);
  }
  for (const d of FACT_DIMENSIONS) await tx.run(`drop table if exists ${snapshotName(d)}`);
  return mode ?? 'appended';
}

type Dimension = (typeof FACT_DIMENSIONS)[number];
const snapshotName = (d: Dimension) => `before_${d.table.replace('.', '_')}`;
const factInputs = (d: Dimension) => `select ${[d.key, ...d.read].join(', ')} from ${d.table}`;
const snapshotSql = (d: Dimension) => `create or replace temp table ${snapshotName(d)} as ${factInputs(d)}`;

/** True when no stored document or payment joins to a customer or company whose fact inputs the refresh changed. */
async function storedFactsStay(tx: Warehouse): Promise<boolean> {
  const changed = FACT_DIMENSIONS.map((d) => {
    const before = snapshotName(d);
    return `d.${d.key} in (select ${d.key} from (from ${before} except ${factInputs(d)})
                         union select ${d.key} from (${factInputs(d)} except from ${before}))`;
  }).join(' or ');
  const found = await firstRow<{ touched: boolean }>(
    tx,
    `select exists (select 1 from core.documents d where ${changed})
         or exists (select 1 from core.payments d where ${changed}) as touched`,
  );
  return found?.touched !== true;
}
