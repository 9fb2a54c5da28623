import type { Warehouse } from '../../warehouse/db.js';

/** DuckDB memory for an import: enough for its sorts and joins (it spills beyond), and a bounded process RSS. */
export const IMPORT_MEMORY_LIMIT = '2GiB';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** Bytes of a DuckDB size setting such as '18.4 GiB' or '2GB' (NaN when unreadable). */
export function parseMemorySize(text: string): number {
  const match = /^\s*([\d.]+)\s*([a-z]+)?\s*$/i.exec(text);
  if (!match) return NaN;
  return Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? NaN);
}

/**
 * Runs `work` with DuckDB's memory_limit lowered to `cap` when it is higher (DuckDB's default is 80 % of the RAM,
 * and its buffer cache grows to it), then puts the previous limit back. The setting is the instance's: queries
 * running meanwhile in the same process share the cap.
 */
export async function withMemoryCap<T>(db: Warehouse, cap: string, work: () => Promise<T>): Promise<T> {
  const [row] = await db.all<{ limit: string }>(`select current_setting('memory_limit') as limit`);
  const previous = row?.limit ?? '';
  if (!(parseMemorySize(previous) > parseMemorySize(cap))) return work();
  await db.run(`set memory_limit = '${cap}'`);
  try {
    return await work();
  } finally {
    await db.run(`set memory_limit = '${previous.replace(/'/g, '')}'`);
  }
}
