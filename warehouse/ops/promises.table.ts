import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export const PROMISE_STATUSES = ['open', 'kept', 'broken', 'cancelled'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

/** A customer's promise to pay. */
export interface PromisesTable {
  id: Generated<number>;
  company_id: string;
  customer_id: string;
  /** The invoices it covers; [] = the customer's balance. */
  document_ids: ColumnType<string[], string[] | undefined, string[]>;
  /** DECIMAL(18,2) as an exact string, e.g. '1250.00'. */
  amount: string;
  /** YYYY-MM-DD. */
  promised_date: string;
  status: Generated<PromiseStatus>;
  /** 'user:<id>', 'portal:<customer_id>' or 'system'. */
  created_by: string;
  created_at: Generated<Date>;
}

export type PaymentPromise = Selectable<PromisesTable>;
export type NewPaymentPromise = Insertable<PromisesTable>;
export type PaymentPromiseUpdate = Updateable<PromisesTable>;
