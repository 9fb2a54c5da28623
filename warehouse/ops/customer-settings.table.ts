import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Collection settings of one customer made in the application (migration 600); null keeps the ledger's value. */
export interface CustomerSettingsTable {
  customer_id: string;
  /** DECIMAL(18,2) as an exact string; null: the credit limit of the ledger import. */
  credit_limit: string | null;
  credit_hold: Generated<boolean>;
  hold_reason: string | null;
  /** YYYY-MM-DD: no automatic reminder until this date (inclusive). */
  reminders_paused_until: string | null;
  pause_reason: string | null;
  /** When the owner was alerted that the exposure passed the limit; null while under it. */
  over_limit_since: Date | null;
  /** Migration 701: a reminder scenario chosen by hand for this customer (null: the assignment rules decide). */
  scenario_id: string | null;
  /** Why the scenario was chosen by hand (shown in the plan's reasons). */
  scenario_reason: string | null;
  updated_at: Generated<Date>;
  /** 'user:<id>', 'portal:<customer_id>' or 'system'. */
  updated_by: string;
}

export type CustomerSettings = Selectable<CustomerSettingsTable>;
export type NewCustomerSettings = Insertable<CustomerSettingsTable>;
export type CustomerSettingsUpdate = Updateable<CustomerSettingsTable>;
