import { ResultReturnType, StatementType, type DuckDBConnection, type DuckDBResult } from '@duckdb/node-api';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { convertChunkRows, describeColumns, toDuckDbParam } from './values.js';

/** The part of a @duckdb/node-api connection the dialect uses. */
export type DuckDbClientConnection = Pick<DuckDBConnection, 'run' | 'stream' | 'closeSync'>;

const DML = new Set<StatementType>([
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.MERGE_INTO,
]);

/** One DuckDB connection as kysely sees it. Statements on it run one at a time, in call order. */
export class DuckDbKyselyConnection implements DatabaseConnection {
  readonly #client: DuckDbClientConnection;
  readonly #lock = createMutex();

  constructor(client: DuckDbClientConnection) {
    this.#client = client;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const release = await this.#lock();
    try {
      const params = compiledQuery.parameters.map(toDuckDbParam);
      const result = params.length
        ? await this.#client.run(compiledQuery.sql, params)
        : await this.#client.run(compiledQuery.sql);
      return await readResult<R>(result);
    } finally {
      release();
    }
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0)
      throw new Error('chunkSize must be a positive integer');
    const release = await this.#lock();
    try {
      const params = compiledQuery.parameters.map(toDuckDbParam);
      const result = await this.#client.stream(compiledQuery.sql, params);
      const columns = describeColumns(result);
      let pending: R[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        pending.push(...(convertChunkRows(chunk, columns) as R[]));
        while (pending.length >= chunkSize) {
          yield { rows: pending.slice(0, chunkSize) };
          pending = pending.slice(chunkSize);
        }
      }
      if (pending.length > 0) yield { rows: pending };
    } finally {
      release();
    }
  }

  close(): void {
    this.#client.closeSync();
  }
}

/** Rows for queries (and DML with RETURNING); the affected-row count for INSERT/UPDATE/DELETE/MERGE. */
async function readResult<R>(result: DuckDBResult): Promise<QueryResult<R>> {
  const isDml = DML.has(result.statementType);
  if (result.returnType !== ResultReturnType.QUERY_RESULT) {
    return isDml ? { rows: [], numAffectedRows: BigInt(result.rowsChanged) } : { rows: [] };
  }
  const columns = describeColumns(result);
  const rows: R[] = [];
  for (const chunk of await result.fetchAllChunks()) rows.push(...(convertChunkRows(chunk, columns) as R[]));
  return isDml ? { rows, numAffectedRows: BigInt(rows.length) } : { rows };
}

type Mutex = () => Promise<() => void>;

function createMutex(): Mutex {
  let tail: Promise<void> = Promise.resolve();
  return async () => {
    let release!: () => void;
    const previous = tail;
    tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  };
}
