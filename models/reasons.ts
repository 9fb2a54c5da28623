import type { RiskClass } from './risk-classes.js';

export interface ReasonInputs {
  riskClass: RiskClass;
  override: string | null;
  settled: number;
  lateLast20: number;
  nLast20: number;
  recentDaysLate: number;
  last5DaysLate: number;
  meanDaysLate: number;
  disputed: number;
  overdue: number;
  usualOverdue: number;
  maxDaysPastDue: number | null;
  limitUse: number | null;
}

interface Candidate {
  text: string;
  /** > 0 pushes the risk up, < 0 down; the magnitude ranks the reasons. */
  weight: number;
}

/**
 * The top factors behind a class, in words: for classes C–E the strongest risk factors, for A–B the strongest
 * reassuring ones (the strongest factor of any kind when there is none); a manual override always comes first.
 * At most `limit` reasons.
 */
export function explainRisk(x: ReasonInputs, limit = 3): string[] {
  const candidates = listCandidates(x).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const risky = x.riskClass >= 'C';
  const inDirection = candidates.filter((c) => (risky ? c.weight > 0 : c.weight < 0)).map((c) => c.text);
  // A safe class can still carry a warning sign (and a risky one a good sign): show the strongest when nothing else.
  const chosen = inDirection.length > 0 ? inDirection : candidates.slice(0, 1).map((c) => c.text);
  if (x.settled < 3)
    chosen.unshift(
      `new customer: ${x.settled === 0 ? 'no invoice' : plural(x.settled, 'invoice')} settled so far`,
    );
  if (x.override) chosen.unshift(`manual override: ${x.override}`);
  return chosen.slice(0, limit);
}

function listCandidates(x: ReasonInputs): Candidate[] {
  const out: Candidate[] = [];
  if (x.nLast20 >= 3) {
    const share = x.lateLast20 / x.nLast20;
    out.push(
      share >= 0.3
        ? { text: `${x.lateLast20} of the last ${x.nLast20} invoices paid late`, weight: share + 0.2 }
        : {
            text: `${x.nLast20 - x.lateLast20} of the last ${x.nLast20} invoices paid on time`,
            weight: share - 0.5,
          },
    );
  }
  if (x.settled >= 3 && x.recentDaysLate > 3) {
    out.push({
      text: `pays ${Math.round(x.recentDaysLate)} days late on average lately`,
      weight: Math.min(1, x.recentDaysLate / 40),
    });
  }
  if (x.settled >= 3 && x.recentDaysLate < -2) {
    out.push({
      text: `pays ${Math.round(-x.recentDaysLate)} days before the due date on average`,
      weight: -0.6,
    });
  }
  const trend = x.last5DaysLate - x.meanDaysLate;
  if (x.settled >= 8 && Math.abs(trend) >= 7) {
    out.push({
      text: `${trend > 0 ? 'delays lengthening' : 'delays shrinking'}: ${Math.round(x.last5DaysLate)} days late on the last 5 invoices vs ${Math.round(x.meanDaysLate)} on average`,
      weight: Math.max(-1, Math.min(1, trend / 25)),
    });
  }
  if (x.overdue > 0 && x.usualOverdue > 0 && x.overdue >= 1.5 * x.usualOverdue) {
    const ratio = x.overdue / x.usualOverdue;
    out.push({
      text: `overdue ${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1).replace(/\.0$/, '')}x the usual amount`,
      weight: Math.min(1.5, 0.5 + ratio / 4),
    });
  } else if (x.overdue > 0 && x.usualOverdue === 0) {
    out.push({ text: 'overdue for the first time in a year', weight: 0.4 });
  } else if (x.overdue === 0 && x.settled >= 3) {
    out.push({ text: 'nothing overdue', weight: -0.3 });
  }
  if (x.maxDaysPastDue !== null && x.maxDaysPastDue > 30) {
    out.push({
      text: `an invoice ${x.maxDaysPastDue} days past due`,
      weight: Math.min(1.5, x.maxDaysPastDue / 90),
    });
  }
  if (x.limitUse !== null && x.limitUse > 1) {
    out.push({
      text: `exposure at ${Math.round(x.limitUse * 100)}% of the credit limit`,
      weight: Math.min(1, x.limitUse - 0.5),
    });
  }
  if (x.disputed >= 2) {
    out.push({
      text: `${plural(x.disputed, 'invoice')} disputed among ${plural(x.settled, 'settled invoice')}`,
      weight: Math.min(1, (x.disputed / x.settled) * 4),
    });
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
