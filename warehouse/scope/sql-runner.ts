import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/** The two calls the scope layer needs, over a Warehouse or over one raw connection. */
export interface SqlRunner {
  run(sql: string, params?: DuckDBValue[]): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
}

export function runnerOf(connection: DuckDBConnection): SqlRunner {
  return {
    async run(sql, params) {
      if (params) await connection.run(sql, params);
      else await connection.run(sql);
    },
    async all<T>(sql: string, params?: DuckDBValue[]) {
      const reader = params
        ? await connection.runAndReadAll(sql, params)
        : await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as T[];
    },
  };
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
