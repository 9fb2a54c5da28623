import { describe, expect, it } from 'vitest';
import { openDuckDb } from '../../warehouse/db.js';
import { parseMemorySize, withMemoryCap } from './memory-cap.js';

describe('import memory cap', () => {
  it('reads DuckDB sizes', () => {
    expect(parseMemorySize('18.4 GiB')).toBeCloseTo(18.4 * 2 ** 30);
    expect(parseMemorySize('2GB')).toBe(2e9);
    expect(parseMemorySize('512.0 MiB')).toBe(512 * 2 ** 20);
    expect(parseMemorySize('lots')).toBeNaN();
  });

  it('lowers a higher limit during the work and puts it back, and leaves a lower one alone', async () => {
    const db = await openDuckDb(':memory:', { settings: { memory_limit: '3GiB' } });
    const limit = async () =>
      (await db.all<{ l: string }>(`select current_setting('memory_limit') as l`))[0]!.l;
    const before = await limit();
    expect(await withMemoryCap(db, '1GiB', limit)).toBe('1.0 GiB');
    expect(await limit()).toBe(before);
    expect(await withMemoryCap(db, '8GiB', limit)).toBe(before);
    db.close();
  });
});
