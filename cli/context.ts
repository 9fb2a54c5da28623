import type { Config } from '../lib/config.js';
import type { Log } from '../lib/log.js';
import { createOpsDb, type OpsDb } from '../warehouse/ops/database.js';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.js';

/** What every command gets, built once in main.ts. */
export interface CliContext {
  readonly config: Config;
  readonly log: Log;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Opens the warehouse for the duration of `work`, then closes it. */
  withWarehouse<T>(work: (db: Warehouse) => Promise<T>, options?: { readOnly?: boolean }): Promise<T>;
}

export function createCliContext(config: Config, log: Log): CliContext {
  return {
    config,
    log,
    stdout: process.stdout,
    async withWarehouse(work, options = {}) {
      const db = await openWarehouse(config, options);
      try {
        return await work(db);
      } finally {
        db.close();
      }
    },
  };
}

/** Opens the warehouse and the ops tables over it for the duration of `work` (the ops pool closes first). */
export function withOps<T>(ctx: CliContext, work: (ops: OpsDb, db: Warehouse) => Promise<T>): Promise<T> {
  return ctx.withWarehouse(async (db) => {
    const ops = createOpsDb(db);
    try {
      return await work(ops, db);
    } finally {
      await ops.destroy();
    }
  });
}
