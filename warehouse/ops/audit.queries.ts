import type { AuditEntry, NewAuditEntry } from './audit-log.table.js';
import type { OpsDb } from './database.js';

/** Appends one entry; the database sets its id and time. Run it in the same transaction as the change. */
export function appendAudit(db: OpsDb, entry: Omit<NewAuditEntry, 'id' | 'at'>): Promise<AuditEntry> {
  return db
    .insertInto('ops.audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entity_id ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  /** Entries at or after this instant. */
  since?: Date;
  /** Paging: entries with an id below this one. */
  beforeId?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** Newest first. */
export function listAudit(db: OpsDb, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
  let query = db.selectFrom('ops.audit_log').selectAll();
  if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}
