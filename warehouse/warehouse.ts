import type { Config } from '../lib/config.js';
import { openDuckDb, type Warehouse, type OpenOptions } from './db.js';
import { migrateWarehouse } from './migrate.js';
import { createHash } from 'node:crypto';
import { listModels, runTransforms } from './transform.js';

export type { Warehouse } from './db.js';

/** Opens $ENCOURS_HOME/warehouse.duckdb, migrated and with its models built, ready for imports and queries. */
export async function openWarehouse(
  config: Pick<Config, 'warehousePath' | 'reportingCurrency'>,
  options: OpenOptions = {},
): Promise<Warehouse> {
  const db = await openDuckDb(config.warehousePath, options);
  try {
    if (!options.readOnly) await prepareWarehouse(db, config.reportingCurrency);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Migrations, settings macros, and a build of the models whenever their SQL changed since the last build. */
export async function prepareWarehouse(db: Warehouse, reportingCurrency: string): Promise<void> {
  await migrateWarehouse(db);
  if (!/^[A-Z]{3}$/.test(reportingCurrency)) throw new Error(`bad reporting currency "${reportingCurrency}"`);
  await db.run(`create or replace macro main.reporting_currency() as '${reportingCurrency}'`);
  const models = listModels();
  const hash = createHash('sha256')
    .update(models.map((m) => m.sql).join('\n;\n'))
    .digest('hex');
  await db.run('create table if not exists meta.model_build (hash varchar, built_at timestamp)');
  const [last] = await db.all<{ hash: string }>('select hash from meta.model_build');
  if (last?.hash === hash) return;
  await runTransforms(db, models);
  await db.run('delete from meta.model_build');
  await db.run('insert into meta.model_build values ($1, now())', [hash]);
}
