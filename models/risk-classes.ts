export const RISK_CLASSES = ['A', 'B', 'C', 'D', 'E'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

/** Shares of the training customers below each cut point: A 40 %, B 25 %, C 17 %, D 11 %, E 7 %. */
export const CLASS_QUANTILES = [0.4, 0.65, 0.82, 0.93];

/**
 * A customer's risk score: the expected share of its exposure paid more than 30 days late. With open items it blends
 * the exposure-weighted P(late > 30) of those items (conditional on their age) with the next-invoice P(late > 30)
 * from its history; without, the next-invoice probability alone.
 */
export function computeRiskScore(openPLate30: number | null, nextPLate30: number): number {
  return openPLate30 === null ? nextPLate30 : 0.5 * openPLate30 + 0.5 * nextPLate30;
}

/** Cut points fixed at training: quantiles of the customers' risk scores at the training cutoff. */
export function fitThresholds(scores: number[]): number[] {
  if (scores.length === 0) return [0.05, 0.12, 0.25, 0.45];
  const sorted = [...scores].sort((a, b) => a - b);
  return CLASS_QUANTILES.map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

export function assignClass(score: number, thresholds: number[]): RiskClass {
  let k = 0;
  while (k < thresholds.length && score > thresholds[k]!) k++;
  return RISK_CLASSES[k]!;
}

export function isRiskClass(value: string): value is RiskClass {
  return (RISK_CLASSES as readonly string[]).includes(value);
}
