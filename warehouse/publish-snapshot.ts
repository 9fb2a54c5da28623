import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from './db.js';

/** Schemas exported as Parquet next to the DuckDB copy (what analysts query). */
const PARQUET_SCHEMAS = ['core', 'marts'];
/** Never in a snapshot: operational data (users, password hashes, API tokens, sessions, comments). */
const PRIVATE_SCHEMAS = ['ops'];
const LATEST = 'latest';

export interface PublishedSnapshot {
  /** Absolute path of the DuckDB copy. */
  file: string;
  parquetDir: string;
  tables: number;
}

/**
 * Publishes the read-only analyst snapshot of `asOf`: `warehouse-<asOf>.duckdb` (every schema but `ops`: tables,
 * views and macros, so `marts.kpis(...)` works there too), a Parquet file
 * per core/marts table in `warehouse-<asOf>.parquet/`, then the `latest` pointer (the DuckDB file's name). Each
 * part is written under a temporary name and renamed, so readers never see half a snapshot. Keeps the newest `keep`.
 */
export async function publishAnalystSnapshot(
  db: Warehouse,
  dir: string,
  asOf: string,
  keep = 7,
): Promise<PublishedSnapshot> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`bad snapshot date "${asOf}"`);
  mkdirSync(dir, { recursive: true });
  const name = `warehouse-${asOf}`;
  const file = join(dir, `${name}.duckdb`);
  const parquetDir = join(dir, `${name}.parquet`);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  rmSync(`${tmp}.duckdb`, { force: true });
  rmSync(`${tmp}.parquet`, { recursive: true, force: true });
  const [{ catalog } = { catalog: '' }] = await db.all<{ catalog: string }>(
    'select current_database() as catalog',
  );
  const alias = 'encours_snapshot';
  await db.withConnection(async (c) => {
    await c.run(`attach ${quote(`${tmp}.duckdb`)} as ${alias}`);
    try {
      // Definitions first, then the data of the public tables only: a whole-database copy would also fail on
      // foreign keys (it copies ops.api_tokens before ops.users).
      await c.run(`copy from database ${ident(catalog)} to ${alias} (schema)`);
      for (const schema of PRIVATE_SCHEMAS)
        await c.run(`drop schema if exists ${alias}.${ident(schema)} cascade`);
      const reader = await c.runAndReadAll(
        `select schema_name, table_name from duckdb_tables() where database_name = ${quote(catalog)} and not temporary
           and schema_name not in (${PRIVATE_SCHEMAS.map(quote).join(', ')}) order by 1, 2`,
      );
      for (const [schema, table] of reader.getRows() as [string, string][]) {
        const name = `${ident(schema)}.${ident(table)}`;
        await c.run(`insert into ${alias}.${name} select * from ${ident(catalog)}.${name}`);
      }
    } finally {
      await c.run(`detach ${alias}`);
    }
  });
  const tables = await db.all<{ schema_name: string; table_name: string }>(
    `select schema_name, table_name from duckdb_tables() where database_name = current_database()
       and schema_name in (${PARQUET_SCHEMAS.map(quote).join(', ')}) order by 1, 2`,
  );
  mkdirSync(`${tmp}.parquet`);
  for (const t of tables) {
    const target = join(`${tmp}.parquet`, `${t.schema_name}.${t.table_name}.parquet`);
    await db.run(
      `copy ${ident(t.schema_name)}.${ident(t.table_name)} to ${quote(target)} (format parquet, compression zstd)`,
    );
  }
  renameSync(`${tmp}.duckdb`, file);
  rmSync(parquetDir, { recursive: true, force: true });
  renameSync(`${tmp}.parquet`, parquetDir);
  writeFileSync(join(dir, `.${LATEST}.tmp`), `${name}.duckdb\n`);
  renameSync(join(dir, `.${LATEST}.tmp`), join(dir, LATEST));
  pruneSnapshots(dir, keep, `${name}.duckdb`);
  return { file, parquetDir, tables: tables.length };
}

/** The path of the latest published snapshot, or undefined when none was published. */
export function readLatestSnapshot(dir: string): string | undefined {
  const pointer = join(dir, LATEST);
  if (!existsSync(pointer)) return undefined;
  const file = join(dir, readFileSync(pointer, 'utf8').trim());
  return existsSync(file) ? file : undefined;
}

/** Keeps the `keep` most recently published snapshots (by time of publication, never the current one). */
function pruneSnapshots(dir: string, keep: number, current: string): void {
  const names = readdirSync(dir)
    .filter((f) => /^warehouse-\d{4}-\d{2}-\d{2}\.duckdb$/.test(f) && f !== current)
    .sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs);
  for (const old of names.slice(Math.max(0, keep - 1))) {
    rmSync(join(dir, old), { force: true });
    rmSync(join(dir, old.replace(/\.duckdb$/, '.parquet')), { recursive: true, force: true });
  }
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
