import PDFDocument from 'pdfkit';
import type { Language, PlannedAction } from '../types.js';
import { composeMessage, type InvoiceRow, type MessageModel } from './compose.js';
import type { MessageContext } from './context.js';
import { formatDate } from './format.js';
import { legalMentions } from './legal-mentions.js';

const WORDS: Record<
  Language,
  {
    registered: string;
    object: string;
    date: (d: string) => string;
    customerRef: string;
    salutation: string;
    notice: string;
    closing: string;
  }
> = {
  fr: {
    registered: 'Lettre recommandée avec accusé de réception',
    object: 'Objet\u00a0: ',
    date: (d) => `Le ${d}`,
    customerRef: 'Réf. client\u00a0: ',
    salutation: 'Madame, Monsieur,',
    notice: 'La présente vaut mise en demeure de payer au sens de l’article 1344 du Code civil.',
    closing: 'Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
  },
  en: {
    registered: 'Registered letter with acknowledgement of receipt',
    object: 'Re: ',
    date: (d) => d,
    customerRef: 'Customer ref.: ',
    salutation: 'Dear Sir or Madam,',
    notice:
      'This letter constitutes a formal notice to pay within the meaning of article 1344 of the French Civil Code.',
    closing: 'Yours faithfully,',
  },
};

const MARGIN = 56;
const COLUMNS: { key: keyof InvoiceRow; width: number; align: 'left' | 'right' }[] = [
  { key: 'reference', width: 105, align: 'left' },
  { key: 'issueDate', width: 70, align: 'left' },
  { key: 'dueDate', width: 70, align: 'left' },
  { key: 'amount', width: 80, align: 'right' },
  { key: 'open', width: 80, align: 'right' },
  { key: 'daysLate', width: 78, align: 'right' },
];

/**
 * The PDF letter of a planned action (a formal notice or a final notice; any template works): sender and recipient
 * blocks, date, object line, the invoice table and total, the legal mentions (penalty rate, 40 EUR indemnity per
 * invoice and its total, 8-day deadline, recovery proceedings) when the template or the step escalates, payment
 * details, signature. Built-in Helvetica (WinAnsi: accents, €, ’ and « » render; U+202F would not, so figures use
 * U+00A0). The PDF's dates are the plan's date, so the same action renders the same bytes.
 */
export function renderLetterPdf(action: PlannedAction, context: MessageContext): Promise<Buffer> {
  const model = composeMessage(action, context);
  const words = WORDS[model.language];
  const date = new Date(`${action.as_of}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `${model.template.title} — ${model.fields.customerName}`,
      Author: context.company.name,
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const legal = model.legal.length > 0 || action.escalation;

  doc.font('Helvetica-Bold').fontSize(11).text(context.company.name, MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(10);
  for (const line of [...context.company.address, context.sender.email, context.sender.phone ?? ''])
    if (line) doc.text(line);
  const senderBottom = doc.y;

  const right = MARGIN + width / 2 + 20;
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(action.customer_name, right, MARGIN + 60, { width: width / 2 - 20 });
  doc.font('Helvetica').fontSize(10);
  for (const line of context.recipientAddress) doc.text(line, { width: width / 2 - 20 });
  doc.text(`${words.customerRef}${action.customer_id}`, { width: width / 2 - 20 });
  doc.moveDown().text(words.date(formatDate(action.as_of, model.language)), { width: width / 2 - 20 });

  doc.x = MARGIN;
  doc.y = Math.max(doc.y, senderBottom) + 24;
  if (legal) doc.font('Helvetica-Oblique').text(words.registered, { width }).moveDown(0.5);
  doc
    .font('Helvetica-Bold')
    .text(`${words.object}${model.template.title} — ${model.total}`, { width })
    .moveDown();
  doc.font('Helvetica').text(words.salutation, { width }).moveDown(0.5);
  for (const paragraph of model.template.opening(model.fields))
    doc.text(paragraph, { width, align: 'justify' }).moveDown(0.5);

  drawTable(doc, model);

  const mentions =
    legal && model.legal.length === 0
      ? legalMentions(model.language, {
          latePenaltyRate: context.latePenaltyRate,
          invoiceCount: model.rows.length,
          noticeDays: context.noticeDays,
        })
      : model.legal;
  for (const paragraph of mentions)
    doc.text(paragraph, MARGIN, doc.y, { width, align: 'justify' }).moveDown(0.5);
  if (legal) doc.text(words.notice, { width }).moveDown(0.5);

  if (model.payment) {
    doc.font('Helvetica-Bold').text(model.labels.payTo, { width });
    doc.font('Helvetica');
    for (const [label, value] of model.payment.lines)
      doc.text(`${label}${model.labels.colon}${value}`, { width });
    doc.text(model.payment.reference, { width });
    if (model.payment.note) doc.text(model.payment.note, { width });
    doc.moveDown(0.5);
  }
  if (model.portalUrl)
    doc
      .text(model.labels.portal, { width })
      .text(model.portalUrl, { width, link: model.portalUrl })
      .moveDown(0.5);

  doc.text(words.closing, { width }).moveDown(1.5);
  for (const line of model.signature.slice(0, 2)) doc.text(line, { width });
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, model: MessageModel): void {
  const rowHeight = 16;
  const bottom = () => doc.page.height - MARGIN - rowHeight * 2;
  const drawRow = (row: InvoiceRow, bold: boolean) => {
    if (doc.y > bottom()) {
      doc.addPage();
      drawRow(model.labels.columns, true); // the header again on each page
    }
    const y = doc.y;
    let x = MARGIN;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    for (const column of COLUMNS) {
      const text = fit(doc, row[column.key], column.width - 6);
      doc.text(text, x + 3, y + 4, { width: column.width - 6, align: column.align, lineBreak: false });
      x += column.width;
    }
    doc
      .moveTo(MARGIN, y + rowHeight)
      .lineTo(x, y + rowHeight)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    doc.x = MARGIN;
    doc.y = y + rowHeight;
  };
  drawRow(model.labels.columns, true);
  for (const row of model.rows) drawRow(row, false);
  const empty = { reference: '', issueDate: '', dueDate: '', amount: '', open: '', daysLate: '' };
  drawRow({ ...empty, reference: model.labels.total, open: model.total }, true);
  doc.fontSize(10).font('Helvetica');
  doc.x = MARGIN;
  doc.moveDown();
}

/** The text, cut with an ellipsis when wider than the column (a long reference must not run into the date). */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(cut + '…') > width) cut = cut.slice(0, -1);
  return cut + '…';
}
