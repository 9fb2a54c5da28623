import { computeFeatures, readFeatureColumns } from '../warehouse/features/point-features.queries.js';
import { createNextInvoicePoints, createOpenPoints } from '../warehouse/features/points.queries.js';
import { readCustomerAmounts, readRiskOverrides } from '../warehouse/features/risk.queries.js';
import type { Column, Session } from '../warehouse/features/session.js';
import { BUCKETS } from './buckets.js';
import { predictInBatches } from './datasets.js';
import { deriveOutcomes, predictDelay, type DelayModel } from './delay-model.js';
import { DELAY_COLUMNS } from './evaluate.js';
import { assignProfile, type Profile } from './profiles.js';
import { explainRisk } from './reasons.js';
import { assignClass, computeRiskScore, type RiskClass } from './risk-classes.js';

/** What `encours risk --json` prints per customer. */
export interface CustomerRisk {
  customer_id: string;
  risk_class: RiskClass;
  p_late: number;
  p_late_30: number;
  expected_days_late: number;
  profile: Profile;
  open_amount: number;
  overdue_amount: number;
  reasons: string[];
}

/** A customer in one scope (a company, or '*' for the group), with what the dated facts keep. */
export interface RiskRow extends CustomerRisk {
  company_id: string;
  model_class: RiskClass;
  overridden: boolean;
  risk_score: number;
  open_amount_text: string;
  overdue_amount_text: string;
}

export interface InvoiceScores {
  n: number;
  ids: Record<string, Column>;
  probs: Float32Array;
  pLate: Float64Array;
  pLate30: Float64Array;
  expectedDaysLate: Float64Array;
}

const HISTORY_COLUMNS = [
  'raw_hist_n',
  'raw_hist_late30',
  'raw_hist_disputed',
  'raw_late_last20',
  'raw_n_last20',
  'recent_days',
  'mean_days',
  'last5_days',
  'limit_use',
  'has_limit',
];

/** The delay model on every invoice open at the end of asOf, conditional on it still being open then. */
export async function scoreOpenItems(
  session: Session,
  model: DelayModel,
  asOf: string,
): Promise<InvoiceScores> {
  const n = await createOpenPoints(session, asOf);
  const ids = await session.columns(`select company_id, document_id, customer_id, currency, open_amount,
    open_amount * rate as weight, (known_before - 1 - due_date)::double as days_past_due from f_points order by point_id`);
  if (n === 0)
    return {
      n,
      ids,
      probs: new Float32Array(0),
      pLate: new Float64Array(0),
      pLate30: new Float64Array(0),
      expectedDaysLate: new Float64Array(0),
    };
  await computeFeatures(session);
  const probs = await predictInBatches(session, DELAY_COLUMNS, n, BUCKETS.length, (columns, rows) =>
    predictDelay(model, columns, rows),
  );
  const dpd = ids.days_past_due!.map(Number);
  return { n, ids, probs, ...deriveOutcomes(model, probs, n, dpd) };
}

interface NextInvoice {
  pLate: number;
  pLate30: number;
  expectedDaysLate: number;
  history: Record<string, number>;
}

/** The delay model on a hypothetical invoice issued tomorrow to each customer: its history speaking alone. */
async function scoreNextInvoices(
  session: Session,
  model: DelayModel,
  asOf: string,
): Promise<Map<string, NextInvoice>> {
  const n = await createNextInvoicePoints(session, asOf);
  const out = new Map<string, NextInvoice>();
  if (n === 0) return out;
  await computeFeatures(session);
  const columns = await readFeatureColumns(session, [...new Set([...DELAY_COLUMNS, ...HISTORY_COLUMNS])]);
  const customers = (await session.columns('select customer_id from f_points order by point_id'))
    .customer_id!;
  const probs = predictDelay(model, columns, n);
  const o = deriveOutcomes(model, probs, n);
  for (let i = 0; i < n; i++) {
    const history = Object.fromEntries(HISTORY_COLUMNS.map((c) => [c, Number(columns[c]![i] ?? 0)]));
    out.set(String(customers[i]), {
      pLate: o.pLate[i]!,
      pLate30: o.pLate30[i]!,
      expectedDaysLate: o.expectedDaysLate[i]!,
      history,
    });
  }
  return out;
}

/**
 * Risk of every customer with open items or an invoice in the last year, per company and for the group ('*'):
 * class (from the risk score and the model's thresholds; a manual override wins), P(late), P(late > 30) and expected
 * days late (exposure-weighted over open items, else for a next invoice), payer profile and reasons.
 * Needs a feature session on the whole group (f_history, f_exposure).
 */
export async function computeRiskRows(
  session: Session,
  model: DelayModel,
  thresholds: number[],
  asOf: string,
  invoices?: InvoiceScores,
): Promise<RiskRow[]> {
  const open = invoices ?? (await scoreOpenItems(session, model, asOf));
  const next = await scoreNextInvoices(session, model, asOf);
  const exposure = aggregateOpenItems(open);
  const overrides = new Map((await readRiskOverrides(session, asOf)).map((o) => [o.customer_id, o]));
  const amounts = await readCustomerAmounts(session, asOf);
  const rows: RiskRow[] = [];
  for (const a of amounts) {
    const customer = next.get(a.customer_id);
    if (!customer) continue;
    const items = exposure.get(`${a.company_id}\u0000${a.customer_id}`);
    const own =
      items && items.weight > 0
        ? {
            pLate: items.pLate / items.weight,
            pLate30: items.pLate30 / items.weight,
            days: items.days / items.weight,
          }
        : null;
    const score = computeRiskScore(own ? own.pLate30 : null, customer.pLate30);
    const modelClass = assignClass(score, thresholds);
    const override = overrides.get(a.customer_id);
    const riskClass = (override?.risk_class as RiskClass | undefined) ?? modelClass;
    const h = customer.history;
    const settled = h.raw_hist_n!;
    const profile = assignProfile({
      settled,
      recentDaysLate: h.recent_days!,
      late30Share: settled > 0 ? h.raw_hist_late30! / settled : 0,
      disputed: h.raw_hist_disputed!,
      disputedShare: settled > 0 ? h.raw_hist_disputed! / settled : 0,
      pLate30: customer.pLate30,
    });
    const overdue = Number(a.overdue_amount);
    rows.push({
      customer_id: a.customer_id,
      company_id: a.company_id,
      risk_class: riskClass,
      model_class: modelClass,
      overridden: override !== undefined,
      risk_score: score,
      p_late: round(own ? own.pLate : customer.pLate),
      p_late_30: round(own ? own.pLate30 : customer.pLate30),
      expected_days_late: Math.round((own ? own.days : customer.expectedDaysLate) * 10) / 10,
      profile,
      open_amount: Number(a.open_amount),
      overdue_amount: overdue,
      open_amount_text: a.open_amount,
      overdue_amount_text: a.overdue_amount,
      reasons: explainRisk({
        riskClass,
        override: override?.reason ?? null,
        settled,
        lateLast20: h.raw_late_last20!,
        nLast20: h.raw_n_last20!,
        recentDaysLate: h.recent_days!,
        last5DaysLate: h.last5_days!,
        meanDaysLate: h.mean_days!,
        disputed: h.raw_hist_disputed!,
        overdue,
        usualOverdue: a.usual_overdue,
        maxDaysPastDue: a.max_days_past_due,
        limitUse: h.has_limit ? h.limit_use! : null,
      }),
    });
  }
  return rows;
}

/** The customer-facing shape of a row (the `risk --json` contract). */
export function toCustomerRisk(row: RiskRow): CustomerRisk {
  const {
    customer_id,
    risk_class,
    p_late,
    p_late_30,
    expected_days_late,
    profile,
    open_amount,
    overdue_amount,
    reasons,
  } = row;
  return {
    customer_id,
    risk_class,
    p_late,
    p_late_30,
    expected_days_late,
    profile,
    open_amount,
    overdue_amount,
    reasons,
  };
}

interface Exposure {
  weight: number;
  pLate: number;
  pLate30: number;
  days: number;
}

/** Exposure-weighted sums per (company, customer) and per ('*', customer). */
function aggregateOpenItems(open: InvoiceScores): Map<string, Exposure> {
  const out = new Map<string, Exposure>();
  for (let i = 0; i < open.n; i++) {
    const customer = String(open.ids.customer_id![i]);
    const w = Number(open.ids.weight![i]);
    for (const scope of [String(open.ids.company_id![i]), '*']) {
      const key = `${scope}\u0000${customer}`;
      const e = out.get(key) ?? { weight: 0, pLate: 0, pLate30: 0, days: 0 };
      e.weight += w;
      e.pLate += w * open.pLate[i]!;
      e.pLate30 += w * open.pLate30[i]!;
      e.days += w * open.expectedDaysLate[i]!;
      out.set(key, e);
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
