import { openTestWarehouse } from './testing/warehouse.ts';
import { loadSyntheticLedger } from './testing/synthetic-ledger.ts';
import { loadIssueDataset, withFeatureSession } from './datasets.ts';
import { deriveOutcomes, fitDelayModel, predictDelay } from './delay-model.ts';
import { DELAY_COLUMNS, describeTrainingRows, DEFAULT_WINDOW } from './evaluate.ts';
import { computeBrier, computeAuc } from './metrics.ts';
import { selectBackend } from './backend.ts';
await selectBackend();
const { db } = await openTestWarehouse();
const ledger = await loadSyntheticLedger(db, { customers: 250, seed: 21 });
const byId = new Map(ledger.invoices.map((i) => [i.documentId, i]));
await withFeatureSession(db, {}, async (s) => {
  const train = await loadIssueDataset(s, describeTrainingRows('2025-03-31', DEFAULT_WINDOW), DELAY_COLUMNS);
  const test = await loadIssueDataset(s, `issue_date > date '2025-03-31' and issue_date <= date '2025-03-31' + 120 and settled_date is not null`, DELAY_COLUMNS);
  const ids = (await s.columns('select document_id from f_points order by point_id')).document_id!;
  const truth = ids.map((id) => byId.get(String(id))!.pLate);
  const outcome = test.daysLate.map((d) => (d > 0 ? 1 : 0));
  for (const cfg of JSON.parse(process.argv[2]!)) {
    process.env.CW_POWER = String(cfg.power ?? 0.5);
    const t = Date.now();
    const fit = await fitDelayModel(train.columns, train.daysLate, { seed: 3, ...cfg.mlp });
    const probs = predictDelay(fit.model, test.columns, test.n);
    const p = Array.from(deriveOutcomes(fit.model, probs, test.n).pLate);
    const sums = Array.from({ length: 10 }, () => ({ p: 0, t: 0, n: 0 }));
    p.forEach((x, i) => { const b = sums[Math.min(9, Math.floor(x * 10))]!; b.p += x; b.t += truth[i]!; b.n++; });
    const gap = sums.reduce((a, b) => a + Math.abs(b.p - b.t), 0) / p.length;
    const mad = p.reduce((a, x, i) => a + Math.abs(x - truth[i]!), 0) / p.length;
    console.log(JSON.stringify(cfg), 'gap', gap.toFixed(4), 'mad', mad.toFixed(4), 'brier', computeBrier(p, outcome)!.toFixed(4), 'auc', computeAuc(p, outcome)!.toFixed(4), 'ep', fit.model.training.epochs, fit.model.training.bestEpoch, 'cal', fit.model.calibration.scale.toFixed(2), Date.now() - t);
  }
});
