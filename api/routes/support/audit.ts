import { appendAudit } from '../../../warehouse/ops/audit.queries.js';
import type { OpsDb } from '../../../warehouse/ops/database.js';
import { toJsonObject } from './json.js';

/** One audited change: who is given by the caller; `before` null for a creation, `after` null for a deletion. */
export interface Change {
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: object | null;
  after?: object | null;
}

/**
 * Runs `work` in one ops transaction and appends the audit rows it returns in the same transaction: a change and its
 * audit row commit or roll back together.
 */
export function withAudit<T>(
  ops: OpsDb,
  actor: string,
  work: (trx: OpsDb) => Promise<{ result: T; changes: Change[] }>,
): Promise<T> {
  return ops.transaction().execute(async (trx) => {
    const { result, changes } = await work(trx);
    for (const change of changes) {
      await appendAudit(trx, {
        actor,
        action: change.action,
        entity: change.entity,
        entity_id: change.entityId === null ? null : String(change.entityId),
        before: toJsonObject(change.before),
        after: toJsonObject(change.after),
      });
    }
    return result;
  });
}
