import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { reportRowProblem } from './check-rows.js';
import { runReadingFile } from './csv-relation.js';
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
  /** Expressions (over the file relation `t`) for shape columns that are not a plain typed value. */
  overrides?: Record<string, string>;
  /** Extra select items and joins. */
  extra?: string;
  joins?: string;
  /** CTEs placed before the select. */
  with?: string;
}

/** Types every row of the file into `shape.table` and refuses the first wrong cell; returns the number of rows. */
export async function createTypedTable(
  tx: Warehouse,
  shape: TypedShape,
  file: CsvFile,
  relation: string,
  query: TypedQuery = {},
): Promise<number> {
  const select = shape.columns.map((name) => {
    const override = query.overrides?.[name];
    if (override) return `${override} as ${name}`;
    if (name === 'attributes') return 't.attributes as attributes';
    return `${typedValue(file.spec.columns.find((c) => c.name === name)!)} as ${name}`;
  });
  const extra = query.extra ? `, ${query.extra}` : '';
  await runReadingFile(
    tx,
    file,
    `create temp table ${shape.table} as ${query.with ? `with ${query.with}` : ''}
     select *, ${hashOf(shape.columns)} as row_hash from (
       select t.line, ${select.join(', ')}, ${cheapProblem(file)} as bad${extra}
       from ${relation} t ${query.joins ?? ''})`,
  );
  await reportRowProblem(tx, file, relation, shape.table);
  const counted = await firstRow<{ n: string }>(tx, `select count(*) as n from ${shape.table}`);
  return Number(counted?.n);
}

/**
 * Documents and payments: company_id from the column, else --company, else the company of the row already loaded
 * with that id, else 'default'. An id loaded under several companies must be given its company.
 */
export async function createCompanyTable(
  tx: Warehouse,
  shape: TypedShape,
  file: CsvFile,
  relation: string,
  company: string | undefined,
): Promise<number> {
  const id = shape.keys[1]!;
  const known = shape === DOCUMENT_ROWS ? 'core.documents' : 'core.payments';
  const overrides: Record<string, string> =
    shape === DOCUMENT_ROWS ? { type: `coalesce(lower(t.type), 'invoice')` } : {};
  if (company !== undefined) {
    return createTypedTable(tx, shape, file, relation, {
      overrides: { ...overrides, company_id: `coalesce(t.company_id, ${sqlString(company)})` },
      extra: 'false as ambiguous',
    });
  }
  const rows = await createTypedTable(tx, shape, file, relation, {
    overrides: { ...overrides, company_id: `coalesce(t.company_id, k.company_id, 'default')` },
    extra: `coalesce(t.company_id is null and k.several, false) as ambiguous`,
    joins: `left join (select ${id}, min(company_id) as company_id, min(company_id) <> max(company_id) as several
                       from ${known} group by ${id}) k on k.${id} = t.${id}`,
  });
  const ambiguous = await firstRow<{ line: number; id: string }>(
    tx,
    `select line, ${id} as id from ${shape.table} where ambiguous order by line limit 1`,
  );
  if (ambiguous) {
    throw new InputError(
      { file: file.path!, line: ambiguous.line, column: id },
      `"${ambiguous.id}" is already loaded for several companies; add a company_id column or pass --company`,
    );
  }
  return rows;
}
