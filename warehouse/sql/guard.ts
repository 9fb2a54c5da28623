import { EncoursError, type ErrorCode } from '../../lib/errors.js';
import type { Warehouse } from '../db.js';
import {
  ALLOWED_TABLE_FUNCTIONS,
  REFUSED_SCALAR_FUNCTIONS,
  REFUSED_SCHEMAS,
  explainRefusedStatement,
  explainRefusedTableFunction,
  looksLikeFileName,
} from './policy.js';
import { collectReferences, locate } from './sql-tree.js';

/** A query the guard accepted: exactly one read statement. */
export interface GuardedQuery {
  readonly sql: string;
}

/** A query that will not run: why, and where in its text (1-based) when known. */
export class SqlRefusedError extends EncoursError {
  constructor(
    code: ErrorCode,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(code, `SQL refused${line === undefined ? '' : ` at line ${line}, column ${column}`}: ${reason}`);
    this.name = 'SqlRefusedError';
  }
}

interface SerializedSql {
  error: boolean;
  error_type?: string;
  error_message?: string;
  position?: string;
  statements?: unknown[];
}

/**
 * Accepts one read statement and nothing else, using DuckDB's own parser: json_serialize_sql() serializes
 * SELECT statements only (DESCRIBE/SHOW/SUMMARIZE/VALUES/FROM/TABLE parse as SELECT) and fails for any
 * other kind; the tree is then walked for table functions, scalar functions and table names that are refused.
 */
export async function guardReadQuery(db: Pick<Warehouse, 'all'>, text: string): Promise<GuardedQuery> {
  const refuse = (code: ErrorCode, reason: string, offset?: number): never => {
    const at = offset === undefined || offset > text.length ? undefined : locate(text, offset);
    throw new SqlRefusedError(code, reason, at?.line, at?.column);
  };
  const [row] = await db.all<{ tree: string }>('select json_serialize_sql($1::varchar) as tree', [text]);
  const tree = JSON.parse(row!.tree) as SerializedSql;
  if (tree.error) {
    if (tree.error_type === 'parser') {
      const position = tree.position === undefined ? undefined : Number(tree.position);
      refuse('bad_input', `${tree.error_message}; fix the SQL and run it again`, position);
    }
    if (countStatements(text) > 1)
      refuse('forbidden', 'one statement at a time: remove the extra statements after ";"');
    refuse('forbidden', explainRefusedStatement(firstKeyword(text)));
  }
  const statements = tree.statements ?? [];
  if (statements.length === 0) refuse('bad_input', 'the query is empty; give one SELECT statement');
  if (statements.length > 1)
    refuse('forbidden', 'one statement at a time: remove the extra statements after ";"');

  const refs = collectReferences(statements);
  for (const table of refs.tables) {
    const schemaReason =
      REFUSED_SCHEMAS[table.schema.toLowerCase()] ?? REFUSED_SCHEMAS[table.catalog.toLowerCase()];
    if (schemaReason) refuse('forbidden', schemaReason, table.offset);
    if (looksLikeFileName(table.name)) {
      refuse(
        'forbidden',
        `"${table.name}" would be read as a file or URL; only the warehouse's tables and views can be queried`,
        table.offset,
      );
    }
  }
  const macros = await listTableMacros(db);
  for (const fn of refs.tableFunctions) {
    if (!ALLOWED_TABLE_FUNCTIONS.has(fn.name) && !macros.has(fn.name))
      refuse('forbidden', explainRefusedTableFunction(fn.name), fn.offset);
  }
  for (const fn of refs.functions) {
    const reason = REFUSED_SCALAR_FUNCTIONS[fn.name];
    if (reason) refuse('forbidden', reason, fn.offset);
  }
  return { sql: text };
}

/** The warehouse's own table macros (aging(as_of) and the like): they run SQL the project wrote. */
async function listTableMacros(db: Pick<Warehouse, 'all'>): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(
    `select distinct lower(function_name) as name from duckdb_functions() where function_type = 'table_macro' and not internal`,
  );
  return new Set(rows.map((r) => r.name));
}

/** Statements in the text, split on ';' outside quotes and comments (used only to word a refusal). */
function countStatements(text: string): number {
  return stripCommentsAndStrings(text)
    .split(';')
    .filter((part) => part.trim() !== '').length;
}

function firstKeyword(text: string): string {
  return /[A-Za-z]+/.exec(stripCommentsAndStrings(text))?.[0] ?? '';
}

function stripCommentsAndStrings(text: string): string {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"/g, ' ');
}
