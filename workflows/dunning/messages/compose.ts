import type { Language, PlannedAction } from '../types.js';
import type { MessageContext } from './context.js';
import { formatDate, formatMoney, sumAmounts } from './format.js';
import { legalMentions } from './legal-mentions.js';
import { EN_LABELS, EN_TEMPLATES } from './templates/en.js';
import { FR_LABELS, FR_TEMPLATES } from './templates/fr.js';
import {
  isTemplateId,
  TEMPLATE_IDS,
  type LanguageLabels,
  type MergeFields,
  type TemplateText,
} from './templates/template.js';

/** One invoice row, every cell formatted. */
export interface InvoiceRow {
  reference: string;
  issueDate: string;
  dueDate: string;
  amount: string;
  open: string;
  daysLate: string;
}

/** A message before it is laid out as text, HTML or PDF: every figure formatted, every paragraph plain text. */
export interface MessageModel {
  language: Language;
  labels: LanguageLabels;
  template: TemplateText;
  fields: MergeFields;
  rows: InvoiceRow[];
  total: string;
  legal: string[];
  /** [label, value] lines and the transfer reference; null when the company has no payment details. */
  payment: { lines: [string, string][]; reference: string; note: string | null } | null;
  portalUrl: string | null;
  signature: string[];
}

export function composeMessage(
  action: PlannedAction,
  context: MessageContext,
  templateId = action.template,
): MessageModel {
  if (!isTemplateId(templateId))
    throw new Error(
      `unknown reminder template "${templateId}" (scenario ${action.scenario}, step ${action.step}); use one of ${TEMPLATE_IDS.join(', ')}`,
    );
  if (action.documents.length === 0)
    throw new Error(
      `planned action ${action.company_id}/${action.customer_id} step ${action.step} lists no invoice`,
    );
  const language: Language = action.language === 'en' ? 'en' : 'fr';
  const labels = language === 'fr' ? FR_LABELS : EN_LABELS;
  const template = (language === 'fr' ? FR_TEMPLATES : EN_TEMPLATES)[templateId];
  const money = (amount: string, currency: string) => formatMoney(amount, currency, language);
  const docs = action.documents;
  // the total of the rows shown (the contract's action.amount) unless the invoices are in several currencies
  const oneCurrency = docs.every((d) => d.currency === action.currency);
  const total = money(
    oneCurrency ? sumAmounts(docs.map((d) => d.open_amount)) : action.amount,
    action.currency,
  );
  const firstDue = docs.map((d) => d.due_date).sort()[0]!;
  const fields: MergeFields = {
    customerName: action.customer_name,
    companyName: context.company.name,
    total,
    invoiceCount: docs.length,
    maxDaysLate: Math.max(...docs.map((d) => d.days_late)),
    firstDueDate: formatDate(firstDue, language),
    noticeDays: context.noticeDays,
    senderName: context.sender.name,
    senderEmail: context.sender.email,
  };
  const references = docs.map((d) => d.reference || d.document_id);
  const rows = docs.map((d, i) => ({
    reference: references[i]!,
    issueDate: formatDate(d.issue_date, language),
    dueDate: formatDate(d.due_date, language),
    amount: money(d.amount, d.currency),
    open: money(d.open_amount, d.currency),
    daysLate: labels.daysLate(d.days_late),
  }));
  const details = context.paymentDetails;
  const payment = details
    ? {
        lines: [
          [labels.beneficiary, details.beneficiary],
          [labels.iban, formatIban(details.iban)],
          ...(details.bic ? [[labels.bic, details.bic] as [string, string]] : []),
        ] as [string, string][],
        // up to 5 invoice references, else the customer's reference (a bank transfer's reference field is short)
        reference: labels.paymentReference(
          references.length <= 5 ? references.join(', ') : action.customer_id,
        ),
        note: details.note,
      }
    : null;
  const legal = template.legal
    ? legalMentions(language, {
        latePenaltyRate: context.latePenaltyRate,
        invoiceCount: docs.length,
        noticeDays: context.noticeDays,
      })
    : [];
  const signature = [
    context.sender.name,
    context.company.name,
    context.sender.email,
    context.sender.phone ?? '',
  ].filter((line) => line !== '');
  return {
    language,
    labels,
    template,
    fields,
    rows,
    total,
    legal,
    payment,
    portalUrl: context.portalUrl,
    signature,
  };
}

/** `FR7630006000011234567890189` → `FR76 3000 6000 0112 3456 7890 189`. */
export function formatIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}
