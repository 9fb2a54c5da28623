import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { bumpDataGeneration } from '../../../warehouse/data-generation.js';
import { createResultCache } from './result-cache.js';

const key = (scope: string, asOf: string) => ({ scope, route: 'kpi', query: { asOf } });

describe('createResultCache', async () => {
  const db = { instance: await DuckDBInstance.create(':memory:') };

  it('computes a key once, shares it between concurrent callers, and keys on the query whatever its order', async () => {
    const cache = createResultCache(db);
    let calls = 0;
    const compute = async () => ++calls;
    const [a, b] = await Promise.all([
      cache.remember(key('all', 'd1'), compute),
      cache.remember(key('all', 'd1'), compute),
    ]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    const query = { route: 'x', scope: 'all' };
    expect(await cache.remember({ ...query, query: { a: 1, b: 2 } }, compute)).toBe(2);
    expect(await cache.remember({ ...query, query: { b: 2, a: 1 } }, compute)).toBe(2);
    expect(await cache.remember(key('limited:k1', 'd1'), compute)).toBe(3);
  });

  it('drops every entry when the data generation moves', async () => {
    const cache = createResultCache(db);
    let calls = 0;
    const compute = async () => ++calls;
    await cache.remember(key('all', 'd1'), compute);
    bumpDataGeneration(db);
    expect(await cache.remember(key('all', 'd1'), compute)).toBe(2);
    expect(cache.size).toBe(1);
  });

  it('keeps at most maxEntries, the least recently used going first', async () => {
    const cache = createResultCache(db, { maxEntries: 2 });
    let calls = 0;
    const compute = async () => ++calls;
    await cache.remember(key('all', 'd1'), compute); // 1
    await cache.remember(key('all', 'd2'), compute); // 2
    await cache.remember(key('all', 'd1'), compute); // hit: d1 is now the most recent
    await cache.remember(key('all', 'd3'), compute); // 3, evicts d2
    expect(cache.size).toBe(2);
    expect(await cache.remember(key('all', 'd1'), compute)).toBe(1);
    expect(await cache.remember(key('all', 'd2'), compute)).toBe(4);
  });

  it('keeps at most maxChars of JSON text, the least recently used going first', async () => {
    const cache = createResultCache(db, { maxChars: 25 });
    let calls = 0;
    const compute = async () => `${++calls}`.padEnd(10, '.');
    await cache.remember(key('all', 'd1'), compute); // 1, 10 chars
    await cache.remember(key('all', 'd2'), compute); // 2, 20 chars
    await cache.remember(key('all', 'd3'), compute); // 3, 30 chars: d1 goes
    expect(cache.size).toBe(2);
    expect(await cache.remember(key('all', 'd2'), compute)).toBe('2'.padEnd(10, '.'));
    expect(await cache.remember(key('all', 'd1'), compute)).toBe('4'.padEnd(10, '.'));
  });

  it('forgets a failure, and a caller that joined a failed computation computes its own', async () => {
    const cache = createResultCache(db);
    let fail = true;
    const first = cache.remember(key('all', 'd9'), async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('client went away');
      return 'first';
    });
    const joined = cache.remember(key('all', 'd9'), async () => 'own');
    await expect(first).rejects.toThrow('client went away');
    expect(await joined).toBe('own');
    fail = false;
    expect(await cache.remember(key('all', 'd9'), async () => 'again')).toBe('own');
  });
});
