import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../warehouse/db.js';
import { loadVersion } from './registry.js';
import { loadSyntheticLedger } from './testing/synthetic-ledger.js';
import { openTestWarehouse } from './testing/warehouse.js';
import { trainModel } from './train.js';

describe('training with a seed', () => {
  let db: Warehouse;
  let modelsDir: string;
  let dispose: () => void;
  beforeAll(async () => {
    ({ db, modelsDir, dispose } = await openTestWarehouse());
    await loadSyntheticLedger(db, { customers: 60, seed: 4 });
  });
  afterAll(() => dispose());

  const train = (dir: string, seed: number) =>
    trainModel(db, {
      modelsDir: dir,
      asOf: '2025-06-30',
      window: { seed, maxRows: 3000 },
      timing: { maxRows: 2500 },
    });

  it('gives the same weights, calibration and thresholds again, and different ones with another seed', async () => {
    const a = await train(`${modelsDir}/a`, 5);
    const b = await train(`${modelsDir}/b`, 5);
    const c = await train(`${modelsDir}/c`, 6);
    expect(a.backend).toMatch(/^(tensorflow|wasm|cpu)$/);
    expect(a.timing).not.toBeNull();
    const stored = loadVersion(`${modelsDir}/b`, b.version);
    expect(stored.delay.weights).toEqual(a.delay.weights);
    expect(stored.delay.calibration).toEqual(a.delay.calibration);
    expect(stored.timing!.weights).toEqual(a.timing!.weights);
    expect(stored.thresholds).toEqual(a.thresholds);
    expect(stored.metrics).toEqual(a.metrics);
    expect(c.delay.weights).not.toEqual(a.delay.weights);
  });
});
