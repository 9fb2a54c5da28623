import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Warehouse } from '../warehouse/db.js';

/** Per-entity outcome of one import: new keys, new versions of existing keys, identical rows skipped. */
export interface EntityCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface LoadedFile {
  path: string;
  sha256: string;
  rows: number;
}

/** What `encours import … --json` prints. */
export interface ImportReport {
  loadId: number | null;
  format: 'canonical' | 'fec';
  companyId: string | null;
  files: LoadedFile[];
  counts: Record<string, EntityCounts>;
  warnings: string[];
  /** True when every row was already in the warehouse: nothing was written. */
  unchanged: boolean;
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reserves a load id inside the import's transaction (rolled back with it on failure). */
export async function beginLoad(
  tx: Warehouse,
  format: ImportReport['format'],
  companyId: string | null,
  options: Record<string, unknown>,
): Promise<number> {
  const [row] = await tx.all<{ id: string }>(`select nextval('meta.load_seq') as id`);
  const loadId = Number(row!.id);
  await tx.run(
    `insert into meta.loads (load_id, format, company_id, files, options, started_at, status)
     values ($1, $2, $3, '[]', $4, now(), 'running')`,
    [loadId, format, companyId, JSON.stringify(options)],
  );
  return loadId;
}

/** Records the outcome; a load that wrote nothing is removed so that a re-import leaves no trace. */
export async function finishLoad(tx: Warehouse, report: ImportReport): Promise<void> {
  if (report.loadId === null) return;
  if (report.unchanged) {
    await tx.run('delete from meta.loads where load_id = $1', [report.loadId]);
    return;
  }
  await tx.run(
    `update meta.loads set files = $2, report = $3, finished_at = now(), status = 'committed' where load_id = $1`,
    [
      report.loadId,
      JSON.stringify(report.files),
      JSON.stringify({ counts: report.counts, warnings: report.warnings }),
    ],
  );
}

export function isUnchanged(counts: Record<string, EntityCounts>): boolean {
  return Object.values(counts).every((c) => c.inserted === 0 && c.updated === 0);
}
