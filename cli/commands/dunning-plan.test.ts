import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../lib/config.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { locateWorkedExample } from '../../warehouse/kpi/test-ledger.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runCliInProcess } from '../testing.js';

let home: string;
let config: Config;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'encours-dunning-cli-'));
  config = loadConfig({ ENCOURS_HOME: home });
  const db = await openWarehouse(config);
  await importCanonical(db, join(locateWorkedExample(), 'canonical'));
  db.close();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs `encours <args>` in-process against the temp home; returns what it printed. */
const run = (...args: string[]) => runCliInProcess(config, ...args);

describe('encours dunning', () => {
  it('plan --json gives the actions with the documented fields', async () => {
    const actions = JSON.parse(await run('dunning', 'plan', '--as-of', '2025-03-31', '--json'));
    expect(actions).toHaveLength(2);
    expect(Object.keys(actions[0]).slice(0, 9)).toEqual([
      'customer_id',
      'company_id',
      'scenario',
      'step',
      'phase',
      'channel',
      'documents',
      'amount',
      'currency',
    ]);
    expect(actions[0]).toMatchObject({
      customer_id: 'A',
      scenario: 'new_or_at_risk',
      step: 'j+30',
      amount: '2900.00',
    });
    expect(typeof actions[0].reason).toBe('string');
    expect(Object.keys(actions[0].documents[0]).sort()).toEqual([
      'amount',
      'currency',
      'days_late',
      'document_id',
      'due_date',
      'issue_date',
      'open_amount',
      'reference',
    ]);
    const text = await run('dunning', 'plan', '--as-of', '2025-03-31', '--customer', 'B');
    expect(text).toContain('Reminder plan as of 2025-03-31: 1 action(s) for 1 customer(s)');
    expect(text).toContain('j+30');
  });

  it('scenarios list, show and set (validated)', async () => {
    const list = JSON.parse(await run('dunning', 'scenarios', 'list', '--json'));
    expect(list.map((s: { id: string }) => s.id)).toContain('late_payer');
    expect(await run('dunning', 'scenarios', 'show', 'late_payer')).toMatch(/formal_notice/);
    const scenario = JSON.parse(await run('dunning', 'scenarios', 'show', 'standard', '--json'));
    const bad = join(home, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...scenario, steps: [...scenario.steps].reverse() }));
    await expect(run('dunning', 'scenarios', 'set', bad)).rejects.toThrow(
      /scenario file .*bad\.json: steps\[1\]\.phase: steps go prevention, then reminder, then thanks/,
    );
    const good = join(home, 'good.json');
    writeFileSync(good, JSON.stringify({ ...scenario, id: 'gentle', name: 'Gentle', min_gap_days: 10 }));
    expect(await run('dunning', 'scenarios', 'set', good)).toBe('Scenario gentle saved (7 steps)\n');
    expect(JSON.parse(await run('dunning', 'scenarios', 'show', 'gentle', '--json')).min_gap_days).toBe(10);
  });

  it('assign overrides the rules until cleared', async () => {
    await expect(run('dunning', 'assign', 'A', '--scenario', 'legal')).rejects.toThrow(/reason/);
    await expect(run('dunning', 'assign', 'NOPE', '--scenario', 'legal', '--reason', 'x')).rejects.toThrow(
      /no customer "NOPE"/,
    );
    await run('dunning', 'assign', 'A', '--scenario', 'legal', '--reason', 'lawyer');
    const plan = JSON.parse(await run('dunning', 'plan', '--as-of', '2025-03-31', '--json'));
    expect(plan.map((a: { customer_id: string }) => a.customer_id)).toEqual(['B']);
    await run('dunning', 'assign', 'A', '--clear');
    expect(JSON.parse(await run('dunning', 'plan', '--as-of', '2025-03-31', '--json'))).toHaveLength(2);
  });
});
