import { sql } from 'kysely';
import type { OpsDb } from './database.js';
import type { Dispute, DisputeStatus, NewDispute } from './disputes.table.js';
import type { DunningLogEntry } from './dunning-log.table.js';
import type { NewPaymentPromise, PaymentPromise, PromiseStatus } from './promises.table.js';

export function insertPromise(
  db: OpsDb,
  promise: Omit<NewPaymentPromise, 'id' | 'created_at' | 'status'>,
): Promise<PaymentPromise> {
  return db.insertInto('ops.promises').values(promise).returningAll().executeTakeFirstOrThrow();
}

/** Changes whenever a promise is added or cancelled (what forecasts depend on): a cache key part, not a figure. */
export async function readPromisesMarker(db: OpsDb): Promise<string> {
  const row = await db
    .selectFrom('ops.promises')
    .select([
      sql<string>`count(*)::varchar`.as('count'),
      sql<string>`coalesce(max(id), 0)::varchar`.as('last'),
      sql<string>`(count(*) filter (where status = 'cancelled'))::varchar`.as('cancelled'),
    ])
    .executeTakeFirstOrThrow();
  return `${row.count}/${row.last}/${row.cancelled}`;
}

export function findPromise(db: OpsDb, id: number): Promise<PaymentPromise | undefined> {
  return db.selectFrom('ops.promises').selectAll().where('id', '=', id).executeTakeFirst();
}

export function setPromiseStatus(db: OpsDb, id: number, status: PromiseStatus): Promise<PaymentPromise> {
  return db
    .updateTable('ops.promises')
    .set({ status })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listCustomerPromises(db: OpsDb, customerId: string): Promise<PaymentPromise[]> {
  return db
    .selectFrom('ops.promises')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .execute();
}

/** Open promises dated in [from, to], for the customers given (all customers when `customerIds` is undefined). */
export function listPromisesDue(
  db: OpsDb,
  from: string,
  to: string,
  customerIds?: readonly string[],
): Promise<PaymentPromise[]> {
  let query = db
    .selectFrom('ops.promises')
    .selectAll()
    .where('status', '=', 'open')
    .where('promised_date', '>=', from)
    .where('promised_date', '<=', to);
  if (customerIds !== undefined) {
    if (customerIds.length === 0) return Promise.resolve([]);
    query = query.where('customer_id', 'in', [...customerIds]);
  }
  return query.orderBy('promised_date').orderBy('id').execute();
}

export function insertDispute(
  db: OpsDb,
  dispute: Omit<NewDispute, 'id' | 'opened_at' | 'status' | 'resolved_at'>,
): Promise<Dispute> {
  return db
    .insertInto('ops.disputes')
    .values({ ...dispute, resolved_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findDispute(db: OpsDb, id: number): Promise<Dispute | undefined> {
  return db.selectFrom('ops.disputes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Closes a dispute now (the database clock, as for opened_at). */
export function closeDispute(
  db: OpsDb,
  id: number,
  status: Exclude<DisputeStatus, 'open'>,
): Promise<Dispute> {
  return db
    .updateTable('ops.disputes')
    .set({ status, resolved_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listCustomerDisputes(db: OpsDb, customerId: string): Promise<Dispute[]> {
  return db
    .selectFrom('ops.disputes')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .execute();
}

/** The open dispute on a document, if any. */
export function findOpenDispute(
  db: OpsDb,
  companyId: string,
  documentId: string,
): Promise<Dispute | undefined> {
  return db
    .selectFrom('ops.disputes')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('document_id', '=', documentId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/** Reminders sent (or attempted) to a customer, newest first. */
export function listCustomerDunning(db: OpsDb, customerId: string, limit = 200): Promise<DunningLogEntry[]> {
  return db
    .selectFrom('ops.dunning_log')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Every open dispute, oldest first. */
export function listOpenDisputes(db: OpsDb): Promise<Dispute[]> {
  return db
    .selectFrom('ops.disputes')
    .selectAll()
    .where('status', '=', 'open')
    .orderBy('opened_at')
    .execute();
}
