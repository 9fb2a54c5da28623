import type { Warehouse } from '../../warehouse/db.js';

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The row content hash: md5 over the typed values in a fixed order (NULL distinct from any text), so that `1200` and
 * `1200.00` are the same content and a re-import of identical rows is recognised.
 */
export function hashOf(expressions: readonly string[]): string {
  const parts = expressions.map((e) => `coalesce((${e})::varchar, chr(30))`);
  return `md5(concat_ws(chr(31), ${parts.join(', ')}))`;
}

/** The first row of a query, or undefined. */
export async function firstRow<T>(db: Warehouse, sql: string): Promise<T | undefined> {
  const [row] = await db.all<T>(sql);
  return row;
}
