import type { OpsDb } from './database.js';
import type { JsonObject } from './json.js';
import type { DunningChannel, DunningLogEntry, DunningStatus } from './dunning-log.table.js';

export interface DunningIntent {
  idempotency_key: string;
  company_id: string;
  customer_id: string;
  scenario: string;
  step: string;
  channel: DunningChannel;
  as_of: string;
  amount: string;
  currency: string;
  document_ids: readonly string[];
  detail: JsonObject;
}

export function findDunningLog(db: OpsDb, key: string): Promise<DunningLogEntry | undefined> {
  return db.selectFrom('ops.dunning_log').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/**
 * Writes the intent to send (status 'intent') with the invoices it covers, in one transaction, unless the key is
 * already logged. Returns the row as it now stands and whether this call created it.
 */
export async function recordDunningIntent(
  db: OpsDb,
  intent: DunningIntent,
): Promise<{ entry: DunningLogEntry; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await findDunningLog(trx, intent.idempotency_key);
    if (existing) return { entry: existing, created: false };
    const entry = await trx
      .insertInto('ops.dunning_log')
      .values({
        idempotency_key: intent.idempotency_key,
        company_id: intent.company_id,
        customer_id: intent.customer_id,
        scenario: intent.scenario,
        step: intent.step,
        channel: intent.channel,
        status: 'intent',
        as_of: intent.as_of,
        amount: intent.amount,
        currency: intent.currency,
        sent_at: null,
        detail: intent.detail,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (intent.document_ids.length > 0) {
      await trx
        .insertInto('ops.dunning_log_documents')
        .values(
          intent.document_ids.map((document_id) => ({
            idempotency_key: intent.idempotency_key,
            company_id: intent.company_id,
            customer_id: intent.customer_id,
            document_id,
            step: intent.step,
          })),
        )
        .execute();
    }
    return { entry, created: true };
  });
}

/** Moves a logged send to `status`, merging `detail` into what is there (sent_at set when it becomes 'sent'). */
export async function markDunningLog(
  db: OpsDb,
  key: string,
  status: DunningStatus,
  detail: JsonObject = {},
): Promise<DunningLogEntry> {
  const current = await findDunningLog(db, key);
  if (!current) throw new Error(`no dunning log row with key ${key}`);
  return db
    .updateTable('ops.dunning_log')
    .set({
      status,
      detail: { ...(current.detail ?? {}), ...detail },
      ...(status === 'sent' ? { sent_at: new Date() } : {}),
    })
    .where('idempotency_key', '=', key)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface DunningLogFilter {
  companyId?: string;
  customerIds?: readonly string[];
  status?: DunningStatus;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** The latest sends first. */
export function listDunningLog(db: OpsDb, filter: DunningLogFilter = {}): Promise<DunningLogEntry[]> {
  let query = db.selectFrom('ops.dunning_log').selectAll();
  if (filter.companyId) query = query.where('company_id', '=', filter.companyId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerIds !== undefined) {
    if (filter.customerIds.length === 0) return Promise.resolve([]);
    query = query.where('customer_id', 'in', [...filter.customerIds]);
  }
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  return query.orderBy('created_at', 'desc').orderBy('idempotency_key').limit(limit).execute();
}

/** The invoices a logged send covered. */
export async function listLoggedDocuments(db: OpsDb, key: string): Promise<string[]> {
  const rows = await db
    .selectFrom('ops.dunning_log_documents')
    .select('document_id')
    .where('idempotency_key', '=', key)
    .orderBy('document_id')
    .execute();
  return rows.map((r) => r.document_id);
}

/** The customers the engine has written to (any status), as company/customer pairs. */
export async function listDunningCustomers(
  db: OpsDb,
  companyId?: string,
): Promise<{ company_id: string; customer_id: string }[]> {
  let query = db.selectFrom('ops.dunning_log').select(['company_id', 'customer_id']).distinct();
  if (companyId) query = query.where('company_id', '=', companyId);
  return query.execute();
}

/** The logged sends of these keys (any status), in no particular order. */
export function findDunningLogByKeys(db: OpsDb, keys: readonly string[]): Promise<DunningLogEntry[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('ops.dunning_log')
    .selectAll()
    .where('idempotency_key', 'in', [...new Set(keys)])
    .execute();
}

/** Every logged letter (the outbox names its PDF after the key), newest first, at most `limit`. */
export function listLoggedLetters(db: OpsDb, limit = 10_000): Promise<DunningLogEntry[]> {
  return db
    .selectFrom('ops.dunning_log')
    .selectAll()
    .where('channel', '=', 'letter')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The invoices each of these logged sends covered, by key (one statement for a page of the log). */
export async function listLoggedDocumentsByKeys(
  db: OpsDb,
  keys: readonly string[],
): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  if (keys.length === 0) return byKey;
  const rows = await db
    .selectFrom('ops.dunning_log_documents')
    .select(['idempotency_key', 'document_id'])
    .where('idempotency_key', 'in', [...new Set(keys)])
    .orderBy('idempotency_key')
    .orderBy('document_id')
    .execute();
  for (const r of rows)
    byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r.document_id]);
  return byKey;
}
