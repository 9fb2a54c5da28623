/** The template ids a scenario step may name (ScenarioStep.template). */
export const TEMPLATE_IDS = [
  'prevention',
  'reminder_friendly',
  'reminder_firm',
  'formal_notice',
  'final_notice',
  'call_script',
  'thanks',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export function isTemplateId(id: string): id is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(id);
}

/** The merge fields, already formatted for the message's language (plain text; HTML escapes them). */
export interface MergeFields {
  customerName: string;
  companyName: string;
  /** Total of the open amounts, e.g. `1 234,56 €`. */
  total: string;
  invoiceCount: number;
  /** Most days late among the invoices (negative: days before the earliest due date). */
  maxDaysLate: number;
  /** Earliest due date, formatted. */
  firstDueDate: string;
  noticeDays: number;
  senderName: string;
  senderEmail: string;
}

/** One template in one language: paragraphs are plain text, one string each. */
export interface TemplateText {
  /** A letter's object line and a call task's title. */
  title: string;
  subject(f: MergeFields): string;
  /** Before the invoice table. */
  opening(f: MergeFields): string[];
  /** After the table, the legal mentions and the payment details. */
  closing(f: MergeFields): string[];
  /** Formal and final notices: the legal mentions (penalties, indemnity, deadline) follow the table. */
  legal: boolean;
  /** Payment details and the portal link (not in a thank-you). */
  howToPay: boolean;
}

/** The fixed words of a language around the templates. */
export interface LanguageLabels {
  greeting(customerName: string): string;
  regards: string;
  /** Between a label and its value: ' : ' with a no-break space in French, ': ' in English. */
  colon: string;
  /** Same keys as compose.ts InvoiceRow. */
  columns: {
    reference: string;
    issueDate: string;
    dueDate: string;
    amount: string;
    open: string;
    daysLate: string;
  };
  daysLate(days: number): string;
  total: string;
  payTo: string;
  beneficiary: string;
  iban: string;
  bic: string;
  paymentReference(references: string): string;
  noPaymentDetails: string;
  portal: string;
  portalLinkText: string;
}
