import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const DISPUTE_STATUSES = ['open', 'resolved', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export interface DisputesTable {
  id: Generated<number>;
  company_id: string;
  customer_id: string;
  document_id: string;
  reason: string;
  status: Generated<DisputeStatus>;
  opened_at: Generated<Date>;
  resolved_at: Date | null;
}

export type Dispute = Selectable<DisputesTable>;
export type NewDispute = Insertable<DisputesTable>;
export type DisputeUpdate = Updateable<DisputesTable>;
