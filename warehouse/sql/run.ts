import type { DuckDBConnection, DuckDBResult, Json } from '@duckdb/node-api';
import { EncoursError, describeError } from '../../lib/errors.js';
import type { Warehouse } from '../db.js';
import type { GuardedQuery } from './guard.js';

export interface RowsResult {
  columns: string[];
  /** JSON-safe values: DECIMAL and BIGINT as strings, DATE as 'YYYY-MM-DD'. */
  rows: Record<string, Json>[];
  /** True when the query had more rows than the cap and only the first ones are here. */
  truncated: boolean;
}

/** Runs a guarded query and keeps at most `maxRows` rows (reading stops soon after the cap). */
export function readQueryRows(
  db: Pick<Warehouse, 'withConnection'>,
  query: GuardedQuery,
  options: { maxRows: number; timeoutMs: number },
): Promise<RowsResult> {
  return runWithTimeLimit(db, options.timeoutMs, async (connection) => {
    const reader = await connection.streamAndReadUntil(query.sql, options.maxRows + 1);
    const rows = reader.getRowObjectsJson();
    return {
      columns: reader.deduplicatedColumnNames(),
      rows: rows.slice(0, options.maxRows),
      truncated: rows.length > options.maxRows,
    };
  });
}

/** Runs a guarded query as a stream of chunks handed to `work` (for unlimited exports). */
export function streamQuery<T>(
  db: Pick<Warehouse, 'withConnection'>,
  query: GuardedQuery,
  options: { timeoutMs: number },
  work: (result: DuckDBResult) => Promise<T>,
): Promise<T> {
  return runWithTimeLimit(db, options.timeoutMs, async (connection) =>
    work(await connection.stream(query.sql)),
  );
}

async function runWithTimeLimit<T>(
  db: Pick<Warehouse, 'withConnection'>,
  timeoutMs: number,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  return db.withConnection(async (connection) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, timeoutMs);
    try {
      return await work(connection);
    } catch (error) {
      if (timedOut) {
        throw new EncoursError(
          'unavailable',
          `the query was stopped after ${timeoutMs / 1000} s (the time limit); narrow it down or raise --timeout`,
          { cause: error },
        );
      }
      const message = describeError(error);
      if (error instanceof EncoursError || !/^\w[\w ]* Error: /.test(message)) throw error;
      const code = /^Permission Error/.test(message) ? 'forbidden' : 'bad_input';
      throw new EncoursError(code, `the query failed: ${message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  });
}
