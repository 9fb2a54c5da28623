import type { PortalView } from './portal-view.js';

const escape = (text: unknown) =>
  String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const NOTICES: Record<string, string> = {
  promise: 'Thank you: your promise to pay is recorded.',
  dispute: 'Thank you: your dispute is recorded; we will come back to you.',
};

/** The portal page: plain HTML and forms (no script), in the customer's view only. */
export function renderPortalPage(view: PortalView, token: string, notice?: string, error?: string): string {
  const base = `/portal/${encodeURIComponent(token)}`;
  const rows = view.invoices
    .map(
      (i) => `<tr><td>${escape(i.reference ?? i.document_id)}${
        i.pdf
          ? ` <a href="/api/portal/${encodeURIComponent(token)}/invoices/${encodeURIComponent(i.company_id)}/${encodeURIComponent(i.document_id)}">PDF</a>`
          : ''
      }</td><td>${escape(i.issue_date)}</td><td>${escape(i.due_date)}</td>
        <td class="n">${escape(i.amount)} ${escape(i.currency)}</td><td class="n">${escape(i.open_amount)} ${escape(i.currency)}</td>
        <td>${i.days_past_due > 0 ? `${i.days_past_due} days late` : 'not due'}${i.disputed ? ' · disputed' : ''}</td></tr>`,
    )
    .join('\n');
  const options = view.invoices
    .map(
      (i) =>
        `<option value="${escape(i.document_id)}">${escape(i.reference ?? i.document_id)} — ${escape(i.open_amount)} ${escape(i.currency)}</option>`,
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
      ? `<label>For the invoices of <select name="companyId">${companies.map((c) => `<option value="${escape(c)}">${escape(c)}</option>`).join('')}</select></label>`
      : '';
  const promises = view.promises
    .map((p) => `<li>${escape(p.amount)} by ${escape(p.promised_date)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Your account — ${escape(view.customer.name)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}.n{text-align:right}.notice{background:#e8f5e9;padding:.6rem}.error{background:#fdecea;padding:.6rem}
form{margin:1rem 0;padding:1rem;border:1px solid #ddd}label{display:block;margin:.4rem 0}</style></head>
<body><h1>${escape(view.customer.name)}</h1><p>Open invoices as of ${escape(view.asOf)}. This link is valid until ${escape(view.expiresAt.toISOString().slice(0, 10))}.</p>
${notice && NOTICES[notice] ? `<p class="notice">${escape(NOTICES[notice])}</p>` : ''}${error ? `<p class="error">${escape(error)}</p>` : ''}
<table><thead><tr><th>Invoice</th><th>Issued</th><th>Due</th><th class="n">Amount</th><th class="n">Open</th><th></th></tr></thead><tbody>
${rows || '<tr><td colspan="6">Nothing is open. Thank you.</td></tr>'}</tbody></table>
${details ? `<h2>How to pay</h2><ul>${details}</ul><p>Please quote the invoice numbers with your payment.</p>` : ''}
${promises ? `<h2>Your promises</h2><ul>${promises}</ul>` : ''}
${
  view.invoices.length
    ? `<form method="post" action="${base}/promise"><h2>Promise to pay</h2>
${companyField}<label>Amount <input name="amount" required pattern="\\d+(\\.\\d{1,2})?"></label><label>By (date) <input name="date" type="date" required></label>
<button>Send my promise</button></form>
<form method="post" action="${base}/dispute"><h2>Dispute an invoice</h2>
<label>Invoice <select name="documentId">${options}</select></label><label>Reason <textarea name="reason" required minlength="3" maxlength="2000"></textarea></label>
<button>Send my dispute</button></form>`
    : ''
}
</body></html>`;
}
