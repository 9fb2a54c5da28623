import type { Warehouse } from '../../warehouse/db.js';
import { listModels, runTransforms, type ModelFile } from '../../warehouse/transform.js';
import type { EntityCounts } from '../load.js';
import { firstRow } from './sql.js';

/** A core fact table that a canonical load can append to, and the models that build it. */
interface CoreFact {
  /** The entity of the import's counts whose raw rows feed it. */
  entity: 'invoices' | 'payments' | 'allocations';
  model: string;
  table: string;
  keys: readonly string[];
  /** Staging macro shaping raw-shaped rows as the staging view, and core macro turning those into core rows. */
  stagedOf: string;
  coreOf: string;
}

const FACTS: readonly CoreFact[] = [
  {
    entity: 'invoices',
    model: '03_documents.sql',
    table: 'core.documents',
    keys: ['company_id', 'document_id'],
    stagedOf: 'staging.canonical_documents_of',
    coreOf: 'core.documents_of',
  },
  {
    entity: 'payments',
    model: '04_payments.sql',
    table: 'core.payments',
    keys: ['company_id', 'payment_id'],
    stagedOf: 'staging.canonical_payments_of',
    coreOf: 'core.payments_of',
  },
  {
    entity: 'allocations',
    model: '05_allocations.sql',
    table: 'core.allocations',
    keys: ['company_id', 'source_id', 'document_id'],
    stagedOf: 'staging.canonical_allocations_of',
    coreOf: 'core.allocations_of',
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
 * Staging and core after a canonical load, equal to what a rebuild from raw gives (`runTransforms` over the staging and
 * core layers), without ranking every raw version again. `written` gives, per entity, a query of the rows the load
 * appended to raw (insertRawRows); they are the current versions of their keys, so each fact table keeps its rows of
 * other keys and gets the load's rows appended (built by the same staging and core macros as the rebuild). That holds
 * only while the facts already in core would come out the same: when the load changes a customer or company that
 * some stored document or payment joins to, the facts are rebuilt from staging instead.
 * Small tables (customers, companies, fx rates) are always rebuilt. The staging layer needs nothing: its canonical
 * models are views over raw, and its FEC tables depend on FEC lines and company settings only, which a canonical load
 * does not write. Returns how the facts were refreshed.
 */
export async function refreshCanonicalCore(
  tx: Warehouse,
  counts: Readonly<Record<string, EntityCounts>>,
  written: Readonly<Partial<Record<string, string>>>,
  models: readonly ModelFile[] = listModels(),
): Promise<'appended' | 'rebuilt'> {
  for (const d of FACT_DIMENSIONS) await tx.run(snapshotSql(d));
  let mode: 'appended' | 'rebuilt' | undefined;
  for (const model of models.filter((m) => m.layer === 'core')) {
    const fact = FACTS.find((f) => f.model === model.name);
    if (fact) mode ??= (await storedFactsStay(tx)) ? 'appended' : 'rebuilt';
    if (!fact || mode === 'rebuilt') await runTransforms(tx, [model], ['core']);
    else await appendLoadedRows(tx, fact, counts[fact.entity], written[fact.entity]);
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

/** Replaces the fact rows of the keys the load wrote (new versions) and appends the load's rows. */
async function appendLoadedRows(
  tx: Warehouse,
  fact: CoreFact,
  counts: EntityCounts | undefined,
  written: string | undefined,
): Promise<void> {
  if (!counts || !written || counts.inserted + counts.updated === 0) return;
  const [raw, loaded] = [`written_${fact.entity}`, `loaded_${fact.entity}`];
  await tx.run(`create or replace temp view ${raw} as ${written}`);
  await tx.run(`create or replace temp view ${loaded} as select * from ${fact.stagedOf}(['${raw}'])`);
  if (counts.updated > 0) {
    const match = fact.keys.map((k) => `c.${k} = n.${k}`).join(' and ');
    await tx.run(`delete from ${fact.table} c using (select ${fact.keys.join(', ')} from ${loaded}) n
                  where c.source = 'canonical' and ${match}`);
  }
  await tx.run(`insert into ${fact.table} by name select * from ${fact.coreOf}(['${loaded}'])`);
  await tx.run(`drop view ${loaded}; drop view ${raw}`);
}
