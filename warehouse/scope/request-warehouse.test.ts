// A request's scoped session must not end its read transaction (and close its DuckDB connection) under a statement
// that is still running: that crashed the worker process when a browser navigated away mid-request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, type Warehouse } from '../db.js';
import { ALL_SCOPE } from './access-scope.js';
import { ScopedRequestSession } from './request-warehouse.js';

let db: Warehouse;
beforeEach(async () => {
  db = await openDuckDb(':memory:');
});
afterEach(() => db.close());

describe('ScopedRequestSession', () => {
  it('waits for running statements before closing, then refuses new ones', async () => {
    const session = new ScopedRequestSession(db, ALL_SCOPE);
    const warehouse = session.tracked();
    const slow = warehouse.all<{ n: bigint }>(
      'select count(*) as n from range(60000000) t(i) where i % 7 = 0',
    );
    await new Promise((r) => setTimeout(r, 20));
    let closed = false;
    const closing = session.close().then(() => (closed = true));
    const [row] = await slow;
    expect(Number(row!.n)).toBe(8571429);
    await closing;
    expect(closed).toBe(true);
    await expect(warehouse.all('select 1')).rejects.toThrow(/request is over/);
    // the instance is fine afterwards
    expect(await db.all<{ x: number }>('select 42 as x')).toEqual([{ x: 42 }]);
  });

  it('closes at once when nothing runs', async () => {
    const session = new ScopedRequestSession(db, ALL_SCOPE);
    await session.tracked().all('select 1');
    await session.close();
    await expect(session.tracked().run('select 1')).rejects.toThrow(/request is over/);
  });
});
