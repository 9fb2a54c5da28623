import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInto, removeTempDirs } from './test-support.js';

const OPTIONS = { customers: 80, invoices: 3000, seed: 2024, companies: 2, currencies: ['EUR', 'GBP'] };

async function readAll(label: string, options: typeof OPTIONS & { format?: 'canonical' | 'fec' }) {
  const { outDir, report } = await generateInto(label, options);
  return new Map(report.files.map((file) => [relative(outDir, file), readFileSync(file)]));
}

afterAll(removeTempDirs);

describe('determinism', () => {
  it.each(['canonical', 'fec'] as const)(
    'writes byte-identical %s files for the same options',
    async (format) => {
      const first = await readAll('same-a', { ...OPTIONS, format });
      const second = await readAll('same-b', { ...OPTIONS, format });
      expect([...first.keys()]).toEqual([...second.keys()]);
      for (const [name, bytes] of first) expect(bytes.equals(second.get(name)!), name).toBe(true);
    },
  );

  it('writes a different history for another seed', async () => {
    const first = await readAll('seed-a', OPTIONS);
    const second = await readAll('seed-b', { ...OPTIONS, seed: 2025 });
    for (const name of ['customers.csv', 'invoices.csv', 'payments.csv', 'fx_rates.csv']) {
      expect(first.get(name)!.equals(second.get(name)!), name).toBe(false);
    }
  });

  it('reports progress up to the total', async () => {
    const calls: [number, number][] = [];
    await generateInto('progress', {
      ...OPTIONS,
      invoices: 45_000,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls.length).toBeGreaterThan(1);
    expect(calls[calls.length - 1]).toEqual([45_000, 45_000]);
  });
});
