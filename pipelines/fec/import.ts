import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncoursError, InputError } from '../../lib/errors.js';
import type { Log } from '../../lib/log.js';
import { bumpDataGeneration } from '../../warehouse/data-generation.js';
import type { Warehouse } from '../../warehouse/db.js';
import { listModels, runTransforms } from '../../warehouse/transform.js';
import { beginLoad, finishLoad, type EntityCounts, type ImportReport } from '../load.js';
import { compareCore, snapshotCore } from './core-counts.js';
import { scanFecFiles, type ScannedFec } from './scan-files.js';
import { stageFecFiles } from './stage-files.js';
import {
  compareStagedYears,
  createIncomingTables,
  dropIncomingTables,
  dropStagedYear,
  findUnbalancedEntry,
  loadTerms,
} from './queries.js';
import { IMPORT_MEMORY_LIMIT, withMemoryCap } from './memory-cap.js';
import { listOpeningWarnings } from './opening-checks.js';
import { ensureRowHashes } from '../row-hash.js';
import { refreshFecCore, refreshFecStaging } from './refresh.js';
import { saveFecSettings, type FecSettings } from './settings.js';
import { TERMS_PATTERN, transcodeTermsFile } from './terms.js';

export interface FecImportOptions extends FecSettings {
  /** --company; default: the SIREN in each file name, else 'default'. */
  companyId?: string;
  /** --terms-file: customers with their payment terms (customer_id, payment_terms[, name]). */
  termsFile?: string;
}

/**
 * `encours import fec`: checks and hashes the files, then in one transaction reads their lines, keeps what changed
 * in raw.fec_lines and raw.fec_terms, saves the company settings, refreshes the FEC staging tables and core facts of
 * its companies; the marts follow once that has committed (runTransforms explains why). Bad input changes nothing.
 */
export async function importFec(
  db: Warehouse,
  paths: string[],
  options: FecImportOptions,
  log: Log,
): Promise<ImportReport> {
  checkOptions(options);
  if (options.defaultTerms)
    options = { ...options, defaultTerms: options.defaultTerms.toUpperCase().replace(/\s+/g, '') };
  if (paths.length === 0) throw new EncoursError('bad_input', 'give at least one FEC file');
  const tempDir = mkdtempSync(join(tmpdir(), 'encours-fec-'));
  try {
    const warnings: string[] = [];
    const files = await scanFecFiles(paths, options.companyId, warnings);
    const terms = options.termsFile ? join(tempDir, 'terms.txt') : null;
    const termRows = options.termsFile && terms ? transcodeTermsFile(options.termsFile, terms) : 0;
    return await withMemoryCap(db, IMPORT_MEMORY_LIMIT, async () => {
      const report = await db.transaction((tx) =>
        loadFiles(tx, files, { path: options.termsFile, staged: terms, rows: termRows }, options, {
          tempDir,
          warnings,
          log,
        }),
      );
      // Marts are rebuilt once the ledger has committed (see runTransforms: fresh core tables have no statistics).
      if (!report.unchanged) {
        bumpDataGeneration(db);
        await runTransforms(db, listModels(), ['marts']);
      }
      return report;
    });
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

interface TermsInput {
  path: string | undefined;
  staged: string | null;
  rows: number;
}

async function loadFiles(
  tx: Warehouse,
  files: ScannedFec[],
  terms: TermsInput,
  options: FecImportOptions,
  { tempDir, warnings, log }: { tempDir: string; warnings: string[]; log: Log },
): Promise<ImportReport> {
  const started = Date.now();
  const companies = [...new Set(files.map((f) => f.companyId))];
  const loadId = await beginLoad(tx, 'fec', companies.length === 1 ? companies[0]! : null, { ...options });
  await createIncomingTables(tx);
  // stored lines are compared by hash: first make theirs this DuckDB's (before this load's lines join them)
  await ensureRowHashes(tx);
  const loaded = await stageFecFiles(tx, loadId, files, tempDir, warnings, log);
  log.info({ ms: Date.now() - started }, 'staged FEC lines');
  await refuseUnbalanced(tx, loadId);
  let settingsChanged = false;
  for (const company of companies)
    settingsChanged = (await saveFecSettings(tx, company, options)) || settingsChanged;
  const lines = await keepChangedYears(tx, loadId, warnings);
  const counts: Record<string, EntityCounts> = { lines };
  if (terms.path && terms.staged && terms.rows > 0) {
    counts.terms = await loadTerms(tx, loadId, terms.path, terms.staged, companies);
  }
  const unchanged =
    !settingsChanged && Object.values(counts).every((c) => c.inserted === 0 && c.updated === 0);
  const report: ImportReport = {
    loadId,
    format: 'fec',
    companyId: companies.length === 1 ? companies[0]! : null,
    files: loaded,
    counts,
    warnings,
    unchanged,
  };
  log.info({ ms: Date.now() - started, unchanged }, 'compared FEC lines with the warehouse');
  if (!unchanged) {
    await snapshotCore(tx);
    // the FEC staging tables and core facts of these companies only (staging views need no rebuild)
    await refreshFecStaging(tx, companies);
    const core = await refreshFecCore(tx, companies);
    log.info({ ms: Date.now() - started, core }, 'refreshed staging and core');
    Object.assign(counts, await compareCore(tx));
    warnings.push(...(await listOpeningWarnings(tx)));
  }
  await dropIncomingTables(tx);
  await finishLoad(tx, report);
  return unchanged ? { ...report, loadId: null } : report;
}

async function refuseUnbalanced(tx: Warehouse, loadId: number): Promise<void> {
  const entry = await findUnbalancedEntry(tx, loadId);
  if (!entry) return;
  const others = Number(entry.entries) - 1;
  throw new InputError(
    { file: entry.source_file, line: entry.first_line, column: 'EcritureNum' },
    `entry ${entry.ecriture_num ?? '(no EcritureNum)'} of journal ${entry.journal_code ?? '(none)'} does not balance: ` +
      `debit ${entry.debit}, credit ${entry.credit}, difference ${entry.difference}` +
      (others > 0 ? ` (and ${others} other unbalanced entr${others > 1 ? 'ies' : 'y'})` : '') +
      '; every FEC entry must balance — fix the entry or the export in the accounting software',
  );
}

/** Each staged (company, fiscal year) whose lines differ from its current version becomes the new version. */
async function keepChangedYears(tx: Warehouse, loadId: number, warnings: string[]): Promise<EntityCounts> {
  const counts: EntityCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const year of await compareStagedYears(tx, loadId)) {
    const [same, added, removed] = [Number(year.same), Number(year.added), Number(year.removed)];
    counts.unchanged += same;
    if (added === 0 && removed === 0) {
      await dropStagedYear(tx, loadId, year.company_id, year.fiscal_year);
      continue;
    }
    counts.inserted += added;
    if (removed > 0) {
      warnings.push(
        `company ${year.company_id} fiscal year ${year.fiscal_year}: this file replaces the one loaded before; ` +
          `${removed} line(s) of it are no longer present`,
      );
    }
  }
  return counts;
}

function checkOptions(options: FecImportOptions): void {
  const bad = (what: string) => new EncoursError('bad_input', what);
  if (options.unlettered && !['unapplied', 'oldest-first'].includes(options.unlettered)) {
    throw bad(`--unlettered must be "unapplied" or "oldest-first", got "${options.unlettered}"`);
  }
  if (options.defaultTerms !== undefined && !TERMS_PATTERN.test(options.defaultTerms)) {
    throw bad(
      `--default-terms must be days net (30) or days after end of month (45FM), got "${options.defaultTerms}"`,
    );
  }
  if (options.receivablePrefix !== undefined && !/^\d{1,10}$/.test(options.receivablePrefix)) {
    throw bad(
      `--receivable-prefix must be the leading digits of the receivable accounts (411), got "${options.receivablePrefix}"`,
    );
  }
  if (options.currency !== undefined && !/^[A-Z]{3}$/.test(options.currency)) {
    throw bad(`--currency must be an ISO 4217 code such as EUR, got "${options.currency}"`);
  }
  if (options.companyId !== undefined && !/^[\w.-]{1,64}$/.test(options.companyId)) {
    throw bad(`--company must be letters, digits, dot, dash or underscore, got "${options.companyId}"`);
  }
}
