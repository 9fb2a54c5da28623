import { describe, expect, it } from 'vitest';
import { Calendar, parseEpochDay } from './calendar.js';
import { formatLetter } from './event-queue.js';
import { formatCents, formatCentsComma } from './money.js';
import { drawSiren } from './names.js';
import { resolveOptions } from './options.js';
import { Rng } from './random.js';
import { addTerms, parseTerms } from './terms.js';
import { computeDailyCounts } from './volume.js';

describe('payment terms', () => {
  it('parses N and NFM', () => {
    expect(parseTerms('30')).toEqual({ days: 30, endOfMonth: false });
    expect(parseTerms('45FM')).toEqual({ days: 45, endOfMonth: true });
    expect(() => parseTerms('30 days')).toThrow(/not N or NFM/);
  });

  it('adds N days, or N days after the end of the issue month', () => {
    expect(addTerms('2025-01-15', '30')).toBe('2025-02-14');
    expect(addTerms('2025-01-15', '45FM')).toBe('2025-03-17');
    expect(addTerms('2024-02-10', '30FM')).toBe('2024-03-30');
    expect(addTerms('2025-12-31', '60')).toBe('2026-03-01');
  });
});

describe('formats', () => {
  it('spells cents with a dot or a comma', () => {
    expect(formatCents(123456)).toBe('1234.56');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCentsComma(1230)).toBe('12,30');
  });

  it('hands out lettering codes AA … ZZ then AAA', () => {
    expect([0, 1, 25, 26, 675, 676, 677].map(formatLetter)).toEqual([
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'AAB',
    ]);
  });

  it('draws SIRENs with a valid Luhn key', () => {
    const siren = drawSiren(new Rng(1));
    expect(siren).toMatch(/^\d{9}$/);
    const sum = [...siren].reverse().reduce((s, ch, i) => {
      const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
      return s + (d > 9 ? d - 9 : d);
    }, 0);
    expect(sum % 10).toBe(0);
  });
});

describe('random numbers', () => {
  it('repeat for a seed and differ across seeds', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    const a = new Rng(42);
    const b = new Rng(42);
    expect([a.next(), a.next(), a.normal()]).toEqual([b.next(), b.next(), b.normal()]);
    expect(draw(1)).not.toEqual(draw(2));
  });
});

describe('options', () => {
  it('defaults to three years ending 2025-12-31, one company, EUR, canonical', () => {
    const opts = resolveOptions({ outDir: '/tmp/x', customers: 1, invoices: 0, seed: 1 });
    expect(opts.startEpoch).toBe(parseEpochDay('2023-01-01', 'start'));
    expect(opts.endEpoch).toBe(parseEpochDay('2025-12-31', 'end'));
    expect(opts.companies).toEqual(['C1']);
    expect(opts.currencies).toEqual(['EUR']);
    expect(opts.format).toBe('canonical');
  });

  it('rejects bad options with what to pass instead', () => {
    const base = { outDir: '/tmp/x', customers: 1, invoices: 1, seed: 1 };
    expect(() => resolveOptions({ ...base, customers: 0 })).toThrow(/customers must be an integer from 1/);
    expect(() => resolveOptions({ ...base, currencies: ['euro'] })).toThrow(/3-letter ISO code/);
    expect(() => resolveOptions({ ...base, endDate: '2025-02-30' })).toThrow(/endDate must be a real date/);
    expect(() => resolveOptions({ ...base, startDate: '2026-01-01' })).toThrow(/is after endDate/);
  });
});

describe('daily volumes', () => {
  it('add up exactly, on weekdays only', () => {
    const calendar = new Calendar(parseEpochDay('2024-01-01', 's'), parseEpochDay('2024-12-31', 'e'));
    const counts = computeDailyCounts(calendar, 12_345);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(12_345);
    counts.forEach((n, day) => {
      if (!calendar.isWeekday(day)) expect(n).toBe(0);
    });
  });
});
