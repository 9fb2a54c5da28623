import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../lib/errors.js';
import type { Log } from '../../lib/log.js';
import { bumpDataGeneration } from '../../warehouse/data-generation.js';
import type { Warehouse } from '../../warehouse/db.js';
import { listModels, runTransforms } from '../../warehouse/transform.js';
import { beginLoad, finishLoad, isUnchanged, type EntityCounts, type ImportReport } from '../load.js';
import { ALLOCATION_ROWS, createAllocationCells, createAllocationTable } from './allocations.js';
import { checkBalances } from './balances.js';
import { withImportConnection } from './connection.js';
import { removeDuplicates } from './duplicates.js';
import { firstRow } from './sql.js';
import { absentFile, readCsvFile, type CsvFile } from './read-file.js';
import { checkCustomersKnown, warnDueBeforeIssue } from './references.js';
import { refreshCanonicalCore } from './refresh-core.js';
import { ensureRowHashes } from '../row-hash.js';
import { FILE_SPECS, type Entity, type FileSpec } from './spec.js';
import * as typed from './typed.js';
import { countRawChanges, insertRawRows } from './write-raw.js';

export interface CanonicalImportOptions {
  /** `--company`: the company of rows that have no company_id value. */
  companyId?: string;
  log?: Log;
  /** Called once the import's transaction has committed, before the marts are rebuilt (the bench times both). */
  onCommitted?: () => void;
}

interface EntityStep {
  shape: typed.TypedShape;
  /** Column named by duplicate messages, and the SQL (over alias t) naming the duplicated row. */
  idColumn: string;
  label: string;
  /** Reads and types the file into its temp table; the file alone, before the transaction. Returns the rows. */
  build(conn: Warehouse, file: CsvFile, company: string | undefined): Promise<number>;
  /** What needs the warehouse, inside the transaction: companies of rows without one, allocation sources. */
  resolve?(tx: Warehouse, file: CsvFile, company: string | undefined, rows: number): Promise<void>;
}

const STEPS: Record<Entity, EntityStep> = {
  customers: {
    shape: typed.CUSTOMER_ROWS,
    idColumn: 'customer_id',
    label: `'customer "' || t.customer_id || '"'`,
    build: (tx, file) => typed.createTypedTable(tx, typed.CUSTOMER_ROWS, file),
  },
  invoices: {
    shape: typed.DOCUMENT_ROWS,
    idColumn: 'document_id',
    label: `'document "' || t.document_id || '" of company ' || t.company_id`,
    build: (conn, file, company) => typed.createCompanyTable(conn, typed.DOCUMENT_ROWS, file, company),
    resolve: (tx, file, company) =>
      company === undefined ? typed.resolveCompanies(tx, typed.DOCUMENT_ROWS, file) : Promise.resolve(),
  },
  payments: {
    shape: typed.PAYMENT_ROWS,
    idColumn: 'payment_id',
    label: `'payment "' || t.payment_id || '" of company ' || t.company_id`,
    build: (conn, file, company) => typed.createCompanyTable(conn, typed.PAYMENT_ROWS, file, company),
    resolve: (tx, file, company) =>
      company === undefined ? typed.resolveCompanies(tx, typed.PAYMENT_ROWS, file) : Promise.resolve(),
  },
  allocations: {
    shape: ALLOCATION_ROWS,
    idColumn: 'source_id',
    label: `'the allocation of "' || t.source_id || '" to "' || t.document_id || '"'`,
    build: (conn, file) => createAllocationCells(conn, file),
    resolve: createAllocationTable,
  },
  fx_rates: {
    shape: typed.FX_RATE_ROWS,
    idColumn: 'date',
    label: `'the rate of ' || t.currency || ' on ' || t.date`,
    build: (tx, file) => typed.createTypedTable(tx, typed.FX_RATE_ROWS, file),
  },
};

/**
 * Imports a folder of canonical CSV files in one transaction: all or nothing, identical re-imports change nothing,
 * corrected rows append a new version. Bad input throws an InputError naming file, line, column and reason.
 */
export async function importCanonical(
  db: Warehouse,
  dir: string,
  options: CanonicalImportOptions = {},
): Promise<ImportReport> {
  const folder = resolve(dir);
  const company = options.companyId?.trim() || undefined;
  const { present, warnings } = listCanonicalFiles(folder);
  const pathOf = (entity: Entity) => join(folder, FILE_SPECS.find((s) => s.entity === entity)!.file);
  const started = Date.now();
  const log = (msg: string, fields: Record<string, unknown> = {}) =>
    options.log?.debug({ ...fields, ms: Date.now() - started }, msg);
  const report = await withImportConnection(db, async (tx, transaction) => {
    const readFile = (spec: FileSpec) =>
      present.includes(spec.entity) ? readCsvFile(pathOf(spec.entity), spec) : absentFile(spec);
    const built: Array<{ file: CsvFile; rows: number }> = [];
    let file = readFile(FILE_SPECS[0]!);
    for (const [i, spec] of FILE_SPECS.entries()) {
      const typing = STEPS[spec.entity].build(tx, file, company);
      // Node checks the next file's bytes while DuckDB types this one; this file's problems are reported first
      const following = FILE_SPECS[i + 1];
      let next: CsvFile | undefined;
      let unreadable: unknown;
      try {
        next = following && readFile(following);
      } catch (error) {
        unreadable = error;
      }
      built.push({ file, rows: await typing });
      log('typed canonical file', { file: spec.file });
      if (unreadable !== undefined) throw unreadable;
      if (next) file = next;
    }
    const check = (entity?: Entity) => checkTypedFiles(tx, built, company, entity);
    // Unless some row takes its company from the warehouse, the per-file checks run before the transaction too (their
    // tables are then read on both threads inside it). Allocation sources come from the warehouse: if an import
    // committed meanwhile, they are resolved again inside the transaction.
    const early = company !== undefined || !(await lacksCompany(tx));
    const seen = early ? await readLastLoad(tx) : undefined;
    const checked = early ? await check() : undefined;
    return transaction(async () => {
      const found = checked ?? (await check());
      if (checked && (await readLastLoad(tx)) !== seen)
        Object.assign(found.warnings, (await check('allocations')).warnings);
      const files = found.files;
      warnings.push(...FILE_SPECS.flatMap((spec) => found.warnings[spec.entity] ?? []));
      log('checked canonical files');
      if (await ensureRowHashes(tx)) log('recomputed the stored row hashes');
      const counts: Record<string, EntityCounts> = {};
      for (const { file } of files)
        counts[file.spec.entity] = await countRawChanges(tx, STEPS[file.spec.entity].shape);
      const unchanged = isUnchanged(counts);
      const report: ImportReport = {
        loadId: null,
        format: 'canonical',
        companyId: company ?? null,
        files: files.map(({ file, rows }) => ({ path: file.path!, sha256: file.sha256, rows })),
        counts,
        warnings,
        unchanged,
      };
      if (unchanged) return report;

      // Identical rows cannot break what the warehouse already holds: the cross checks run only when something changes.
      await checkCustomersKnown(tx, { invoices: pathOf('invoices'), payments: pathOf('payments') });
      await checkBalances(tx, {
        allocations: pathOf('allocations'),
        invoices: pathOf('invoices'),
        payments: pathOf('payments'),
      });
      warnings.push(...(await warnDueBeforeIssue(tx, pathOf('invoices'))));
      log('checked canonical import');
      report.loadId = await beginLoad(tx, 'canonical', company ?? null, {
        dir: folder,
        company: company ?? null,
      });
      const written: Partial<Record<Entity, string>> = {};
      for (const { file } of files) {
        written[file.spec.entity] = await insertRawRows(tx, STEPS[file.spec.entity].shape, {
          loadId: report.loadId,
          sourceFile: file.path!,
        });
      }
      log('wrote raw rows');
      const core = await refreshCanonicalCore(tx, counts, written);
      log('refreshed staging and core', { core });
      await finishLoad(tx, report);
      options.log?.info({ loadId: report.loadId, counts, ms: Date.now() - started }, 'canonical import done');
      return report;
    });
  });
  log('committed canonical import');
  options.onCommitted?.();
  if (report.unchanged) return report;
  bumpDataGeneration(db);
  await runTransforms(db, listModels(), ['marts']);
  log('rebuilt marts');
  return report;
}

interface CheckedFiles {
  files: Array<{ file: CsvFile; rows: number }>;
  warnings: Partial<Record<Entity, string[]>>;
}

/** Per typed file (or only `entity`'s): what needs the warehouse, scan warnings, duplicates. The present files. */
async function checkTypedFiles(
  tx: Warehouse,
  built: ReadonlyArray<{ file: CsvFile; rows: number }>,
  company: string | undefined,
  entity?: Entity,
): Promise<CheckedFiles> {
  const checked: CheckedFiles = { files: [], warnings: {} };
  for (const { file, rows } of built.filter((b) => entity === undefined || b.file.spec.entity === entity)) {
    const { spec } = file;
    const step = STEPS[spec.entity];
    const warnings: string[] = [];
    await step.resolve?.(tx, file, company, rows);
    if (file.scannedRecords !== undefined && file.scannedRecords !== rows) {
      warnings.push(`${spec.file}: line numbers in messages may be approximate (unusual line endings)`);
    }
    warnings.push(...file.warnings);
    const label = { file: file.path ?? spec.file, column: step.idColumn, label: step.label };
    warnings.push(...(await removeDuplicates(tx, step.shape, label)));
    checked.warnings[spec.entity] = warnings;
    if (file.path) checked.files.push({ file, rows });
  }
  return checked;
}

/** True when some invoice or payment row has no company_id value (its company comes from the warehouse). */
async function lacksCompany(tx: Warehouse): Promise<boolean> {
  const found = await firstRow<{ any: boolean }>(
    tx,
    `select exists (select 1 from typed_invoices where company_id is null)
         or exists (select 1 from typed_payments where company_id is null) as any`,
  );
  return found?.any === true;
}

/** The last committed load: every import that changes core facts records one. */
async function readLastLoad(tx: Warehouse): Promise<string> {
  const found = await firstRow<{ last: string | null }>(
    tx,
    `select max(load_id)::varchar || '/' || count(*) as last from meta.loads`,
  );
  return found?.last ?? '';
}

/** Which contract files the folder holds; other CSV files are reported and ignored. */
export function listCanonicalFiles(folder: string): { present: Entity[]; warnings: string[] } {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InputError(
      { file: folder },
      'not a folder; give the folder that holds customers.csv, invoices.csv, …',
    );
  }
  const names = readdirSync(folder);
  const present = FILE_SPECS.filter((s) => names.includes(s.file)).map((s) => s.entity);
  if (present.length === 0) {
    throw new InputError(
      { file: folder },
      `no canonical file found; the folder needs at least one of ${FILE_SPECS.map((s) => s.file).join(', ')}`,
    );
  }
  const known = new Set(FILE_SPECS.map((s) => s.file));
  const warnings = names
    .filter((n) => n.toLowerCase().endsWith('.csv') && !known.has(n))
    .map((n) => `${n}: not a canonical file name, ignored (expected ${[...known].join(', ')})`);
  return { present, warnings };
}
