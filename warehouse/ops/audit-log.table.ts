import type { Generated, Insertable, Selectable } from 'kysely';
import type { JsonObject } from './json.js';

/** Append-only: no Updateable type, and the query layer only inserts and reads. */
export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  /** 'user:<id>', 'portal:<customer_id>' or 'system'. */
  actor: string;
  /** create | update | delete | login | … */
  action: string;
  /** user, promise, dispute, comment … */
  entity: string;
  entity_id: string | null;
  before: JsonObject | null;
  after: JsonObject | null;
}

export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
