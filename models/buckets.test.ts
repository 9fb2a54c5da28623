import { describe, expect, it } from 'vitest';
import { BUCKETS, DelayTables, bucketOf, fitDayPmf } from './buckets.js';

describe('delay buckets', () => {
  it('cut days late at 0, 15, 30, 60, 90', () => {
    expect([-5, 0, 1, 15, 16, 30, 31, 60, 61, 90, 91, 400].map(bucketOf)).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(BUCKETS).toHaveLength(6);
  });

  it('derive P(late), P(late > 30) and expected days late, also for an invoice still open', () => {
    // Every training invoice 10 days late, or 40 days late: each bucket's pmf concentrates on that day.
    const pmf = fitDayPmf([...Array(1000).fill(10), ...Array(1000).fill(40)]);
    const tables = new DelayTables(pmf);
    const p = [0, 0.5, 0, 0.5, 0, 0];
    const o = tables.outcome(p);
    expect(o.pLate).toBeCloseTo(1, 6);
    expect(o.pLate30).toBeCloseTo(0.5, 6);
    expect(o.expectedDaysLate).toBeCloseTo(25, 0);
    // Still open 20 days after the due date: the 10-days-late outcome is gone.
    const open = tables.outcome(p, 0, 20);
    expect(open.pLate30).toBeCloseTo(1, 6);
    expect(open.expectedDaysLate).toBeCloseTo(40, 0);
    // Beyond everything ever seen: certainly late, with a 30-day tail.
    expect(tables.outcome(p, 0, 500)).toEqual({ pLate: 1, pLate30: 1, expectedDaysLate: 530 });
  });

  it('keep a not-yet-due invoice unconditional', () => {
    const tables = new DelayTables(fitDayPmf([-3, -3, 5, 70]));
    const p = [0.25, 0.25, 0, 0, 0.5, 0];
    const early = tables.outcome(p, 0, -90);
    expect(early).toEqual(tables.outcome(p));
    expect(early.pLate).toBeCloseTo(0.75, 6);
    expect(early.pLate30).toBeCloseTo(0.5, 6);
  });
});
