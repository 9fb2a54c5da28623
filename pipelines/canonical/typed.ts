import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { reportRowProblem } from './check-rows.js';
import { csvCells, numberLines, runReadingFile } from './csv-relation.js';
import type { CsvFile } from './read-file.js';
import { firstRow, hashOf, sqlString } from './sql.js';
import { cheapProblem, typedValue } from './typed-values.js';

/**
 * This import's rows, typed, one temp table per entity (`typed_<entity>`), built in one pass over the CSV: the raw
 * table's columns, `line`, `row_hash` (content hash) and `bad` (the row needs a precise check).
 */
export interface TypedShape {
  readonly table: string;
  /** The raw table the rows go to, and its business key. */
  readonly raw: string;
  readonly keys: readonly string[];
  /** Content columns, in raw-table order (hashed in this order). */
  readonly columns: readonly string[];
}

export const CUSTOMER_ROWS: TypedShape = {
  table: 'typed_customers',
  raw: 'raw.canonical_customers',
  keys: ['customer_id'],
  columns: [
    'customer_id',
    'name',
    'country',
    'currency',
    'segment',
    'payment_terms',
    'credit_limit',
    'email',
    'phone',
    'owner',
    'agency',
    'group_id',
    'insured',
    'factored',
    'attributes',
  ],
};

export const DOCUMENT_ROWS: TypedShape = {
  table: 'typed_invoices',
  raw: 'raw.canonical_documents',
  keys: ['company_id', 'document_id'],
  columns: [
    'company_id',
    'document_id',
    'customer_id',
    'type',
    'issue_date',
    'due_date',
    'amount',
    'currency',
    'disputed',
    'delivery',
    'reference',
    'attributes',
  ],
};

export const PAYMENT_ROWS: TypedShape = {
  table: 'typed_payments',
  raw: 'raw.canonical_payments',
  keys: ['company_id', 'payment_id'],
  columns: ['company_id', 'payment_id', 'customer_id', 'date', 'amount', 'currency', 'method', 'attributes'],
};

export const FX_RATE_ROWS: TypedShape = {
  table: 'typed_fx_rates',
  raw: 'raw.fx_rates',
  keys: ['date', 'currency'],
  columns: ['date', 'currency', 'rate'],
};

export interface TypedQuery {
  /** Expressions (over the file's cells `t`) for shape columns that are not a plain typed value. */
  overrides?: Record<string, string>;
}

/** The typed value of each shape column over the file's cells `t`, with its name. */
export function typedItems(file: CsvFile, columns: readonly string[], query: TypedQuery = {}): string[] {
  return columns.map((name) => {
    const override = query.overrides?.[name];
    if (override) return `${override} as ${name}`;
    if (name === 'attributes') return 't.attributes as attributes';
    return `${typedValue(file.spec.columns.find((c) => c.name === name)!)} as ${name}`;
  });
}

/**
 * Builds `table` from the file in one parallel pass (no join or window, so that DuckDB reads with every thread and
 * keeps file order): `line`, the given select items, `bad` (the row needs a precise check) and, with `hashed`, the
 * content hash of those columns. Refuses the first wrong cell; returns the number of rows.
 */
export async function createCellTable(
  tx: Warehouse,
  file: CsvFile,
  table: string,
  items: readonly string[],
  hashed?: readonly string[],
): Promise<number> {
  const select = `select 0::integer as line, ${items.join(', ')}, ${cheapProblem(file)} as bad from ${csvCells(file)} t`;
  await runReadingFile(
    tx,
    file,
    `create temp table ${table} as ${hashed ? `select *, ${hashOf(hashed)} as row_hash from (${select})` : select}`,
  );
  await numberLines(tx, file, table);
  await reportRowProblem(tx, file, table);
  const counted = await firstRow<{ n: string }>(tx, `select count(*) as n from ${table}`);
  return Number(counted?.n);
}

/** Types every row of the file into `shape.table` (columns, `line`, `bad`, `row_hash`); returns the number of rows. */
export async function createTypedTable(
  tx: Warehouse,
  shape: TypedShape,
  file: CsvFile,
  query: TypedQuery = {},
): Promise<number> {
  return createCellTable(tx, file, shape.table, typedItems(file, shape.columns, query), shape.columns);
}

/**
 * Documents and payments: company_id from the column, else --company, else the company of the row already loaded
 * with that id (`resolveCompanies`, inside the transaction: it reads the warehouse), else 'default'. Types the file
 * only; returns the number of rows.
 */
export async function createCompanyTable(
  tx: Warehouse,
  shape: TypedShape,
  file: CsvFile,
  company: string | undefined,
): Promise<number> {
  const overrides: Record<string, string> =
    shape === DOCUMENT_ROWS ? { type: `coalesce(lower(t.type), 'invoice')` } : {};
  if (company !== undefined) overrides.company_id = `coalesce(t.company_id, ${sqlString(company)})`;
  return createTypedTable(tx, shape, file, { overrides });
}

/**
 * The company of rows without a company_id value (none in most files, and none with --company): that of the row
 * already loaded with that id, else 'default'. An id loaded under several companies must be given its company. Their
 * hash is recomputed.
 */
export async function resolveCompanies(tx: Warehouse, shape: TypedShape, file: CsvFile): Promise<void> {
  const missing = await firstRow<{ n: string }>(
    tx,
    `select count(*) as n from ${shape.table} where company_id is null`,
  );
  if (Number(missing?.n) === 0) return;
  const id = shape.keys[1]!;
  const known = shape === DOCUMENT_ROWS ? 'core.documents' : 'core.payments';
  await tx.run(`create or replace temp table company_of_rows as
    select t.line, t.${id} as id, coalesce(k.company_id, 'default') as company_id, coalesce(k.several, false) as ambiguous
    from ${shape.table} t
    left join (select ${id}, min(company_id) as company_id, min(company_id) <> max(company_id) as several
               from ${known} group by ${id}) k on k.${id} = t.${id}
    where t.company_id is null`);
  const ambiguous = await firstRow<{ line: number; id: string }>(
    tx,
    `select line, id from company_of_rows where ambiguous order by line limit 1`,
  );
  if (ambiguous) {
    throw new InputError(
      { file: file.path!, line: ambiguous.line, column: id },
      `"${ambiguous.id}" is already loaded for several companies; add a company_id column or pass --company`,
    );
  }
  await tx.run(`update ${shape.table} set company_id = c.company_id from company_of_rows c
                where ${shape.table}.line = c.line`);
  await tx.run(`update ${shape.table} set row_hash = ${hashOf(shape.columns)}
                where line in (select line from company_of_rows)`);
}
