import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoice, payment, writeFec } from './testing.js';
import { transcodeFecFile } from './transcode.js';

describe('FEC transcoding', () => {
  it('writes complete chunks in order, normalized, each line with its number (DuckDB hashes the content)', async () => {
    const specs = [
      ...invoice('1', '20250110', 'C1', 'F1', ' 000000000001234,56'),
      ...payment('2', '20250120', 'C1', 'P1', '1 234,56'),
    ];
    const path = writeFec('t.txt', ['', ...specs.map((s) => s)], { crlf: true });
    const chunks: string[] = [];
    const result = await transcodeFecFile(
      path,
      'utf-8',
      join(dirname(path), 'out'),
      (f) => chunks.push(f),
      3,
    );
    expect(chunks.map((c) => c.slice(-9))).toEqual(['out-0.txt', 'out-1.txt']);
    const lines = chunks.flatMap((c) => readFileSync(c, 'utf8').trim().split('\n'));
    expect(lines).toHaveLength(4);
    expect(result).toMatchObject({ lines: 4, lastDate: '2025-01-20', bothSides: 0 });
    const first = lines[0]!.split('\x1f');
    expect(first[0]).toBe('3');
    expect(first.slice(1, 6)).toEqual(['VT', 'Journal', '1', '2025-01-10', '411000']);
    expect(first.slice(12, 14)).toEqual(['1234.56', '0.00']);
    const [debitLine, creditLine] = [lines[2]!.split('\x1f'), lines[3]!.split('\x1f')];
    expect([debitLine[13], creditLine[12]]).toEqual(['1234.56', '1234.56']);
  });
});
