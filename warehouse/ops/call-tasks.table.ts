import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export const CALL_TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type CallTaskStatus = (typeof CALL_TASK_STATUSES)[number];

/** A call a collector has to make, created by a `call` step (migration 700); one per idempotency key. */
export interface CallTasksTable {
  id: Generated<number>;
  idempotency_key: string;
  company_id: string;
  customer_id: string;
  step: string;
  /** YYYY-MM-DD: the day the step came due. */
  due_date: string;
  /** DECIMAL(18,2) as exact strings. */
  overdue_amount: string;
  currency: string;
  p_late_30: number | null;
  /** overdue_amount × P(late > 30 days) (the overdue amount when the customer was never scored). */
  cash_at_stake: string;
  documents: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<CallTaskStatus>;
  outcome: string | null;
  created_at: Generated<Date>;
  done_at: Date | null;
  done_by: string | null;
}

export type CallTask = Selectable<CallTasksTable>;
export type NewCallTask = Insertable<CallTasksTable>;
export type CallTaskUpdate = Updateable<CallTasksTable>;
