import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from './db.js';

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

/** Applies the numbered SQL files of warehouse/migrations that this warehouse has not seen, each atomically. */
export async function migrateWarehouse(db: Warehouse, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.run('create schema if not exists meta');
  await db.run('create table if not exists meta.migrations (name varchar primary key, applied_at timestamp)');
  const done = new Set(
    (await db.all<{ name: string }>('select name from meta.migrations')).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    if (done.has(name)) continue;
    const sql = readFileSync(join(dir, name), 'utf8');
    await db.transaction(async (tx) => {
      await tx.run(sql);
      await tx.run('insert into meta.migrations values ($1, now())', [name]);
    });
    applied.push(name);
  }
  return applied;
}
