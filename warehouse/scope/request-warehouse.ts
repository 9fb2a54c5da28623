import type { DuckDBConnection } from '@duckdb/node-api';
import { EncoursError } from '../../lib/errors.js';
import type { Warehouse } from '../db.js';
import type { AccessScope } from './access-scope.js';
import { withScopedConnection, withScopedWarehouse } from './scoped-session.js';

/**
 * The scoped warehouse of one request, opened on first use (a request that reads no ledger data pays nothing) and
 * kept until `close()`: one connection and one read transaction, so every query of the request sees the same data.
 */
export class ScopedRequestSession {
  #opened: Promise<Warehouse> | undefined;
  #release: (() => void) | undefined;
  #done: Promise<unknown> | undefined;
  #closed = false;

  constructor(
    readonly db: Warehouse,
    readonly scope: AccessScope,
  ) {}

  /** The warehouse this request reads: one connection and one read transaction, kept until close(). */
  get(): Promise<Warehouse> {
    if (this.#closed) return Promise.reject(new Error('the request is over: its scoped warehouse is closed'));
    this.#opened ??= new Promise<Warehouse>((resolve, reject) => {
      const released = new Promise<void>((r) => (this.#release = r));
      const hold = async (tx: Warehouse) => {
        resolve(tx);
        await released;
      };
      // scope `all` gets a connection of its own too: requests then run side by side instead of queueing on the
      // warehouse's one shared connection
      const db = this.db;
      const opened =
        this.scope.kind === 'all'
          ? db.transaction((tx) =>
              hold({
                ...tx,
                withConnection: (work) => db.withConnection(work),
                transaction: (work) => work(tx),
              }),
            )
          : withScopedWarehouse(db, this.scope, hold);
      this.#done = opened.catch(reject);
    });
    return this.#opened;
  }

  /** A connection of its own with the same scope (for appenders and streams). */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.scope.kind === 'all') return this.db.withConnection(work);
    return withScopedConnection(this.db, this.scope, work);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#release?.();
    await this.#done?.catch(() => undefined);
  }
}

/**
 * A Warehouse whose every call goes to the current request's scoped session (`current()`), so that code written
 * against a plain Warehouse (the KPI routes) honours the caller's scope without knowing about it. Outside a request
 * it refuses to run rather than read unscoped.
 */
export function createRequestWarehouse(
  db: Warehouse,
  current: () => ScopedRequestSession | undefined,
): Warehouse {
  const session = (): ScopedRequestSession => {
    const found = current();
    if (!found)
      throw new EncoursError(
        'internal',
        'the warehouse was used outside a request: no access scope to apply',
      );
    return found;
  };
  return {
    path: db.path,
    instance: db.instance,
    run: async (sql, params) => (await session().get()).run(sql, params),
    all: async (sql, params) => (await session().get()).all(sql, params),
    async transaction(work) {
      const scoped = await session().get();
      return scoped === db ? db.transaction(work) : work(scoped);
    },
    withConnection: (work) => session().withConnection(work),
    close() {
      throw new Error('the request warehouse is not closed by its users; the server closes the warehouse');
    },
  };
}
