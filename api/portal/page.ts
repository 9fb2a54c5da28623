import { formatDate, formatMoney } from '../../workflows/dunning/messages/format.js';
import type { Language } from '../../workflows/dunning/types.js';
import type { PortalView } from './portal-view.js';

const escape = (text: unknown) =>
  String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The page's words, in the customer's language (the one its reminders are written in). */
const WORDS = {
  fr: {
    title: 'Votre compte',
    intro: (asOf: string, until: string) =>
      `Factures ouvertes au ${asOf}. Ce lien est valable jusqu’au ${until}.`,
    promiseDone: 'Merci : votre promesse de paiement est enregistrée.',
    disputeDone: 'Merci : votre contestation est enregistrée ; nous revenons vers vous.',
    invoice: 'Facture',
    issued: 'Émise le',
    due: 'Échéance',
    amount: 'Montant',
    open: 'Reste dû',
    late: (n: number) => `${n} j de retard`,
    notDue: 'non échue',
    disputed: 'contestée',
    nothing: 'Plus rien n’est dû. Merci.',
    howToPay: 'Comment payer',
    quote: 'Merci de rappeler les numéros de facture avec votre paiement.',
    promises: 'Vos promesses',
    by: 'au',
    promiseTitle: 'Promettre un paiement',
    forCompany: 'Pour les factures de',
    promiseAmount: 'Montant',
    promiseDate: 'Date',
    promiseSend: 'Envoyer ma promesse',
    disputeTitle: 'Contester une facture',
    reason: 'Motif',
    disputeSend: 'Envoyer ma contestation',
    other: 'English',
  },
  en: {
    title: 'Your account',
    intro: (asOf: string, until: string) => `Open invoices as of ${asOf}. This link is valid until ${until}.`,
    promiseDone: 'Thank you: your promise to pay is recorded.',
    disputeDone: 'Thank you: your dispute is recorded; we will come back to you.',
    invoice: 'Invoice',
    issued: 'Issued',
    due: 'Due',
    amount: 'Amount',
    open: 'Open',
    late: (n: number) => `${n} days late`,
    notDue: 'not due',
    disputed: 'disputed',
    nothing: 'Nothing is open. Thank you.',
    howToPay: 'How to pay',
    quote: 'Please quote the invoice numbers with your payment.',
    promises: 'Your promises',
    by: 'by',
    promiseTitle: 'Promise to pay',
    forCompany: 'For the invoices of',
    promiseAmount: 'Amount',
    promiseDate: 'By (date)',
    promiseSend: 'Send my promise',
    disputeTitle: 'Dispute an invoice',
    reason: 'Reason',
    disputeSend: 'Send my dispute',
    other: 'Français',
  },
} as const;

/**
 * The portal page: plain HTML and forms (no script), in the customer's view only, in `language` (the customer's by
 * default; `?lang=fr|en` switches).
 */
export function renderPortalPage(
  view: PortalView,
  token: string,
  language: Language,
  notice?: string,
  error?: string,
): string {
  const w = WORDS[language];
  const base = `/portal/${encodeURIComponent(token)}`;
  const money = (amount: string, currency: string) => escape(formatMoney(amount, currency, language));
  const date = (iso: string) => escape(formatDate(iso, language));
  const rows = view.invoices
    .map(
      (i) => `<tr><td>${escape(i.reference ?? i.document_id)}${
        i.pdf
          ? ` <a href="/api/portal/${encodeURIComponent(token)}/invoices/${encodeURIComponent(i.company_id)}/${encodeURIComponent(i.document_id)}">PDF</a>`
          : ''
      }</td><td>${date(i.issue_date)}</td><td>${date(i.due_date)}</td>
        <td class="n">${money(i.amount, i.currency)}</td><td class="n">${money(i.open_amount, i.currency)}</td>
        <td>${i.days_past_due > 0 ? w.late(i.days_past_due) : w.notDue}${i.disputed ? ` · ${w.disputed}` : ''}</td></tr>`,
    )
    .join('\n');
  const options = view.invoices
    .map(
      (i) =>
        `<option value="${escape(i.document_id)}">${escape(i.reference ?? i.document_id)} — ${money(i.open_amount, i.currency)}</option>`,
    )
    .join('');
  const details = view.paymentDetails
    .map(
      (d) =>
        `<li>${escape(d.beneficiary)} — IBAN ${escape(d.iban)}${d.bic ? ` — BIC ${escape(d.bic)}` : ''}${d.note ? ` — ${escape(d.note)}` : ''}</li>`,
    )
    .join('');
  const companies = [...new Set(view.invoices.map((i) => i.company_id))];
  const companyField =
    companies.length > 1
      ? `<label>${w.forCompany} <select name="companyId">${companies.map((c) => `<option value="${escape(c)}">${escape(c)}</option>`).join('')}</select></label>`
      : '';
  const promises = view.promises
    .map((p) => `<li>${escape(p.amount)} ${w.by} ${date(p.promised_date)}</li>`)
    .join('');
  const notices: Record<string, string> = { promise: w.promiseDone, dispute: w.disputeDone };
  const other: Language = language === 'fr' ? 'en' : 'fr';
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${w.title} — ${escape(view.customer.name)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}.n{text-align:right}.notice{background:#e8f5e9;padding:.6rem}.error{background:#fdecea;padding:.6rem}
form{margin:1rem 0;padding:1rem;border:1px solid #ddd}label{display:block;margin:.4rem 0}.lang{float:right}</style></head>
<body><a class="lang" href="${base}?lang=${other}" hreflang="${other}">${w.other}</a><h1>${escape(view.customer.name)}</h1>
<p>${escape(w.intro(formatDate(view.asOf, language), formatDate(view.expiresAt.toISOString().slice(0, 10), language)))}</p>
${notice && notices[notice] ? `<p class="notice">${escape(notices[notice])}</p>` : ''}${error ? `<p class="error">${escape(error)}</p>` : ''}
<table><thead><tr><th>${w.invoice}</th><th>${w.issued}</th><th>${w.due}</th><th class="n">${w.amount}</th><th class="n">${w.open}</th><th></th></tr></thead><tbody>
${rows || `<tr><td colspan="6">${w.nothing}</td></tr>`}</tbody></table>
${details ? `<h2>${w.howToPay}</h2><ul>${details}</ul><p>${w.quote}</p>` : ''}
${promises ? `<h2>${w.promises}</h2><ul>${promises}</ul>` : ''}
${
  view.invoices.length
    ? `<form method="post" action="${base}/promise?lang=${language}"><h2>${w.promiseTitle}</h2>
${companyField}<label>${w.promiseAmount} <input name="amount" required pattern="\\d+(\\.\\d{1,2})?"></label><label>${w.promiseDate} <input name="date" type="date" required></label>
<button>${w.promiseSend}</button></form>
<form method="post" action="${base}/dispute?lang=${language}"><h2>${w.disputeTitle}</h2>
<label>${w.invoice} <select name="documentId">${options}</select></label><label>${w.reason} <textarea name="reason" required minlength="3" maxlength="2000"></textarea></label>
<button>${w.disputeSend}</button></form>`
    : ''
}
</body></html>`;
}
