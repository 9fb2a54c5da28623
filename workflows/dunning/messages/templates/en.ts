import type { LanguageLabels, TemplateId, TemplateText } from './template.js';

const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);
const invoices = (n: number) => plural(n, 'the invoice below', `the ${n} invoices below`);

export const EN_LABELS: LanguageLabels = {
  greeting: (name) => `Dear ${name},`,
  regards: 'Kind regards,',
  colon: ': ',
  columns: {
    reference: 'Invoice',
    issueDate: 'Date',
    dueDate: 'Due date',
    amount: 'Amount',
    open: 'Outstanding',
    daysLate: 'Days late',
  },
  daysLate: (days) => (days < 0 ? `in ${-days} d` : days === 0 ? 'today' : String(days)),
  total: 'Total outstanding',
  payTo: 'Payment details',
  beneficiary: 'Beneficiary',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: (refs) => `Please quote as the transfer reference: ${refs}`,
  noPaymentDetails: 'Simply reply to this message for our bank details.',
  portal: 'View your invoices, tell us when you will pay or report a dispute in your account:',
  portalLinkText: 'Open my account',
};

export const EN_TEMPLATES: Record<TemplateId, TemplateText> = {
  prevention: {
    title: 'Payment due soon',
    subject: (f) => `${f.companyName}: payment due soon, ${f.total}`,
    opening: (f) => [
      `To help you plan, this is a reminder that ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'falls', 'fall')} due soon (from ${f.firstDueDate}).`,
    ],
    closing: () => ['If payment is already scheduled, please disregard this message.'],
    legal: false,
    howToPay: true,
  },
  reminder_friendly: {
    title: 'Payment reminder',
    subject: (f) =>
      `${f.companyName}: overdue invoice${plural(f.invoiceCount, '', 's')} reminder, ${f.total}`,
    opening: (f) => [
      `According to our records, ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'is', 'are')} still unpaid.`,
      'This may simply be an oversight: we would be grateful if you could arrange payment.',
    ],
    closing: () => ['If your payment has crossed with this message, please disregard it.'],
    legal: false,
    howToPay: true,
  },
  reminder_firm: {
    title: 'Second payment reminder',
    subject: (f) => `${f.companyName}: second reminder, ${f.total} overdue`,
    opening: (f) => [
      `Despite our previous reminder, ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'remains', 'remain')} unpaid, up to ${f.maxDaysLate} days past due.`,
      'Please settle without delay, or let us know the date on which payment will be made.',
    ],
    closing: () => ['If you disagree with an invoice, please tell us so that we can look into it.'],
    legal: false,
    howToPay: true,
  },
  formal_notice: {
    title: 'Formal notice to pay',
    subject: (f) => `${f.companyName}: formal notice to pay ${f.total}`,
    opening: (f) => [
      `Despite our reminders, ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'remains', 'remain')} unpaid.`,
      `We hereby give you formal notice to pay the sum of ${f.total} within ${f.noticeDays} days.`,
    ],
    closing: () => [
      'This message constitutes a formal notice to pay within the meaning of article 1344 of the French Civil Code.',
    ],
    legal: true,
    howToPay: true,
  },
  final_notice: {
    title: 'Final notice before recovery proceedings',
    subject: (f) => `${f.companyName}: final notice before recovery proceedings, ${f.total}`,
    opening: (f) => [
      `Our reminders and formal notice have had no effect: ${invoices(f.invoiceCount)} ${plural(f.invoiceCount, 'remains', 'remain')} unpaid.`,
      `This is our final notice: unless ${f.total} is paid within ${f.noticeDays} days, the matter will be handed over for recovery proceedings without further notice.`,
    ],
    closing: () => [
      'This message constitutes a formal notice to pay within the meaning of article 1344 of the French Civil Code.',
    ],
    legal: true,
    howToPay: true,
  },
  call_script: {
    title: 'Collection call',
    subject: (f) => `Call: ${f.customerName}, ${f.total} overdue`,
    opening: (f) => [
      `Introduce yourself: ${f.senderName}, accounts receivable at ${f.companyName}.`,
      `About: ${plural(f.invoiceCount, 'the invoice', `the ${f.invoiceCount} invoices`)} below, ${f.total} in total, up to ${f.maxDaysLate} days late.`,
      'Ask: was the invoice received? Is it disputed? On which date will it be paid?',
    ],
    closing: () => [
      'Record: the promised date and amount (promise to pay), or the dispute and the invoice it concerns.',
      'Offer the customer account to announce the payment date or report a dispute.',
    ],
    legal: false,
    howToPay: true,
  },
  thanks: {
    title: 'Thank you for your payment',
    subject: (f) => `${f.companyName}: thank you for your payment`,
    opening: (f) => [
      `We have received your payment for ${plural(f.invoiceCount, 'the invoice below', 'the invoices below')}. Thank you.`,
    ],
    closing: () => ['Please do not hesitate to contact us with any question.'],
    legal: false,
    howToPay: false,
  },
};
