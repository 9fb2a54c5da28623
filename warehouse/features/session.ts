import {
  DuckDBDataChunk,
  DOUBLE,
  INTEGER,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import type { Warehouse } from '../db.js';

export type Column = (number | string | null)[];

/**
 * One dedicated connection for a feature computation: temp tables live as long as the session and are
 * invisible to other connections, so concurrent readers of the warehouse never see half-built features.
 */
export interface Session {
  run(sql: string): Promise<void>;
  all<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Columns by name; numbers for numeric SQL types (cast to double in SQL), strings for varchar, null for NULL. */
  columns(sql: string): Promise<Record<string, Column>>;
  /** Bulk-writes typed columns into an existing table: `schema.table`, or a temp table's bare name. */
  append(table: string, columns: AppendColumn[]): Promise<void>;
}

export interface AppendColumn {
  type: 'integer' | 'double' | 'varchar';
  values: ArrayLike<number | string | null>;
}

export async function withSession<T>(db: Warehouse, work: (session: Session) => Promise<T>): Promise<T> {
  return db.withConnection((connection) => work(bindSession(connection)));
}

export function bindSession(connection: DuckDBConnection): Session {
  return {
    async run(sql) {
      await connection.run(sql);
    },
    async all<T>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as T[];
    },
    async columns(sql) {
      const reader = await connection.runAndReadAll(sql);
      const names = reader.columnNames();
      const values = reader.getColumns();
      const out: Record<string, Column> = {};
      names.forEach((name, i) => (out[name] = values[i]!.map(toPlain)));
      return out;
    },
    async append(table, columns) {
      const temp = !table.includes('.');
      const [schema, name] = temp ? ['main', table] : table.split('.');
      const appender = await connection.createAppender(name!, schema!, temp ? 'temp' : null);
      const types: DuckDBType[] = columns.map((c) => TYPES[c.type]);
      const rows = columns[0]?.values.length ?? 0;
      for (let start = 0; start < rows; start += 2048) {
        const count = Math.min(2048, rows - start);
        const chunk = DuckDBDataChunk.create(types, count);
        chunk.setColumns(columns.map((c) => Array.from({ length: count }, (_, i) => cellOf(c, start + i))));
        appender.appendDataChunk(chunk);
      }
      appender.closeSync();
    },
  };
}

function cellOf(column: AppendColumn, index: number): number | string | null {
  const value = column.values[index];
  if (value === null || value === undefined) return null;
  return column.type === 'varchar' ? String(value) : Number(value);
}

const TYPES = { integer: INTEGER, double: DOUBLE, varchar: VARCHAR } as const;

function toPlain(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return String(value);
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL date literal from YYYY-MM-DD (validated by the caller). */
export function sqlDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not an ISO date: "${iso}"`);
  return `date '${iso}'`;
}
