import { describe, expect, it } from 'vitest';
import { assignProfile, type ProfileInputs } from './profiles.js';

const base: ProfileInputs = {
  settled: 20,
  recentDaysLate: 0,
  late30Share: 0,
  disputed: 0,
  disputedShare: 0,
  pLate30: 0.01,
};

describe('payer profile rules', () => {
  it('apply in order: new, disputer, chronic late, late, slightly late, early, on time', () => {
    expect(assignProfile({ ...base, settled: 2, recentDaysLate: 80 })).toBe('new');
    expect(assignProfile({ ...base, disputed: 4, disputedShare: 0.2, recentDaysLate: 60 })).toBe('disputer');
    expect(assignProfile({ ...base, recentDaysLate: 50 })).toBe('chronic_late');
    expect(assignProfile({ ...base, recentDaysLate: 10, late30Share: 0.6 })).toBe('chronic_late');
    expect(assignProfile({ ...base, recentDaysLate: 2, pLate30: 0.7 })).toBe('chronic_late');
    expect(assignProfile({ ...base, recentDaysLate: 20 })).toBe('late');
    expect(assignProfile({ ...base, recentDaysLate: 8 })).toBe('slightly_late');
    expect(assignProfile({ ...base, recentDaysLate: -9 })).toBe('early');
    expect(assignProfile({ ...base, recentDaysLate: 1 })).toBe('on_time');
    expect(assignProfile({ ...base, disputed: 1, disputedShare: 0.5 })).toBe('on_time');
  });
});
