import {
  DialectAdapterBase,
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { DuckDbDriver, type DuckDbDialectConfig } from './driver.js';
import { DuckDbIntrospector } from './introspector.js';

export type { DuckDbDialectConfig } from './driver.js';

/**
 * kysely over @duckdb/node-api. The community `kysely-duckdb` package was checked and not used: it returns
 * DECIMAL as DuckDB value objects, turns DATE into local-midnight Date objects, drops the rows of any query
 * whose only column is named `count`, and closes the caller's DuckDB instance on destroy().
 * Value mapping: see values.ts.
 */
export class DuckDbDialect implements Dialect {
  readonly #config: DuckDbDialectConfig;

  constructor(config: DuckDbDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new DuckDbDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new DuckDbQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new DuckDbAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new DuckDbIntrospector(db);
  }
}

/**
 * DuckDB's parser follows PostgreSQL's grammar: `$1` parameters, "double-quoted" identifiers, RETURNING,
 * ON CONFLICT, ILIKE, DISTINCT ON. So the PostgreSQL compiler is used as is.
 */
export class DuckDbQueryCompiler extends PostgresQueryCompiler {}

/** PostgreSQL semantics: transactional DDL and RETURNING. */
export class DuckDbAdapter extends DialectAdapterBase {
  static #lock: Promise<void> = Promise.resolve();
  static #release: (() => void) | undefined;

  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override get supportsReturning(): boolean {
    return true;
  }

  /**
   * DuckDB has no advisory locks, but a database file has at most one writing process, so a lock within
   * this process is enough to keep two kysely migrators apart.
   */
  async acquireMigrationLock(): Promise<void> {
    const previous = DuckDbAdapter.#lock;
    let release!: () => void;
    DuckDbAdapter.#lock = new Promise<void>((resolve) => (release = resolve));
    await previous;
    DuckDbAdapter.#release = release;
  }

  async releaseMigrationLock(): Promise<void> {
    const release = DuckDbAdapter.#release;
    DuckDbAdapter.#release = undefined;
    release?.();
  }
}
