import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { DuckDbKyselyConnection, type DuckDbClientConnection } from './connection.js';

export interface DuckDbDialectConfig {
  /**
   * Where connections come from: in practice `warehouse.instance`. The dialect opens and closes its own
   * connections on it but never closes the instance itself (the warehouse owns it).
   */
  instance: { connect(): Promise<DuckDbClientConnection> };
  /** Connections kept open for reuse between queries (default 4). */
  maxIdleConnections?: number;
}

/** Hands kysely DuckDB connections from a small pool; transactions are BEGIN … COMMIT/ROLLBACK on one of them. */
export class DuckDbDriver implements Driver {
  readonly #config: DuckDbDialectConfig;
  readonly #idle: DuckDbKyselyConnection[] = [];
  #destroyed = false;

  constructor(config: DuckDbDialectConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#destroyed) throw new Error('this kysely instance was destroyed');
    return this.#idle.pop() ?? new DuckDbKyselyConnection(await this.#config.instance.connect());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel && settings.isolationLevel !== 'snapshot') {
      throw new Error(
        `DuckDB transactions use snapshot isolation only; isolation level "${settings.isolationLevel}" is not available`,
      );
    }
    const readOnly = settings.accessMode === 'read only';
    await connection.executeQuery(
      CompiledQuery.raw(readOnly ? 'begin transaction read only' : 'begin transaction'),
    );
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const own = connection as DuckDbKyselyConnection;
    if (this.#destroyed || this.#idle.length >= (this.#config.maxIdleConnections ?? 4)) own.close();
    else this.#idle.push(own);
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    for (const connection of this.#idle.splice(0)) connection.close();
  }
}
