import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../lib/errors.js';
import type { Log } from '../../lib/log.js';
import type { Warehouse } from '../../warehouse/db.js';
import { runTransforms } from '../../warehouse/transform.js';
import { beginLoad, finishLoad, isUnchanged, type EntityCounts, type ImportReport } from '../load.js';
import { ALLOCATION_ROWS, buildTypedAllocations } from './allocations.js';
import { checkBalances } from './balances.js';
import { checkRows } from './check-rows.js';
import { removeDuplicates } from './duplicates.js';
import { createEmptyTextView, loadCsvFile, type CsvTable } from './read-file.js';
import { checkCustomersKnown, warnDueBeforeIssue } from './references.js';
import { FILE_SPECS, type Entity } from './spec.js';
import * as typed from './typed.js';
import { writeRawRows } from './write-raw.js';

export interface CanonicalImportOptions {
  /** `--company`: the company of rows that have no company_id column value. */
  companyId?: string;
  log?: Log;
}

const SHAPES: Record<Entity, typed.TypedShape> = {
  customers: typed.CUSTOMER_ROWS,
  invoices: typed.DOCUMENT_ROWS,
  payments: typed.PAYMENT_ROWS,
  allocations: ALLOCATION_ROWS,
  fx_rates: typed.FX_RATE_ROWS,
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
  return db.transaction(async (tx) => {
    const tables: CsvTable[] = [];
    for (const spec of FILE_SPECS) {
      if (!present.includes(spec.entity)) {
        await createEmptyTextView(tx, spec);
        continue;
      }
      const table = await loadCsvFile(tx, pathOf(spec.entity), spec);
      await checkRows(tx, table);
      tables.push(table);
      warnings.push(...table.warnings);
      options.log?.debug(
        { file: table.path, rows: table.rows, ms: Date.now() - started },
        'read canonical file',
      );
    }
    await typed.buildTypedCustomers(tx);
    await typed.buildTypedInvoices(tx, pathOf('invoices'), company);
    await typed.buildTypedPayments(tx, pathOf('payments'), company);
    await typed.buildTypedFxRates(tx);
    warnings.push(
      ...(await removeDuplicates(
        tx,
        typed.CUSTOMER_ROWS,
        dup(pathOf('customers'), 'customer_id', `'customer "' || t.customer_id || '"'`),
      )),
    );
    warnings.push(
      ...(await removeDuplicates(
        tx,
        typed.DOCUMENT_ROWS,
        dup(
          pathOf('invoices'),
          'document_id',
          `'document "' || t.document_id || '" of company ' || t.company_id`,
        ),
      )),
    );
    warnings.push(
      ...(await removeDuplicates(
        tx,
        typed.PAYMENT_ROWS,
        dup(
          pathOf('payments'),
          'payment_id',
          `'payment "' || t.payment_id || '" of company ' || t.company_id`,
        ),
      )),
    );
    warnings.push(
      ...(await removeDuplicates(
        tx,
        typed.FX_RATE_ROWS,
        dup(pathOf('fx_rates'), 'date', `'the rate of ' || t.currency || ' on ' || t.date`),
      )),
    );
    await checkCustomersKnown(tx, { invoices: pathOf('invoices'), payments: pathOf('payments') });
    await buildTypedAllocations(tx, pathOf('allocations'), company);
    warnings.push(
      ...(await removeDuplicates(
        tx,
        ALLOCATION_ROWS,
        dup(
          pathOf('allocations'),
          'source_id',
          `'the allocation of "' || t.source_id || '" to "' || t.document_id || '"'`,
        ),
      )),
    );
    await checkBalances(tx, {
      allocations: pathOf('allocations'),
      invoices: pathOf('invoices'),
      payments: pathOf('payments'),
    });
    warnings.push(...(await warnDueBeforeIssue(tx, pathOf('invoices'))));
    options.log?.debug({ ms: Date.now() - started }, 'checked canonical import');

    const loadId = await beginLoad(tx, 'canonical', company ?? null, {
      dir: folder,
      company: company ?? null,
    });
    const counts: Record<string, EntityCounts> = {};
    for (const table of tables) {
      counts[table.spec.entity] = await writeRawRows(tx, SHAPES[table.spec.entity], {
        loadId,
        sourceFile: table.path,
      });
    }
    const unchanged = isUnchanged(counts);
    const report: ImportReport = {
      loadId: unchanged ? null : loadId,
      format: 'canonical',
      companyId: company ?? null,
      files: tables.map((t) => ({ path: t.path, sha256: t.sha256, rows: t.rows })),
      counts,
      warnings,
      unchanged,
    };
    options.log?.debug({ ms: Date.now() - started }, 'wrote raw rows');
    if (!unchanged) await runTransforms(tx);
    await finishLoad(tx, { ...report, loadId });
    options.log?.info({ loadId: report.loadId, counts, ms: Date.now() - started }, 'canonical import done');
    return report;
  });
}

function dup(file: string, column: string, label: string) {
  return { file, column, label };
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
