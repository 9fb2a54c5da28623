import { describe, expect, it } from 'vitest';
import { defaultLatePenaltyRate } from './context.js';
import { addRates, escapeHtml, formatDate, formatMoney, formatPercent, sumAmounts } from './format.js';
import { renderCallScript, renderEmail } from './render-email.js';
import { TEMPLATE_IDS } from './templates/template.js';
import { sampleAction, sampleContext } from './test-fixtures.js';

const NB = '\u00a0';
const EXPECTED = {
  fr: {
    dates: ['15/01/2026', '14/02/2026', '01/02/2026', '03/03/2026', '12/03/2026'],
    amounts: [`1${NB}234,56${NB}€`, `2${NB}000,00${NB}€`, `500,00${NB}€`, `99,90${NB}€`],
    total: `1${NB}834,46${NB}€`,
    iban: 'FR76 3000 6000 0112 3456 7890 189',
    legal: [
      'L441-10',
      'D441-5',
      `12,15${NB}%`,
      `40,00${NB}€`,
      `120,00${NB}€`,
      '8 jours',
      'recouvrement judiciaire',
    ],
  },
  en: {
    dates: ['15 Jan 2026', '14 Feb 2026', '01 Feb 2026', '03 Mar 2026', '12 Mar 2026'],
    amounts: ['€1,234.56', '€2,000.00', '€500.00', '€99.90'],
    total: '€1,834.46',
    iban: 'FR76 3000 6000 0112 3456 7890 189',
    legal: ['L441-10', 'D441-5', '12.15%', '€40.00', '€120.00', '8 days', 'recovery proceedings'],
  },
} as const;

describe('renderEmail', () => {
  for (const language of ['fr', 'en'] as const)
    for (const template of TEMPLATE_IDS)
      it(`renders ${template} in ${language} with the merge fields and the invoice table`, () => {
        const email = renderEmail(sampleAction({ language, template }), sampleContext());
        const expected = EXPECTED[language];
        expect(email.subject.length).toBeGreaterThan(10);
        expect(email.subject).toContain(template === 'call_script' ? 'Dupont' : 'Acmé Industrie');
        for (const part of [email.text, email.html]) {
          for (const ref of ['FA-2026-001', 'D-2', 'FA-2026-017']) expect(part).toContain(ref);
          for (const date of expected.dates) expect(part).toContain(date);
          for (const amount of expected.amounts) expect(part).toContain(amount);
          expect(part).toContain(expected.total);
          expect(part).toMatch(/\b30\b[\s\S]*\b13\b[\s\S]*\b4\b/);
          expect(part).toContain('Élise Martin');
        }
        expect(email.text).toContain('Dupont <script>alert(1)</script> & Fils');
        expect(email.html).toContain('Dupont &lt;script&gt;alert(1)&lt;/script&gt; &amp; Fils');
        expect(email.html).not.toContain('<script>');
        expect(email.html).toContain('<table class="invoices"');
        expect(email.html.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(5);
        const paying = template !== 'thanks';
        for (const part of [email.text, email.html]) {
          expect(part.includes(expected.iban)).toBe(paying);
          expect(part.includes('AGRIFRPP')).toBe(paying);
        }
        expect(email.text.includes('https://encours.example/portal/eyJjIjoiQy0wNDIifQ.sig?x=1&y=2')).toBe(
          paying,
        );
        expect(
          email.html.includes('href="https://encours.example/portal/eyJjIjoiQy0wNDIifQ.sig?x=1&amp;y=2"'),
        ).toBe(paying);
        const legal = template === 'formal_notice' || template === 'final_notice';
        for (const mention of expected.legal) expect(email.text.includes(mention), mention).toBe(legal);
      });

  it('escapes the company, the sender and the payment details too', () => {
    const context = sampleContext({
      company: { id: 'X', name: 'A&B <Ltd>', address: [] },
      sender: { name: 'Jo "Q" O\'Neil', email: 'jo@ab.example' },
      paymentDetails: {
        beneficiary: 'A&B',
        iban: 'GB33BUKB20201555555555',
        bic: null,
        note: 'Cheques to <PO box>',
      },
    });
    const { html, subject } = renderEmail(
      sampleAction({ language: 'en', template: 'reminder_firm' }),
      context,
    );
    expect(subject).toBe('A&B <Ltd>: second reminder, €1,834.46 overdue');
    expect(html).toContain('A&amp;B &lt;Ltd&gt;');
    expect(html).toContain('Jo &quot;Q&quot; O&#39;Neil');
    expect(html).toContain('Cheques to &lt;PO box&gt;');
    expect(html).not.toMatch(/<Ltd>|<PO box>/);
    expect(html).not.toContain('BIC');
  });

  it('asks the customer to reply when the company has no payment details, and leaves out a missing portal link', () => {
    const email = renderEmail(sampleAction(), sampleContext({ paymentDetails: null, portalUrl: null }));
    expect(email.text).toContain('répondez simplement à ce message');
    expect(email.text).not.toContain('IBAN');
    expect(email.html).not.toContain('<a href');
  });

  it('names the penalty basis only for the default rate', () => {
    const standard = renderEmail(sampleAction({ template: 'formal_notice' }), sampleContext());
    expect(standard.text).toContain('majoré de 10 points');
    const custom = renderEmail(
      sampleAction({ template: 'formal_notice' }),
      sampleContext({ latePenaltyRate: '15' }),
    );
    expect(custom.text).toContain(`15${NB}%`);
    expect(custom.text).not.toContain('majoré de 10 points');
  });

  it('refuses an unknown template and an action without invoices, saying which', () => {
    expect(() => renderEmail(sampleAction({ template: 'shout' }), sampleContext())).toThrow(
      /unknown reminder template "shout".*step j\+15.*reminder_friendly/,
    );
    expect(() => renderEmail(sampleAction({ documents: [] }), sampleContext())).toThrow(/lists no invoice/);
  });
});

describe('renderCallScript', () => {
  it('gives the collector who to call, what to ask and the invoices', () => {
    const script = renderCallScript(
      sampleAction({ channel: 'call', template: 'reminder_firm' }),
      sampleContext(),
    );
    expect(script.split('\n')[0]).toBe(
      `Appel : Dupont <script>alert(1)</script> & Fils, 1${NB}834,46${NB}€ en retard <compta@dupont.example>`,
    );
    expect(script).toContain('À quelle date le paiement sera-t-il fait ?');
    expect(script).toContain('FA-2026-017');
    expect(script).not.toContain('Bonjour');
    const english = renderCallScript(sampleAction({ language: 'en', channel: 'call' }), sampleContext());
    expect(english).toContain('On which date will it be paid?');
  });
});

describe('formatting', () => {
  it('formats money per language from exact decimals', () => {
    expect(formatMoney('1234.56', 'EUR', 'fr')).toBe(`1${NB}234,56${NB}€`);
    expect(formatMoney('1234.56', 'EUR', 'en')).toBe('€1,234.56');
    expect(formatMoney('1234567.5', 'USD', 'en')).toBe('$1,234,567.50');
    expect(formatMoney('-40', 'EUR', 'fr')).toBe(`-40,00${NB}€`);
    expect(formatMoney('12.00', 'CHF', 'en')).toBe('12.00 CHF');
    expect(formatMoney('999', 'SEK', 'fr')).toBe(`999,00${NB}SEK`);
    expect(() => formatMoney('12,5', 'EUR', 'fr')).toThrow(/not a decimal amount/);
  });
  it('formats dates and rates, sums amounts exactly, escapes HTML', () => {
    expect(formatDate('2026-03-15', 'fr')).toBe('15/03/2026');
    expect(formatDate('2026-03-15', 'en')).toBe('15 Mar 2026');
    expect(formatPercent('12.15', 'fr')).toBe(`12,15${NB}%`);
    expect(addRates('2.15', '10')).toBe('12.15');
    expect(addRates('4.5', '10')).toBe('14.5');
    expect(defaultLatePenaltyRate('4')).toBe('14');
    expect(sumAmounts(['0.10', '0.20', '1234.56'])).toBe('1234.86');
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});
