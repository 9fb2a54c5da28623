import { addRates } from './format.js';

/**
 * The ECB main refinancing operations rate (percent) in force on 1 January 2026 (2.15 % since 11 June 2025). French
 * law (art. L441-10 du Code de commerce) sets the default late-payment penalty rate at this rate + 10 points, the
 * rate of 1 January applying for the first half-year and that of 1 July for the second: update it, or set the rate
 * explicitly (`latePenaltyRate`), when the ECB changes it or the terms of sale state another rate.
 */
export const DEFAULT_ECB_REFINANCING_RATE = '2.15';

/** The fixed recovery indemnity per late invoice (art. L441-10 and D441-5 du Code de commerce), in EUR. */
export const RECOVERY_INDEMNITY_EUR = '40.00';

/** Days a formal notice gives the customer to pay before recovery proceedings. */
export const DEFAULT_NOTICE_DAYS = 8;

export function defaultLatePenaltyRate(ecbRate = DEFAULT_ECB_REFINANCING_RATE): string {
  return addRates(ecbRate, '10');
}

export interface PaymentDetailsView {
  beneficiary: string;
  iban: string;
  bic: string | null;
  note: string | null;
}

/** Everything a message needs beyond the planned action itself; built by channels/load-message-context.ts. */
export interface MessageContext {
  /** The creditor: the company the invoices were issued by. `address` is zero or more lines. */
  company: { id: string; name: string; address: string[] };
  /** How to pay (ops.payment_details of the company); null: the message says to contact the sender. */
  paymentDetails: PaymentDetailsView | null;
  /** The customer's signed portal link (open invoices, promise to pay, dispute); null: not mentioned. */
  portalUrl: string | null;
  /** Who signs the message and whom to answer. */
  sender: { name: string; email: string; phone?: string | null };
  /** Annual late-payment penalty rate in percent, an exact decimal string such as '12.15'. */
  latePenaltyRate: string;
  /** Days a formal notice gives to pay (8 by default). */
  noticeDays: number;
  /** Postal address lines of the customer for the letter; empty when unknown. */
  recipientAddress: string[];
}
