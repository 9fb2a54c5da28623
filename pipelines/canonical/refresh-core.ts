import type { Warehouse } from '../../warehouse/db.js';
import { listModels, type ModelFile } from '../../warehouse/transform.js';
import { refreshCore, type CoreFact } from '../core-refresh.js';
import type { EntityCounts } from '../load.js';

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
export function refreshCanonicalCore(
  tx: Warehouse,
  counts: Readonly<Record<string, EntityCounts>>,
  written: Readonly<Partial<Record<string, string>>>,
  models: readonly ModelFile[] = listModels(),
): Promise<'appended' | 'rebuilt'> {
  return refreshCore(
    tx,
    (fact) => appendLoadedRows(tx, fact, counts[fact.entity], written[fact.entity]),
    models,
  );
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
