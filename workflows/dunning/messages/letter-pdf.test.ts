import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderLetterPdf } from './letter-pdf.js';
import { sampleAction, sampleContext } from './test-fixtures.js';

const fonts = join(
  dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts/',
);

/** The PDF's text as pdf.js extracts it, runs of white space (no-break spaces included) as one space. */
async function extractText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const document = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl: fonts }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  const pages = document.numPages;
  await document.destroy();
  return { text: parts.join(' ').replace(/[\s\u00a0]+/g, ' '), pages };
}

describe('renderLetterPdf', () => {
  it('writes a French formal notice with the legal mentions, the invoices, accents and €', async () => {
    const pdf = await renderLetterPdf(
      sampleAction({ channel: 'letter', template: 'formal_notice', escalation: true }),
      sampleContext(),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(pdf);
    for (const expected of [
      'Acmé Industrie',
      '12 rue de la Paix',
      'Dupont <script>alert(1)</script> & Fils',
      '69003 Lyon',
      'Le 16/03/2026',
      'Lettre recommandée avec accusé de réception',
      'Objet : Mise en demeure de payer — 1 834,46 €',
      'FA-2026-001',
      'D-2',
      'FA-2026-017',
      '15/01/2026',
      '1 234,56 €',
      '500,00 €',
      'Total restant dû',
      'article L441-10 du Code de commerce',
      'pénalités de retard au taux annuel de 12,15 %',
      'taux de refinancement de la Banque centrale européenne majoré de 10 points',
      'indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture',
      'D441-5',
      'soit 120,00 € pour les 3 factures concernées',
      'dans un délai de 8 jours',
      'procédure de recouvrement judiciaire',
      'article 1344 du Code civil',
      'IBAN : FR76 3000 6000 0112 3456 7890 189',
      'BIC : AGRIFRPP',
      'Bénéficiaire : Acmé Industrie SAS',
      'Élise Martin',
    ])
      expect(text).toContain(expected);
  });

  it('writes the English final notice with the same legal mentions in English', async () => {
    const pdf = await renderLetterPdf(
      sampleAction({ language: 'en', channel: 'letter', template: 'final_notice' }),
      sampleContext({ latePenaltyRate: '11.5' }),
    );
    const { text } = await extractText(pdf);
    for (const expected of [
      'Re: Final notice before recovery proceedings — €1,834.46',
      '16 Mar 2026',
      'Registered letter with acknowledgement of receipt',
      'article L441-10 of the French Commercial Code',
      'annual rate of 11.5%',
      'fixed indemnity for recovery costs of €40.00',
      'D441-5',
      'i.e. €120.00 for the 3 invoices concerned',
      'within 8 days of receipt',
      'legal recovery proceedings',
      '€1,234.56',
      'FA-2026-017',
      'IBAN: FR76 3000 6000 0112 3456 7890 189',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('refinancing rate plus 10');
  });

  it('adds the legal mentions to any escalating step and continues the table on further pages', async () => {
    const base = sampleAction().documents[0]!;
    const documents = Array.from({ length: 60 }, (_, i) => ({
      ...base,
      document_id: `D-${i}`,
      reference: `FA-${1000 + i}`,
      amount: '10.00',
      open_amount: '10.00',
    }));
    const pdf = await renderLetterPdf(
      sampleAction({ template: 'reminder_firm', escalation: true, documents, amount: '600.00' }),
      sampleContext(),
    );
    const { text, pages } = await extractText(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('FA-1059');
    expect(text).toContain('soit 2 400,00 € pour les 60 factures concernées');
    expect(text).toContain('600,00 €');
    expect(text.match(/Facture Date Échéance/g)?.length).toBe(2); // 60 rows: the table runs over two pages, header on each
    expect(text).toContain('Merci d’indiquer en référence du virement : C-042');
  });

  it('renders the same bytes for the same action (the plan date is the document date)', async () => {
    const action = sampleAction({ template: 'formal_notice' });
    expect(
      (await renderLetterPdf(action, sampleContext())).equals(await renderLetterPdf(action, sampleContext())),
    ).toBe(true);
  });
});
