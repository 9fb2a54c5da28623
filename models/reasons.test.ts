import { describe, expect, it } from 'vitest';
import { explainRisk, type ReasonInputs } from './reasons.js';

const base: ReasonInputs = {
  riskClass: 'E',
  override: null,
  settled: 40,
  lateLast20: 14,
  nLast20: 20,
  recentDaysLate: 27,
  last5DaysLate: 35,
  meanDaysLate: 12,
  disputed: 0,
  overdue: 9000,
  usualOverdue: 3000,
  maxDaysPastDue: 75,
  limitUse: 0.5,
};

describe('reasons', () => {
  it('name the strongest risk factors in words for a risky class', () => {
    const reasons = explainRisk(base);
    expect(reasons).toHaveLength(3);
    expect(reasons).toContain('overdue 3x the usual amount');
    expect(reasons.join('|')).toMatch(
      /14 of the last 20 invoices paid late|an invoice 75 days past due|delays lengthening/,
    );
  });

  it('name reassuring factors for a safe class, and a manual override first', () => {
    const safe = explainRisk({
      ...base,
      riskClass: 'A',
      lateLast20: 1,
      recentDaysLate: -6,
      last5DaysLate: -6,
      meanDaysLate: -6,
      overdue: 0,
      maxDaysPastDue: null,
    });
    expect(safe).toContain('19 of the last 20 invoices paid on time');
    expect(safe).toContain('pays 6 days before the due date on average');
    const forced = explainRisk({ ...base, override: 'insolvency proceedings' });
    expect(forced[0]).toBe('manual override: insolvency proceedings');
  });
});
