import type { Warehouse } from '../../warehouse/db.js';
import { refreshCore, type CoreFact } from '../core-refresh.js';
import { sqlString } from '../canonical/sql.js';

/** The FEC staging tables, in build order; each has a `<table>_of(companies)` macro (warehouse/models/staging). */
export const FEC_STAGING_TABLES = [
  'fec_02_lines',
  'fec_03_line_entities',
  'fec_04_entities',
  'fec_05_lettered',
  'fec_06_allocations',
] as const;

/**
 * Brings the FEC staging tables up to date for `companies` only: their rows are deleted and built again from their
 * raw lines and settings, table after table, the other companies' rows kept (every row of these tables depends on its
 * own company's lines and settings). Equal to a full rebuild of the staging layer (tested), for the cost of the
 * companies an import touched instead of every company's history.
 */
export async function refreshFecStaging(tx: Warehouse, companies: readonly string[]): Promise<void> {
  if (companies.length === 0) return;
  const list = companyList(companies);
  for (const table of FEC_STAGING_TABLES) {
    await tx.run(`delete from staging.${table} where list_contains(${list}, company_id)`);
    await tx.run(`insert into staging.${table} select * from staging.${table}_of(${list})`);
  }
}

/** The companies as a SQL list literal (a temp view, as refreshFecCore makes, cannot take parameters). */
const companyList = (companies: readonly string[]) => `[${companies.map(sqlString).join(', ')}]::varchar[]`;

/**
 * Core after an FEC import of `companies`: their FEC facts replaced by what staging now gives for them, the other
 * companies' facts and every canonical fact kept (rebuilt whole instead when the import changed what stored facts read
 * from a customer or company: refreshCore). Equal to a rebuild of the core layer (tested after each import).
 */
export function refreshFecCore(tx: Warehouse, companies: readonly string[]): Promise<'appended' | 'rebuilt'> {
  const list = companyList(companies);
  return refreshCore(tx, async (fact: CoreFact) => {
    const loaded = `fec_loaded_${fact.entity}`;
    await tx.run(`create or replace temp view ${loaded} as
                  select * from ${fact.fecStaged} where list_contains(${list}, company_id)`);
    await tx.run(`delete from ${fact.table} where source = 'fec' and list_contains(${list}, company_id)`);
    await tx.run(`insert into ${fact.table} by name select * from ${fact.coreOf}(['${loaded}'])`);
    await tx.run(`drop view ${loaded}`);
  });
}
