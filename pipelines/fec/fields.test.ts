import { describe, expect, it } from 'vitest';
import { parseFecAmount, parseFecDate } from './fields.js';
import { chooseCompanyId, parseFecFileName } from './file-name.js';

describe('FEC amounts', () => {
  it.each([
    ['1200,00', '1200.00'],
    ['0,5', '0.50'],
    [' 000000000001234,56', '1234.56'],
    ['-000000000001234,56', '-1234.56'],
    ['+12,30', '12.30'],
    ['1234,56-', '-1234.56'],
    ['1 234 567,89', '1234567.89'],
    ['1\u00a0234,5', '1234.50'],
    ['1.234,56', '1234.56'],
    ['1234.56', '1234.56'],
    ['1234', '1234.00'],
    ['12,500', '12.50'],
    ['-0,00', '0.00'],
  ])('reads %j as %s', (text, value) => {
    expect(parseFecAmount(text)).toBe(value);
  });

  it('reads an empty amount as null', () => {
    expect(parseFecAmount('   ')).toBeNull();
  });

  it.each(['12,3,4', 'abc', '1.2.3', '12,345', '12-34', '--5', '1,2e3', '99999999999999999,00'])(
    'refuses %j',
    (text) => {
      expect(() => parseFecAmount(text)).toThrow(/amount|decimals|too large/);
    },
  );
});

describe('FEC dates', () => {
  it('reads YYYYMMDD, and tolerates YYYY-MM-DD and DD/MM/YYYY', () => {
    expect(parseFecDate('20250131')).toBe('2025-01-31');
    expect(parseFecDate('2024-02-29')).toBe('2024-02-29');
    expect(parseFecDate('01/03/2025')).toBe('2025-03-01');
    expect(parseFecDate('')).toBeNull();
  });

  it.each(['20250230', '20251301', '20230229', '2025013', 'janvier'])('refuses %j', (text) => {
    expect(() => parseFecDate(text)).toThrow(/date/);
  });
});

describe('FEC file names', () => {
  it('reads the SIREN and the closing date of the legal name', () => {
    expect(parseFecFileName('/x/123456789FEC20250630.txt')).toEqual({
      siren: '123456789',
      closingDate: '2025-06-30',
    });
    expect(parseFecFileName('export.txt')).toEqual({ siren: null, closingDate: null });
    expect(chooseCompanyId('/x/123456789FEC20251231.txt', undefined)).toBe('123456789');
    expect(chooseCompanyId('/x/123456789FEC20251231.txt', 'ACME')).toBe('ACME');
    expect(chooseCompanyId('/x/grand-livre.txt', undefined)).toBe('default');
  });
});
