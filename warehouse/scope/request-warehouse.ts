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
  /** Queries of this request still running: the connection is only released once they are over. */
  #inFlight = 0;
  #idle: (() => void) | undefined;

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

  /**
   * Runs `work` on the request's warehouse, counted as in flight: closing the session (the response went out, or the
   * client went away mid-request) waits for it, because closing a DuckDB connection under a running statement
   * crashes the process.
   */
  async use<T>(work: (db: Warehouse) => Promise<T>): Promise<T> {
    return this.#track(async () => work(await this.get()));
  }

  /** The request's warehouse with every call counted as in flight (what routes read through). */
  tracked(): Warehouse {
    return trackedWarehouse(this.db, this);
  }

  /** A connection of its own with the same scope (for appenders and streams). */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.#track(() =>
      this.scope.kind === 'all'
        ? this.db.withConnection(work)
        : withScopedConnection(this.db, this.scope, work),
    );
  }

  /** No new query starts; the read transaction ends once the running ones are over. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    this.#release?.();
    await this.#done?.catch(() => undefined);
  }

  async #track<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('the request is over: its scoped warehouse is closed');
    this.#inFlight += 1;
    try {
      return await work();
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#idle?.();
    }
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
  return trackedWarehouse(db, session);
}

/** A Warehouse over a request session (given, or found per call), every call counted as in flight. */
function trackedWarehouse(
  db: Warehouse,
  source: ScopedRequestSession | (() => ScopedRequestSession),
): Warehouse {
  const session = typeof source === 'function' ? source : () => source;
  return {
    path: db.path,
    instance: db.instance,
    run: (sql, params) => session().use((scoped) => scoped.run(sql, params)),
    all: (sql, params) => session().use((scoped) => scoped.all(sql, params)),
    transaction: (work) => session().use((scoped) => (scoped === db ? db.transaction(work) : work(scoped))),
    withConnection: (work) => session().withConnection(work),
    close() {
      throw new Error('the request warehouse is not closed by its users; the server closes the warehouse');
    },
  };
}
