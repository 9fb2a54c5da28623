import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../lib/errors.js';
import type { Log } from '../../lib/log.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { importFec } from '../../pipelines/fec/import.js';
import type { ImportReport } from '../../pipelines/load.js';
import type { Warehouse } from '../../warehouse/db.js';
import type { DropItem, LoadOutcome, PipelineSource } from './types.js';

/**
 * Imports one drop item with the source's importer, all or nothing; identical content changes nothing, so a
 * retried load never duplicates rows. Canonical: a folder of CSV files. FEC: a file, or a folder of files (one load).
 */
export async function importDropItem(
  db: Warehouse,
  source: PipelineSource,
  item: DropItem,
  log: Log,
): Promise<LoadOutcome> {
  const report =
    source.format === 'canonical'
      ? await importCanonicalItem(db, source, item, log)
      : await importFecItem(db, source, item, log);
  return summarize(report);
}

async function importCanonicalItem(
  db: Warehouse,
  source: PipelineSource,
  item: DropItem,
  log: Log,
): Promise<ImportReport> {
  if (item.kind !== 'folder') {
    throw new InputError(
      { file: item.path },
      'a canonical export is a folder (customers.csv, invoices.csv, payments.csv…); drop the files inside a new folder',
    );
  }
  return importCanonical(db, item.path, { companyId: source.company, log });
}

async function importFecItem(
  db: Warehouse,
  source: PipelineSource,
  item: DropItem,
  log: Log,
): Promise<ImportReport> {
  const paths = item.kind === 'file' ? [item.path] : listFolderFiles(item.path);
  if (paths.length === 0)
    throw new InputError({ file: item.path }, 'empty folder: drop FEC files (one per fiscal year)');
  return importFec(db, paths, { ...source.options, companyId: source.company }, log);
}

function listFolderFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(dir, e.name))
    .sort();
}

function summarize(report: ImportReport): LoadOutcome {
  const rows = Object.values(report.counts).reduce((n, c) => n + c.inserted + c.updated, 0);
  return {
    status: report.unchanged ? 'unchanged' : 'loaded',
    loadId: report.loadId,
    rows,
    warnings: report.warnings.length,
  };
}
