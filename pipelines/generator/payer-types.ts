/**
 * Payer types: the hidden truth behind each customer's behaviour. Delays are days after the due date
 * (negative = early); each type also sets how often its invoices end up disputed, credited, paid in
 * instalments, never paid, or come with cash on account.
 */
export const PAYER_TYPES = ['early', 'on_time', 'slightly_late', 'late', 'chronic_late', 'disputer'] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

export interface PayerProfile {
  /** Share of customers of this type. */
  share: number;
  meanDelay: number;
  sdDelay: number;
  /** Right skew of the delay (0 = normal). */
  skew: number;
  pNeverPaid: number;
  pDispute: number;
  pCreditNote: number;
  pInstalments: number;
  pOnAccount: number;
}

// prettier-ignore
export const PAYER_PROFILES: Record<PayerType, PayerProfile> = {
  //                   share  mean  sd  skew  never  dispute credit instalments on_account
  early:         profile(0.1,   -9,  4, 0.3, 0.001, 0.005,  0.015, 0.01,       0.012),
  on_time:       profile(0.3,    0,  3, 0.4, 0.002, 0.01,   0.018, 0.02,       0.01),
  slightly_late: profile(0.25,   9,  6, 0.6, 0.004, 0.012,  0.018, 0.04,       0.008),
  late:          profile(0.15,  27, 12, 0.7, 0.012, 0.015,  0.018, 0.08,       0.006),
  chronic_late:  profile(0.08,  62, 28, 0.8, 0.04,  0.02,   0.02,  0.14,       0.004),
  disputer:      profile(0.12,   6,  8, 0.6, 0.006, 0.2,    0.01,  0.04,       0.008),
};

function profile(...values: number[]): PayerProfile {
  const [share, meanDelay, sdDelay, skew, pNeverPaid, pDispute, pCreditNote, pInstalments, pOnAccount] =
    values as [number, number, number, number, number, number, number, number, number];
  return { share, meanDelay, sdDelay, skew, pNeverPaid, pDispute, pCreditNote, pInstalments, pOnAccount };
}

/** How a customer's delays move over its life: stable, or a linear shift reaching `driftDays` at the end. */
export type DriftKind = 'stable' | 'deteriorating' | 'improving';

export const DRIFT_SHARES: Record<DriftKind, number> = { stable: 0.7, deteriorating: 0.15, improving: 0.15 };

/** Lowest mean delay drift can bring a customer to (an improving payer ends up early, not absurdly early). */
export const MIN_MEAN_DELAY = -12;
