import { describe, expect, it } from 'vitest';
import { isQuietDay, nextSendingDay } from './quiet-days.js';

const WEEKEND = { quiet_weekdays: [6, 7], quiet_dates: ['2026-12-25'] };

describe('quiet days', () => {
  it('are the listed ISO weekdays and dates', () => {
    expect(isQuietDay('2026-11-28', WEEKEND)).toBe(true); // Saturday
    expect(isQuietDay('2026-11-29', WEEKEND)).toBe(true); // Sunday
    expect(isQuietDay('2026-11-30', WEEKEND)).toBe(false); // Monday
    expect(isQuietDay('2026-12-25', WEEKEND)).toBe(true); // a Friday holiday
  });

  it('move a send to the next working day, over a holiday next to a weekend', () => {
    expect(nextSendingDay('2026-11-27', WEEKEND)).toBe('2026-11-27');
    expect(nextSendingDay('2026-11-28', WEEKEND)).toBe('2026-11-30');
    expect(nextSendingDay('2026-12-25', WEEKEND)).toBe('2026-12-28');
  });

  it('refuse a calendar with no day left', () => {
    expect(() =>
      nextSendingDay('2026-11-27', { quiet_weekdays: [1, 2, 3, 4, 5, 6, 7], quiet_dates: [] }),
    ).toThrow(/every day of the coming year is a quiet day/);
  });
});
