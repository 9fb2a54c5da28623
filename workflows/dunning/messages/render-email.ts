import type { PlannedAction } from '../types.js';
import { composeMessage, type InvoiceRow, type MessageModel } from './compose.js';
import type { MessageContext } from './context.js';
import { escapeHtml } from './format.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The email of a planned action in the customer's language: subject, plain text and HTML (every merge field escaped). */
export function renderEmail(action: PlannedAction, context: MessageContext): RenderedEmail {
  const model = composeMessage(action, context);
  return { subject: model.template.subject(model.fields), text: renderText(model), html: renderHtml(model) };
}

/** The text of a call task (template `call_script` whatever the step's template): who to call, what to say, the invoices. */
export function renderCallScript(action: PlannedAction, context: MessageContext): string {
  const model = composeMessage(action, context, 'call_script');
  const contact = action.email ? ` <${action.email}>` : '';
  return [`${model.template.subject(model.fields)}${contact}`, '', renderText(model, false)].join('\n');
}

const COLUMNS: (keyof InvoiceRow)[] = ['reference', 'issueDate', 'dueDate', 'amount', 'open', 'daysLate'];
const RIGHT_ALIGNED = new Set<keyof InvoiceRow>(['amount', 'open', 'daysLate']);

export function renderTextTable(model: MessageModel): string {
  const header: InvoiceRow = model.labels.columns;
  const all = [header, ...model.rows];
  const widths = COLUMNS.map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: InvoiceRow) =>
    COLUMNS.map((c, i) => (RIGHT_ALIGNED.has(c) ? r[c].padStart(widths[i]!) : r[c].padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    line(header),
    rule,
    ...model.rows.map(line),
    rule,
    `${model.labels.total}${model.labels.colon}${model.total}`,
  ].join('\n');
}

function renderText(model: MessageModel, greet = true): string {
  const { labels, template, fields } = model;
  const blocks: string[] = [];
  if (greet) blocks.push(labels.greeting(fields.customerName));
  blocks.push(...template.opening(fields), renderTextTable(model), ...model.legal);
  if (template.howToPay) {
    if (model.payment) {
      const lines = model.payment.lines.map(([label, value]) => `  ${label}${labels.colon}${value}`);
      blocks.push(
        [
          labels.payTo,
          ...lines,
          model.payment.reference,
          ...(model.payment.note ? [model.payment.note] : []),
        ].join('\n'),
      );
    } else if (greet) blocks.push(labels.noPaymentDetails);
    if (model.portalUrl) blocks.push(`${labels.portal}\n${model.portalUrl}`);
  }
  blocks.push(...template.closing(fields));
  if (greet) blocks.push([labels.regards, ...model.signature].join('\n'));
  return blocks.join('\n\n') + '\n';
}

const CELL = 'padding:4px 8px;border-bottom:1px solid #ddd;';

function renderHtml(model: MessageModel): string {
  const { labels, template, fields } = model;
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const cell = (tag: 'td' | 'th', column: keyof InvoiceRow, text: string) =>
    `<${tag} style="${CELL}text-align:${RIGHT_ALIGNED.has(column) ? 'right' : 'left'}">${escapeHtml(text)}</${tag}>`;
  const head = `<tr>${COLUMNS.map((c) => cell('th', c, labels.columns[c])).join('')}</tr>`;
  const body = model.rows
    .map((r) => `<tr>${COLUMNS.map((c) => cell('td', c, r[c])).join('')}</tr>`)
    .join('\n');
  const foot = `<tr><td colspan="4" style="${CELL}font-weight:bold">${escapeHtml(labels.total)}</td><td style="${CELL}text-align:right;font-weight:bold">${escapeHtml(model.total)}</td><td style="${CELL}"></td></tr>`;
  const parts = [
    p(labels.greeting(fields.customerName)),
    ...template.opening(fields).map(p),
    `<table class="invoices" style="border-collapse:collapse;font-size:14px">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n<tfoot>${foot}</tfoot>\n</table>`,
    ...model.legal.map(p),
  ];
  if (template.howToPay) {
    if (model.payment) {
      const rows = model.payment.lines.map(
        ([label, value]) =>
          `<tr><th style="text-align:left;padding-right:12px">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
      );
      parts.push(
        `<p><strong>${escapeHtml(labels.payTo)}</strong></p>\n<table class="payment">${rows.join('')}</table>`,
        p(model.payment.reference),
        ...(model.payment.note ? [p(model.payment.note)] : []),
      );
    } else parts.push(p(labels.noPaymentDetails));
    if (model.portalUrl)
      parts.push(
        `<p>${escapeHtml(labels.portal)}<br><a href="${escapeHtml(model.portalUrl)}">${escapeHtml(labels.portalLinkText)}</a></p>`,
      );
  }
  parts.push(...template.closing(fields).map(p));
  parts.push(`<p>${[labels.regards, ...model.signature].map(escapeHtml).join('<br>')}</p>`);
  return `<!doctype html>\n<html lang="${model.language}"><head><meta charset="utf-8"><title>${escapeHtml(template.subject(fields))}</title></head>\n<body style="font-family:Arial,Helvetica,sans-serif;color:#222">\n${parts.join('\n')}\n</body></html>\n`;
}
