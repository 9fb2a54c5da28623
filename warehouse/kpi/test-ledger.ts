// Test support: a warehouse in a temporary place and a hand-written ledger loaded into the raw layer with plain SQL.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDuckDb, type Warehouse } from '../db.js';
import { runTransforms } from '../transform.js';
import { prepareWarehouse } from '../warehouse.js';

export interface LedgerRows {
  customers?: { id: string; name?: string; terms?: string; currency?: string }[];
  /** [company, id, customer, type, issue, due, amount, currency] */
  documents?: [string, string, string, 'invoice' | 'credit_note', string, string, string, string?][];
  /** [company, id, customer, date, amount, currency] */
  payments?: [string, string, string, string, string, string?][];
  /** [company, source id, payment | credit_note, document id, amount, date] */
  allocations?: [string, string, 'payment' | 'credit_note', string, string, string][];
  /** [date, currency, rate] */
  fxRates?: [string, string, string][];
}

export async function openTestWarehouse(path = ':memory:', reportingCurrency = 'EUR'): Promise<Warehouse> {
  const db = await openDuckDb(path);
  await prepareWarehouse(db, reportingCurrency);
  return db;
}

/**
 * Appends the rows to the raw layer as one committed load (its id from meta.load_seq, as an import's: a later import
 * must never share it) and rebuilds the models.
 */
export async function loadLedger(db: Warehouse, ledger: LedgerRows): Promise<void> {
  const [load] = await db.all<{ id: string }>(`select nextval('meta.load_seq') as id`);
  const loadId = Number(load!.id);
  await db.run(
    `insert into meta.loads (load_id, format, company_id, files, options, started_at, finished_at, status)
     values ($1, 'canonical', null, '[]', '{}', now(), now(), 'committed')`,
    [loadId],
  );
  const lineage = `${loadId}, 'test', 1`;
  for (const c of ledger.customers ?? []) {
    await db.run(
      `insert into raw.canonical_customers (load_id, source_file, source_line, customer_id, name, payment_terms,
         currency, row_hash) values (${lineage}, $1, $2, $3, $4, 0)`,
      [c.id, c.name ?? c.id, c.terms ?? null, c.currency ?? null],
    );
  }
  for (const [company, id, customer, type, issue, due, amount, currency] of ledger.documents ?? []) {
    await db.run(
      `insert into raw.canonical_documents (load_id, source_file, source_line, company_id, document_id, customer_id,
         type, issue_date, due_date, amount, currency, row_hash) values (${lineage}, $1, $2, $3, $4, $5, $6, $7, $8, 0)`,
      [company, id, customer, type, issue, due, amount, currency ?? null],
    );
  }
  for (const [company, id, customer, date, amount, currency] of ledger.payments ?? []) {
    await db.run(
      `insert into raw.canonical_payments (load_id, source_file, source_line, company_id, payment_id, customer_id,
         date, amount, currency, row_hash) values (${lineage}, $1, $2, $3, $4, $5, $6, 0)`,
      [company, id, customer, date, amount, currency ?? null],
    );
  }
  for (const [company, source, sourceType, document, amount, date] of ledger.allocations ?? []) {
    await db.run(
      `insert into raw.canonical_allocations (load_id, source_file, source_line, company_id, source_id, source_type,
         document_id, amount, date, row_hash) values (${lineage}, $1, $2, $3, $4, $5, $6, 0)`,
      [company, source, sourceType, document, amount, date],
    );
  }
  for (const [date, currency, rate] of ledger.fxRates ?? []) {
    await db.run(
      `insert into raw.fx_rates (load_id, source_file, source_line, date, currency, rate, row_hash)
       values (${lineage}, $1, $2, $3, 0)`,
      [date, currency, rate],
    );
  }
  await runTransforms(db);
}

/** The shared worked example (DESIGN.md §4): test/fixtures in the repository, else the shared fixtures folder. */
export function locateWorkedExample(): string {
  const root = resolve(import.meta.dirname, '..', '..');
  const candidates = [
    join(root, 'test', 'fixtures', 'worked-example'),
    join(root, '..', 'shared', 'fixtures', 'worked-example'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'expected.json')));
  if (!found) throw new Error(`worked example not found in ${candidates.join(' or ')}`);
  return found;
}
