/** The canonical CSV contract (DESIGN.md §3): which files, which columns, what each column must hold. */

export type ColumnKind =
  'text' | 'date' | 'money' | 'rate' | 'bool' | 'currency' | 'terms' | { readonly oneOf: readonly string[] };

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The column must be in the header and hold a value on every row. */
  readonly required?: boolean;
  /** Added to the message when the value is negative. */
  readonly negativeHint?: string;
}

export type Entity = 'customers' | 'invoices' | 'payments' | 'allocations' | 'fx_rates';

export interface FileSpec {
  readonly entity: Entity;
  readonly file: string;
  readonly columns: readonly ColumnSpec[];
  /** Unknown extra columns are kept as a JSON `attributes` value (fx_rates has nowhere to keep them). */
  readonly keepsAttributes: boolean;
}

export const DOCUMENT_TYPES = ['invoice', 'credit_note'] as const;
export const DELIVERY_CHANNELS = ['paper', 'electronic', 'portal'] as const;
export const PAYMENT_METHODS = ['transfer', 'sepa_debit', 'card', 'check', 'cash', 'other'] as const;

const text = (name: string, required = false): ColumnSpec => ({ name, kind: 'text', required });

export const CUSTOMERS: FileSpec = {
  entity: 'customers',
  file: 'customers.csv',
  keepsAttributes: true,
  columns: [
    text('customer_id', true),
    text('name', true),
    text('country'),
    { name: 'currency', kind: 'currency' },
    text('segment'),
    { name: 'payment_terms', kind: 'terms' },
    { name: 'credit_limit', kind: 'money' },
    text('email'),
    text('phone'),
    text('owner'),
    text('agency'),
    text('group_id'),
    { name: 'insured', kind: 'bool' },
    { name: 'factored', kind: 'bool' },
  ],
};

export const INVOICES: FileSpec = {
  entity: 'invoices',
  file: 'invoices.csv',
  keepsAttributes: true,
  columns: [
    text('document_id', true),
    text('customer_id', true),
    { name: 'issue_date', kind: 'date', required: true },
    {
      name: 'amount',
      kind: 'money',
      required: true,
      negativeHint: 'write credit notes with type credit_note',
    },
    { name: 'type', kind: { oneOf: DOCUMENT_TYPES } },
    { name: 'due_date', kind: 'date' },
    { name: 'currency', kind: 'currency' },
    { name: 'disputed', kind: 'bool' },
    { name: 'delivery', kind: { oneOf: DELIVERY_CHANNELS } },
    text('reference'),
    text('company_id'),
  ],
};

export const PAYMENTS: FileSpec = {
  entity: 'payments',
  file: 'payments.csv',
  keepsAttributes: true,
  columns: [
    text('payment_id', true),
    text('customer_id', true),
    { name: 'date', kind: 'date', required: true },
    { name: 'amount', kind: 'money', required: true },
    { name: 'currency', kind: 'currency' },
    { name: 'method', kind: { oneOf: PAYMENT_METHODS } },
    text('company_id'),
  ],
};

export const ALLOCATIONS: FileSpec = {
  entity: 'allocations',
  file: 'allocations.csv',
  keepsAttributes: true,
  columns: [
    text('source_id', true),
    text('document_id', true),
    { name: 'amount', kind: 'money', required: true },
    { name: 'date', kind: 'date' },
  ],
};

export const FX_RATES: FileSpec = {
  entity: 'fx_rates',
  file: 'fx_rates.csv',
  keepsAttributes: false,
  columns: [
    { name: 'date', kind: 'date', required: true },
    { name: 'currency', kind: 'currency', required: true },
    { name: 'rate', kind: 'rate', required: true },
  ],
};

/** In load order: customers before the documents that name them, documents before allocations. */
export const FILE_SPECS: readonly FileSpec[] = [CUSTOMERS, INVOICES, PAYMENTS, ALLOCATIONS, FX_RATES];
