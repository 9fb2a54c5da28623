import type { Generated, Insertable, Selectable } from 'kysely';

/** How to pay a company, shown by the customer portal (migration 600). */
export interface PaymentDetailsTable {
  company_id: string;
  beneficiary: string;
  iban: string;
  bic: string | null;
  note: string | null;
  updated_at: Generated<Date>;
}

export type PaymentDetails = Selectable<PaymentDetailsTable>;
export type NewPaymentDetails = Insertable<PaymentDetailsTable>;
