import type { OpsDb } from './database.js';
import type { CallTask, NewCallTask } from './call-tasks.table.js';

/** Creates the call task of a `call` step once: a second call with the same key returns the existing task. */
export async function recordCallTask(
  db: OpsDb,
  task: Omit<NewCallTask, 'id' | 'status' | 'created_at' | 'outcome' | 'done_at' | 'done_by'>,
): Promise<{ task: CallTask; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('ops.call_tasks')
      .selectAll()
      .where('idempotency_key', '=', task.idempotency_key)
      .executeTakeFirst();
    if (existing) return { task: existing, created: false };
    const created = await trx
      .insertInto('ops.call_tasks')
      .values(task)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { task: created, created: true };
  });
}

/** Open call tasks due on or before `until`, the largest cash at stake first. */
export function listOpenCallTasks(
  db: OpsDb,
  until: string,
  customerIds?: readonly string[],
): Promise<CallTask[]> {
  let query = db
    .selectFrom('ops.call_tasks')
    .selectAll()
    .where('status', '=', 'open')
    .where('due_date', '<=', until);
  if (customerIds !== undefined) {
    if (customerIds.length === 0) return Promise.resolve([]);
    query = query.where('customer_id', 'in', [...customerIds]);
  }
  return query.orderBy('cash_at_stake', 'desc').orderBy('id').execute();
}

export function findCallTask(db: OpsDb, id: number): Promise<CallTask | undefined> {
  return db.selectFrom('ops.call_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a task done (or cancelled) with the collector's outcome. */
export function closeCallTask(
  db: OpsDb,
  id: number,
  change: { status: 'done' | 'cancelled'; outcome: string; by: string },
): Promise<CallTask> {
  return db
    .updateTable('ops.call_tasks')
    .set({ status: change.status, outcome: change.outcome, done_by: change.by, done_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
