import type { Config } from '../lib/config.js';
import type { Log } from '../lib/log.js';
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
