import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** The warehouse as the rest of the code sees it: queries, transactions, the raw connection when needed. */
export interface Warehouse {
  readonly path: string;
  readonly instance: DuckDBInstance;
  /** Runs statements; with params, one prepared statement. */
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Rows as plain JSON values: DECIMAL and BIGINT as strings, DATE as 'YYYY-MM-DD'. */
  all<T = Row>(sql: string, params?: SqlParams): Promise<T[]>;
  /** All or nothing: the callback gets a warehouse bound to one connection inside BEGIN … COMMIT. */
  transaction<T>(work: (tx: Warehouse) => Promise<T>): Promise<T>;
  /** Runs work on a dedicated connection (for appenders and long reads). */
  withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** DuckDB settings such as memory_limit or threads. */
  settings?: Record<string, string>;
}

export async function openDuckDb(path: string, options: OpenOptions = {}): Promise<Warehouse> {
  if (path !== ':memory:' && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
  const settings: Record<string, string> = { ...options.settings };
  if (options.readOnly) settings.access_mode = 'READ_ONLY';
  const instance = await DuckDBInstance.create(path, settings);
  const connection = await instance.connect();
  return bindWarehouse(path, instance, connection, createQueue(), true);
}

function bindWarehouse(
  path: string,
  instance: DuckDBInstance,
  connection: DuckDBConnection,
  queue: Queue,
  ownsInstance: boolean,
): Warehouse {
  const self: Warehouse = {
    path,
    instance,
    run: (sql, params) =>
      queue(async () => {
        if (params) await connection.run(sql, params);
        else await connection.run(sql);
      }),
    all: <T>(sql: string, params?: SqlParams) =>
      queue(async () => {
        const reader = params
          ? await connection.runAndReadAll(sql, params)
          : await connection.runAndReadAll(sql);
        return reader.getRowObjectsJson() as T[];
      }),
    async transaction<T>(work: (tx: Warehouse) => Promise<T>): Promise<T> {
      const txConnection = await instance.connect();
      const tx = bindWarehouse(path, instance, txConnection, createQueue(), false);
      await txConnection.run('begin transaction');
      try {
        const result = await work(tx);
        await txConnection.run('commit');
        return result;
      } catch (error) {
        await txConnection.run('rollback').catch(() => undefined);
        throw error;
      } finally {
        txConnection.closeSync();
      }
    },
    async withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
      const own = await instance.connect();
      try {
        return await work(own);
      } finally {
        own.closeSync();
      }
    },
    close() {
      connection.closeSync();
      if (ownsInstance) instance.closeSync();
    },
  };
  return self;
}

type Queue = <T>(task: () => Promise<T>) => Promise<T>;

/** Serialises the statements sent on one connection. */
function createQueue(): Queue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const next = tail.then(task, task);
    tail = next.catch(() => undefined);
    return next;
  };
}
