import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { JsonObject } from './json.js';

export const DUNNING_CHANNELS = ['email', 'letter', 'call'] as const;
export type DunningChannel = (typeof DUNNING_CHANNELS)[number];
export const DUNNING_STATUSES = ['intent', 'sent', 'failed', 'ambiguous'] as const;
export type DunningStatus = (typeof DUNNING_STATUSES)[number];

/**
 * One row per reminder send: written as 'intent' before sending, then 'sent' or 'failed'; 'ambiguous' when the
 * send may or may not have happened. A retry that finds the key never sends twice.
 */
export interface DunningLogTable {
  idempotency_key: string;
  company_id: string;
  customer_id: string;
  step: string;
  channel: DunningChannel;
  status: DunningStatus;
  created_at: Generated<Date>;
  sent_at: Date | null;
  detail: JsonObject | null;
  /** Migration 700: the scenario, the plan's date (YYYY-MM-DD), the amount covered and its currency. */
  scenario: string | null;
  as_of: string | null;
  /** DECIMAL(18,2) as an exact string. */
  amount: string | null;
  currency: string | null;
}

/** The invoices one send covered (migration 700): the plan's "this invoice already had this step". */
export interface DunningLogDocumentsTable {
  idempotency_key: string;
  company_id: string;
  customer_id: string;
  document_id: string;
  step: string;
}

export type DunningLogEntry = Selectable<DunningLogTable>;
export type NewDunningLogEntry = Insertable<DunningLogTable>;
export type DunningLogUpdate = Updateable<DunningLogTable>;
