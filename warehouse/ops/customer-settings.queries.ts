import type { CustomerSettings, CustomerSettingsUpdate } from './customer-settings.table.js';
import type { OpsDb } from './database.js';
import type { PaymentDetails } from './payment-details.table.js';

export function findCustomerSettings(db: OpsDb, customerId: string): Promise<CustomerSettings | undefined> {
  return db
    .selectFrom('ops.customer_settings')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
}

/** Customers on credit hold. */
export async function listCustomersOnHold(db: OpsDb): Promise<string[]> {
  const rows = await db
    .selectFrom('ops.customer_settings')
    .select('customer_id')
    .where('credit_hold', '=', true)
    .orderBy('customer_id')
    .execute();
  return rows.map((r) => r.customer_id);
}

/** Customers whose owner was alerted that their exposure passed the credit limit and who have not gone back under. */
export async function listCustomersFlaggedOverLimit(db: OpsDb): Promise<string[]> {
  const rows = await db
    .selectFrom('ops.customer_settings')
    .select('customer_id')
    .where('over_limit_since', 'is not', null)
    .orderBy('customer_id')
    .execute();
  return rows.map((r) => r.customer_id);
}

/** Creates or changes a customer's settings; returns the row before (undefined when there was none) and after. */
export async function saveCustomerSettings(
  db: OpsDb,
  customerId: string,
  change: Omit<CustomerSettingsUpdate, 'customer_id' | 'updated_at'> & { updated_by: string },
): Promise<{ before: CustomerSettings | undefined; after: CustomerSettings }> {
  const before = await findCustomerSettings(db, customerId);
  const after = before
    ? await db
        .updateTable('ops.customer_settings')
        .set({ ...change, updated_at: new Date() })
        .where('customer_id', '=', customerId)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await db
        .insertInto('ops.customer_settings')
        .values({
          credit_limit: null,
          hold_reason: null,
          reminders_paused_until: null,
          pause_reason: null,
          over_limit_since: null,
          ...change,
          customer_id: customerId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
  return { before, after };
}

export function listPaymentDetails(db: OpsDb): Promise<PaymentDetails[]> {
  return db.selectFrom('ops.payment_details').selectAll().orderBy('company_id').execute();
}

export function findPaymentDetails(db: OpsDb, companyIds: readonly string[]): Promise<PaymentDetails[]> {
  if (companyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('ops.payment_details')
    .selectAll()
    .where('company_id', 'in', [...companyIds])
    .orderBy('company_id')
    .execute();
}

export async function savePaymentDetails(
  db: OpsDb,
  details: Omit<PaymentDetails, 'updated_at'>,
): Promise<{ before: PaymentDetails | undefined; after: PaymentDetails }> {
  const [before] = await findPaymentDetails(db, [details.company_id]);
  const after = await db
    .insertInto('ops.payment_details')
    .values(details)
    .onConflict((oc) =>
      oc.column('company_id').doUpdateSet({
        beneficiary: details.beneficiary,
        iban: details.iban,
        bic: details.bic,
        note: details.note,
        updated_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before, after };
}
