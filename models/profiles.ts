/** Payer profiles: documented rules over a customer's settled history and its scores (docs/models.md). */
export const PROFILES = [
  'early',
  'on_time',
  'slightly_late',
  'late',
  'chronic_late',
  'disputer',
  'new',
] as const;
export type Profile = (typeof PROFILES)[number];

export interface ProfileInputs {
  /** Invoices settled before the scoring date. */
  settled: number;
  /** Recency-weighted mean days late (half-life 90 days; negative = early). */
  recentDaysLate: number;
  /** Share of settled invoices paid more than 30 days late. */
  late30Share: number;
  /** Settled invoices that were disputed, and their share. */
  disputed: number;
  disputedShare: number;
  /** The model's P(late > 30) for the customer's next invoice. */
  pLate30: number;
}

export const PROFILE_RULES = {
  newBelowSettled: 3,
  disputerShare: 0.15,
  disputerMinimum: 2,
  chronicDays: 45,
  chronicLate30Share: 0.5,
  chronicPLate30: 0.6,
  lateDays: 15,
  slightlyLateDays: 4,
  earlyDays: -4,
} as const;

/** First matching rule wins: new, disputer, chronic_late, late, slightly_late, early, else on_time. */
export function assignProfile(x: ProfileInputs): Profile {
  const r = PROFILE_RULES;
  if (x.settled < r.newBelowSettled) return 'new';
  if (x.disputed >= r.disputerMinimum && x.disputedShare >= r.disputerShare) return 'disputer';
  if (
    x.recentDaysLate > r.chronicDays ||
    x.late30Share >= r.chronicLate30Share ||
    x.pLate30 >= r.chronicPLate30
  ) {
    return 'chronic_late';
  }
  if (x.recentDaysLate > r.lateDays) return 'late';
  if (x.recentDaysLate > r.slightlyLateDays) return 'slightly_late';
  if (x.recentDaysLate < r.earlyDays) return 'early';
  return 'on_time';
}
