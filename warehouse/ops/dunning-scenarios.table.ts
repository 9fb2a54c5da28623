import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { JsonObject } from './json.js';

/**
 * A reminder scenario (migration 701). `definition` holds the whole Scenario of workflows/dunning/types.ts as JSON;
 * the scenario code validates it on the way in and out, this layer only stores it.
 */
export interface DunningScenariosTable {
  id: string;
  definition: ColumnType<JsonObject, JsonObject, JsonObject>;
  /** Shipped with encours (seeded when the table is empty); an edit keeps the flag. */
  builtin: Generated<boolean>;
  updated_at: Generated<Date>;
  /** 'user:<id>', 'cli' or 'system'. */
  updated_by: string;
}

export type DunningScenarioRow = Selectable<DunningScenariosTable>;
export type NewDunningScenarioRow = Insertable<DunningScenariosTable>;
export type DunningScenarioUpdate = Updateable<DunningScenariosTable>;
