import type { OpsDb } from './database.js';
import type { DunningControls, DunningControlsUpdate } from './dunning-controls.table.js';

/** The engine's switches (the migration inserts the one row). */
export function readDunningControls(db: OpsDb): Promise<DunningControls> {
  return db.selectFrom('ops.dunning_controls').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

export function updateDunningControls(
  db: OpsDb,
  change: Omit<DunningControlsUpdate, 'id' | 'updated_at'> & { updated_by: string },
): Promise<DunningControls> {
  return db
    .updateTable('ops.dunning_controls')
    .set({ ...change, updated_at: new Date() })
    .where('id', '=', 1)
    .returningAll()
    .executeTakeFirstOrThrow();
}
