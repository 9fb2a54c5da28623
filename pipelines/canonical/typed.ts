import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { hashOf, firstRow, sqlStringOrNull } from './sql.js';

/**
 * Typed rows of this import, one temp table per entity (`typed_<entity>`): the raw table's columns, the file line and the
 * row content hash. Values were checked by check-rows, so the casts cannot fail.
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

/** `create temp table <shape.table>` from a select giving line + the shape's columns; adds row_hash. */
export async function createTypedTable(tx: Warehouse, shape: TypedShape, select: string): Promise<void> {
  await tx.run(`create temp table ${shape.table} as
    select line, ${shape.columns.join(', ')}, ${hashOf(shape.columns)} as row_hash from (${select})`);
}

export async function buildTypedCustomers(tx: Warehouse): Promise<void> {
  await createTypedTable(
    tx,
    CUSTOMER_ROWS,
    `select line, customer_id, name, country, upper(currency) as currency,
      segment, replace(upper(payment_terms), ' ', '') as payment_terms, credit_limit::decimal(18,2) as credit_limit,
      email, phone, owner, agency, group_id, insured::boolean as insured, factored::boolean as factored, attributes
    from text_customers`,
  );
}

export async function buildTypedFxRates(tx: Warehouse): Promise<void> {
  await createTypedTable(
    tx,
    FX_RATE_ROWS,
    `select line, date::date as date, upper(currency) as currency,
      rate::decimal(18,8) as rate from text_fx_rates`,
  );
}

/** Documents: company_id from the column, else --company, else the company of the document already loaded, else 'default'. */
export async function buildTypedInvoices(
  tx: Warehouse,
  file: string,
  company: string | undefined,
): Promise<void> {
  const companyOf = await resolveCompanies(tx, {
    file,
    view: 'text_invoices',
    id: 'document_id',
    known: 'core.documents',
    company,
  });
  await createTypedTable(
    tx,
    DOCUMENT_ROWS,
    `select t.line, ${companyOf} as company_id, t.document_id, t.customer_id,
      coalesce(lower(t.type), 'invoice') as type, t.issue_date::date as issue_date, t.due_date::date as due_date,
      t.amount::decimal(18,2) as amount, upper(t.currency) as currency, t.disputed::boolean as disputed,
      lower(t.delivery) as delivery, t.reference, t.attributes
    from text_invoices t ${knownJoin('core.documents', 'document_id', companyOf)}`,
  );
}

export async function buildTypedPayments(
  tx: Warehouse,
  file: string,
  company: string | undefined,
): Promise<void> {
  const companyOf = await resolveCompanies(tx, {
    file,
    view: 'text_payments',
    id: 'payment_id',
    known: 'core.payments',
    company,
  });
  await createTypedTable(
    tx,
    PAYMENT_ROWS,
    `select t.line, ${companyOf} as company_id, t.payment_id, t.customer_id,
      t.date::date as date, t.amount::decimal(18,2) as amount, upper(t.currency) as currency,
      lower(t.method) as method, t.attributes
    from text_payments t ${knownJoin('core.payments', 'payment_id', companyOf)}`,
  );
}

interface CompanyLookup {
  file: string;
  view: string;
  id: string;
  known: string;
  company: string | undefined;
}

/** The SQL expression giving each row's company; refuses an id already loaded under several companies. */
async function resolveCompanies(tx: Warehouse, lookup: CompanyLookup): Promise<string> {
  const fallback = `coalesce(t.company_id, ${sqlStringOrNull(lookup.company)}`;
  if (lookup.company !== undefined) return `${fallback})`;
  const missing = await firstRow<{ n: string }>(
    tx,
    `select count(*) as n from ${lookup.view} where company_id is null`,
  );
  if (Number(missing?.n) === 0) return 't.company_id';
  const ambiguous = await firstRow<{ line: number; id: string; companies: string }>(
    tx,
    `select t.line, t.${lookup.id} as id, string_agg(distinct k.company_id, ', ' order by k.company_id) as companies
     from ${lookup.view} t join ${lookup.known} k using (${lookup.id})
     where t.company_id is null group by t.line, t.${lookup.id} having count(distinct k.company_id) > 1
     order by t.line limit 1`,
  );
  if (ambiguous) {
    throw new InputError(
      { file: lookup.file, line: ambiguous.line, column: lookup.id },
      `"${ambiguous.id}" is already loaded for several companies (${ambiguous.companies}); ` +
        'add a company_id column or pass --company',
    );
  }
  return `${fallback}, k.company_id, 'default')`;
}

function knownJoin(known: string, id: string, companyOf: string): string {
  if (!companyOf.includes('k.company_id')) return '';
  return `left join (select ${id}, min(company_id) as company_id from ${known} group by ${id}) k using (${id})`;
}
