import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDate } from '../warehouse/features/session.js';
import { loadIssueDataset, withFeatureSession } from './datasets.js';
import { deriveOutcomes, fitDelayModel, predictDelay } from './delay-model.js';
import { DELAY_COLUMNS, describeTrainingRows, DEFAULT_WINDOW } from './evaluate.js';
import { computeBrier, computeCalibrationError } from './metrics.js';
import { selectBackend } from './backend.js';
import { loadSyntheticLedger, type SyntheticLedger } from './testing/synthetic-ledger.js';
import { openTestWarehouse } from './testing/warehouse.js';
import type { Warehouse } from '../warehouse/db.js';

/**
 * The synthetic ledger draws each delay from a known normal distribution, so every invoice's true P(late) is known.
 * Held-out invoices (issued in the 4 months after the cutoff, outcomes complete by the end of the data) check that
 * the model's probabilities are calibrated: against the truth and against what happened.
 */
describe('calibration on a ledger with known probabilities', () => {
  let db: Warehouse;
  let dispose: () => void;
  let ledger: SyntheticLedger;
  const cutoff = '2025-03-31';
  beforeAll(async () => {
    ({ db, dispose } = await openTestWarehouse());
    ledger = await loadSyntheticLedger(db, { customers: 250, seed: 21 });
    await selectBackend();
  });
  afterAll(() => dispose());

  it('has a reliability error under 0.03 against the true P(late) and 0.04 against outcomes', async () => {
    const { predicted, truth, outcome } = await withFeatureSession(db, {}, async (s) => {
      const train = await loadIssueDataset(s, describeTrainingRows(cutoff, DEFAULT_WINDOW), DELAY_COLUMNS);
      const fit = await fitDelayModel(train.columns, train.daysLate, { seed: 3 });
      const test = await loadIssueDataset(
        s,
        `issue_date > ${sqlDate(cutoff)} and issue_date <= ${sqlDate(cutoff)} + 120 and settled_date is not null`,
        DELAY_COLUMNS,
      );
      const ids = (await s.columns('select document_id from f_points order by point_id')).document_id!;
      const probs = predictDelay(fit.model, test.columns, test.n);
      const { pLate } = deriveOutcomes(fit.model, probs, test.n);
      const byId = new Map(ledger.invoices.map((i) => [i.documentId, i]));
      return {
        predicted: Array.from(pLate),
        truth: ids.map((id) => byId.get(String(id))!.pLate),
        outcome: test.daysLate.map((d) => (d > 0 ? 1 : 0)),
      };
    });
    expect(predicted.length).toBeGreaterThan(2000);
    const reliabilityVsTruth = binnedGap(predicted, truth);
    const reliabilityVsOutcome = computeCalibrationError(predicted, outcome)!;
    expect(reliabilityVsTruth).toBeLessThan(0.03);
    expect(reliabilityVsOutcome).toBeLessThan(0.04);
    // Close to the best possible Brier score (the truth's own).
    expect(computeBrier(predicted, outcome)! - computeBrier(truth, outcome)!).toBeLessThan(0.015);
  });
});

/** Count-weighted mean over 10 bins of predicted P of |mean predicted - mean true probability|. */
function binnedGap(predicted: number[], truth: number[]): number {
  const sums = Array.from({ length: 10 }, () => ({ p: 0, t: 0, n: 0 }));
  predicted.forEach((p, i) => {
    const bin = sums[Math.min(9, Math.floor(p * 10))]!;
    bin.p += p;
    bin.t += truth[i]!;
    bin.n++;
  });
  return sums.reduce((a, b) => a + Math.abs(b.p - b.t), 0) / predicted.length;
}
