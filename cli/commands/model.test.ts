import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../lib/config.js';
import { loadSyntheticLedger } from '../../models/testing/synthetic-ledger.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runCliInProcess } from '../testing.js';

let home: string;
let config: Config;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'encours-model-cli-'));
  config = loadConfig({ ENCOURS_HOME: home });
  const db = await openWarehouse(config);
  await loadSyntheticLedger(db, { customers: 50, seed: 8, companies: ['C1', 'C2'] });
  db.close();
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs `encours <args>` in-process against the temp home; returns what it printed. */
const run = (...args: string[]) => runCliInProcess(config, ...args);

describe('encours model, risk and forecast commands', () => {
  it('train a version, list it and backtest with the documented JSON', async () => {
    const trained = JSON.parse(await run('model', 'train', '--as-of', '2025-06-30', '--json'));
    expect(trained).toMatchObject({ version: 'v1', asOf: '2025-06-30', promoted: true });
    expect(trained.backend).toMatch(/^(tensorflow|wasm|cpu)$/);
    const list = JSON.parse(await run('model', 'list', '--json'));
    expect(list.map((v: { version: string; champion: boolean }) => [v.version, v.champion])).toEqual([
      ['v1', true],
    ]);
    expect(await run('model', 'list')).toContain('v1 *');
    const evaluation = JSON.parse(await run('model', 'evaluate', '--cutoff', '2025-03-31', '--json'));
    expect(Object.keys(evaluation)).toEqual([
      'cutoff',
      'n_train',
      'n_test',
      'positive_rate_test',
      'model',
      'baselines',
    ]);
    expect(Object.keys(evaluation.model)).toEqual([
      'auc',
      'brier',
      'log_loss',
      'mae_days',
      'bucket_accuracy',
    ]);
    expect(Object.keys(evaluation.baselines)).toEqual(['prior', 'customer_history']);
    expect(Object.keys(evaluation.baselines.customer_history)).toEqual(['auc', 'brier']);
  });

  it('list customer risk, forecast, backtest the forecast and store the scores', async () => {
    const risk = JSON.parse(await run('risk', '--as-of', '2025-06-30', '--company', 'C2', '--json'));
    expect(risk.length).toBeGreaterThan(20);
    expect(Object.keys(risk[0])).toEqual([
      'customer_id',
      'risk_class',
      'p_late',
      'p_late_30',
      'expected_days_late',
      'profile',
      'open_amount',
      'overdue_amount',
      'reasons',
    ]);
    const forecast = JSON.parse(await run('forecast', '--as-of', '2025-06-30', '--weeks', '4', '--json'));
    expect(forecast).toMatchObject({ asOf: '2025-06-30', weeks: 4, method: 'model', model_version: 'v1' });
    expect(forecast.by_company.map((s: { company_id: string }) => s.company_id)).toEqual(['C1', 'C2']);
    for (const w of forecast.consolidated.weeks) expect(w.p10 <= w.p50 && w.p50 <= w.p90).toBe(true);
    const backtest = JSON.parse(
      await run('forecast', 'evaluate', '--cutoffs', '2025-06-30', '--weeks', '4', '--json'),
    );
    expect(Object.keys(backtest)).toEqual(['weeks', 'cutoffs', 'wape']);
    expect(backtest.weeks).toBe(4);
    expect(Object.keys(backtest.cutoffs[0])).toEqual(['cutoff', 'actual', 'model', 'due_date', 'avg_delay']);
    expect(backtest.cutoffs[0].model).toHaveLength(4);
    expect(Object.keys(backtest.wape)).toEqual(['model', 'due_date', 'avg_delay']);
    const scored = JSON.parse(await run('model', 'score', '--as-of', '2025-06-30', '--json'));
    expect(scored).toMatchObject({ asOf: '2025-06-30', modelVersion: 'v1', forecastMethod: 'model' });
    const db = await openWarehouse(config);
    try {
      const [counts] = await db.all<Record<string, string>>(`select
        (select count(*) from marts.customer_scores where as_of = date '2025-06-30' and company_id = '*') as customers,
        (select count(distinct company_id) from marts.customer_scores) as scopes,
        (select count(*) from marts.invoice_scores) as invoices,
        (select count(*) from marts.cash_forecast where company_id = '*' and currency = '*') as weeks,
        (select count(*) from marts.model_latest_customer_scores where company_id = '*') as latest`);
      expect(Number(counts!.customers)).toBe(scored.customers);
      expect(Number(counts!.scopes)).toBe(3);
      expect(Number(counts!.invoices)).toBe(scored.invoices);
      expect(Number(counts!.weeks)).toBe(13);
      expect(Number(counts!.latest)).toBe(scored.customers);
    } finally {
      db.close();
    }
  });

  it('refuse bad options with the option named', async () => {
    await expect(run('model', 'evaluate', '--cutoff', '2025-13-01')).rejects.toThrow(
      /--cutoff must be a real date/,
    );
    await expect(run('forecast', '--weeks', '20')).rejects.toThrow(
      /--weeks must be a whole number from 1 to 13/,
    );
    await expect(run('forecast', 'evaluate', '--cutoffs', '2025-06-30,nope')).rejects.toThrow(
      /--cutoffs must be a real date/,
    );
    await expect(run('risk', 'override', 'S00001', '--class', 'Z', '--reason', 'x')).rejects.toThrow(
      /--class must be one of A, B, C, D, E/,
    );
  });
});
