import { basename } from 'node:path';
import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { firstRow } from './sql.js';

/** Every invoice and payment names a customer of this import or of the warehouse. */
export async function checkCustomersKnown(
  tx: Warehouse,
  files: { invoices: string; payments: string },
): Promise<void> {
  for (const [table, file] of [
    ['typed_invoices', files.invoices],
    ['typed_payments', files.payments],
  ] as const) {
    const unknown = await firstRow<{ line: number; customer_id: string }>(
      tx,
      `select t.line, t.customer_id from ${table} t
       anti join typed_customers c on c.customer_id = t.customer_id
       anti join core.customers k on k.customer_id = t.customer_id
       order by t.line limit 1`,
    );
    if (unknown) {
      throw new InputError(
        { file, line: unknown.line, column: 'customer_id' },
        `unknown customer "${unknown.customer_id}": it is neither in customers.csv nor in the warehouse; add it to customers.csv`,
      );
    }
  }
}

/** Due dates before the issue date are kept as given, but flagged. */
export async function warnDueBeforeIssue(tx: Warehouse, file: string): Promise<string[]> {
  const found = await firstRow<{ n: string; line: number | null }>(
    tx,
    `select count(*) as n, min(line) as line from typed_invoices where due_date < issue_date`,
  );
  if (!found || Number(found.n) === 0) return [];
  return [
    `${basename(file)}: ${found.n} document(s) are due before their issue date (first on line ${found.line})`,
  ];
}
