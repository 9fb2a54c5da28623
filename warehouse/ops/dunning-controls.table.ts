import type { ColumnType, Selectable, Updateable } from 'kysely';

/** The reminder engine's switches (migration 700): one row, id 1. */
export interface DunningControlsTable {
  id: number;
  paused: boolean;
  pause_reason: string | null;
  max_messages_per_run: number;
  /** ISO weekdays without sends (1 = Monday … 7 = Sunday). */
  quiet_weekdays: ColumnType<number[], number[] | undefined, number[]>;
  /** YYYY-MM-DD dates without sends (public holidays). */
  quiet_dates: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: ColumnType<Date, never, Date>;
  updated_by: string;
}

export type DunningControls = Selectable<DunningControlsTable>;
export type DunningControlsUpdate = Updateable<DunningControlsTable>;
