import { existsSync } from 'node:fs';
import type { Config } from '../../lib/config.js';
import { EncoursError, describeError } from '../../lib/errors.js';
import type { Warehouse } from '../db.js';
import { openWarehouse } from '../warehouse.js';

export interface SqlLimits {
  /** DuckDB memory_limit for the query instance, e.g. '2GB'. */
  memoryLimit: string;
  threads: number;
}

export const DEFAULT_SQL_LIMITS: SqlLimits = { memoryLimit: '2GB', threads: 2 };

/**
 * Settings fixed when the analyst instance is created. With external access off DuckDB reads no file or URL
 * and loads no extension; with the configuration locked no statement can turn that back on.
 */
export function lockedSettings(limits: SqlLimits = DEFAULT_SQL_LIMITS): Record<string, string> {
  return {
    enable_external_access: 'false',
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    memory_limit: limits.memoryLimit,
    threads: String(limits.threads),
    lock_configuration: 'true',
  };
}

/** The warehouse file opened READ ONLY in its own instance with the settings above, for analyst SQL. */
export async function openSqlWarehouse(
  config: Pick<Config, 'warehousePath' | 'reportingCurrency'>,
  limits: SqlLimits = DEFAULT_SQL_LIMITS,
): Promise<Warehouse> {
  if (!existsSync(config.warehousePath)) {
    throw new EncoursError(
      'not_found',
      `no warehouse at "${config.warehousePath}" yet: import data first (encours import …), then query it`,
    );
  }
  try {
    return await openWarehouse(config, { readOnly: true, settings: lockedSettings(limits) });
  } catch (error) {
    const message = describeError(error);
    if (/lock/i.test(message)) {
      throw new EncoursError(
        'unavailable',
        `the warehouse "${config.warehousePath}" is held by another process (${message.split('\n')[0]}); ` +
          'wait for the import to finish or stop `encours serve`, then run the query again',
        { cause: error },
      );
    }
    throw error;
  }
}
