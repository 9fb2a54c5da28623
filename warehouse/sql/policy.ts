/**
 * What analyst SQL may use. The guard (guard.ts) applies these lists to DuckDB's own parse tree; the instance
 * the query then runs on (open.ts) is read-only with external access disabled and its configuration locked,
 * so a gap in these lists still cannot write anything or read a file.
 */

/** Table functions that are safe to call: generators, JSON helpers and read-only catalog views. */
export const ALLOWED_TABLE_FUNCTIONS = new Set([
  'range',
  'generate_series',
  'unnest',
  'repeat',
  'repeat_row',
  'json_each',
  'json_tree',
  'duckdb_columns',
  'duckdb_constraints',
  'duckdb_databases',
  'duckdb_functions',
  'duckdb_indexes',
  'duckdb_keywords',
  'duckdb_schemas',
  'duckdb_sequences',
  'duckdb_tables',
  'duckdb_types',
  'duckdb_views',
  'pragma_table_info',
  'pragma_version',
  'pg_timezone_names',
  'icu_calendar_names',
]);

/** Why some well-known table functions are refused (others not on the allow-list get a generic reason). */
export function explainRefusedTableFunction(name: string): string {
  if (isFileReader(name)) {
    return `${name}() reads files or remote data; analyst SQL may only read the warehouse's own tables and views`;
  }
  if (['query', 'query_table', 'json_execute_serialized_sql'].includes(name)) {
    return `${name}() runs SQL given as text, which cannot be checked before it runs`;
  }
  if (/^(checkpoint|force_checkpoint|enable_|disable_|truncate_)/.test(name)) {
    return `${name}() changes the database state or its settings`;
  }
  return (
    `table function ${name}() is not allowed; allowed are the warehouse's table macros (such as aging(as_of)), ` +
    `range/generate_series/unnest and the duckdb_* catalog functions`
  );
}

const FILE_READERS = new Set([
  'glob',
  'sniff_csv',
  'parquet_scan',
  'parquet_metadata',
  'parquet_schema',
  'parquet_file_metadata',
  'parquet_kv_metadata',
  'parquet_full_metadata',
  'parquet_bloom_probe',
  'st_read',
  'arrow_scan',
  'arrow_scan_dumb',
]);

function isFileReader(name: string): boolean {
  return FILE_READERS.has(name) || name.startsWith('read_') || name.endsWith('_scan');
}

/** Scalar functions refused wherever they appear. */
export const REFUSED_SCALAR_FUNCTIONS: Record<string, string> = {
  getenv: 'getenv() reads the environment of the process',
  json_execute_serialized_sql: 'json_execute_serialized_sql() runs SQL given as text',
};

/** Schemas analyst SQL may not read: ops holds users, password and token hashes, and workflow state. */
export const REFUSED_SCHEMAS: Record<string, string> = {
  ops: 'the ops schema (users, credentials, comments, reminders, audit) is not open to SQL; use the application',
};

/** A table name DuckDB would treat as a file or URL to read (replacement scan): 'data.csv', 's3://…', '*.parquet'. */
export function looksLikeFileName(name: string): boolean {
  return /[./\\:*?]/.test(name);
}

const READ_KEYWORDS = 'SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW or SUMMARIZE';

/** Why a statement that is not a query is refused, by its first keyword. */
export function explainRefusedStatement(keyword: string): string {
  const k = keyword.toUpperCase();
  const because = (why: string) => `${k} ${why}; only read statements (${READ_KEYWORDS}) run here`;
  if (['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE', 'UPSERT'].includes(k)) {
    return because(
      'changes data and the warehouse is opened read-only; data changes come from `encours import`',
    );
  }
  if (['CREATE', 'ALTER', 'DROP', 'COMMENT', 'REPLACE'].includes(k)) {
    return because('changes the schema (DDL) and the warehouse is opened read-only');
  }
  if (['COPY', 'EXPORT', 'IMPORT'].includes(k)) {
    return because('reads or writes files; to save a result use --format csv|parquet --out FILE');
  }
  if (['ATTACH', 'DETACH', 'USE'].includes(k))
    return because('opens or switches databases; only the warehouse is queried');
  if (['INSTALL', 'LOAD', 'FORCE'].includes(k)) return because('installs or loads DuckDB extensions');
  if (['PRAGMA', 'SET', 'RESET', 'CALL'].includes(k))
    return because('changes settings or calls procedures; the configuration is locked');
  if (
    ['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT', 'CHECKPOINT', 'VACUUM', 'ANALYZE'].includes(k)
  ) {
    return because('manages transactions or storage');
  }
  if (['PREPARE', 'EXECUTE', 'DEALLOCATE'].includes(k))
    return because('manages prepared statements; write the query itself');
  if (['EXPLAIN', 'PIVOT', 'UNPIVOT'].includes(k))
    return because('is not supported here; write a plain SELECT');
  return `this is not a read statement; only read statements (${READ_KEYWORDS}) run here`;
}
