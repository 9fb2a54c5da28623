import { listValue } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openDuckDb } from '../../warehouse/db.js';
import { trimmed } from './csv-relation.js';

describe('trimmed cells', () => {
  it('gives exactly what DuckDB trim() gives, fast path or not', async () => {
    const db = await openDuckDb(':memory:');
    const values = [
      '',
      ' ',
      '  ',
      'a',
      ' a',
      'a ',
      ' a ',
      'a b',
      '\ta\t',
      '\na\r',
      'é',
      ' é ',
      'é ',
      ' é',
      'aé',
      'éa',
      '\u00a0a',
      'a\u00a0',
      '\u3000a\u3000',
      '\u2000a\u200a',
      '\u202fa\u205f',
      '\u1680',
      'a\u00a0b',
      '1200.00',
      ' 2024-01-05',
      '2024-01-05 ',
      'INV-0001',
      '"quoted"',
      '\u0085a\u0085',
      '\u2028a\u2029',
    ];
    const rows = await db.all<{ value: string; fast: string; slow: string }>(
      `select v as value, ${trimmed('v')} as fast, trim(v) as slow from (select unnest($1::varchar[]) as v)`,
      [listValue(values)],
    );
    expect(rows).toHaveLength(values.length);
    for (const row of rows)
      expect({ value: row.value, got: row.fast }).toEqual({ value: row.value, got: row.slow });
    // the fast path is taken: plain ASCII comes back untouched, and a padded value is trimmed
    expect(rows.find((r) => r.value === ' a ')?.fast).toBe('a');
    expect(rows.find((r) => r.value === 'a\u00a0')?.fast).toBe('a');
    db.close();
  });
});
