import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb, type Warehouse } from '../../warehouse/db.js';
import { prepareWarehouse } from '../../warehouse/warehouse.js';

/** An in-memory warehouse, migrated and built, and a temp folder for the model registry. */
export async function openTestWarehouse(): Promise<{
  db: Warehouse;
  modelsDir: string;
  dispose: () => void;
}> {
  const db = await openDuckDb(':memory:');
  await prepareWarehouse(db, 'EUR');
  const dir = mkdtempSync(join(tmpdir(), 'encours-models-'));
  return {
    db,
    modelsDir: join(dir, 'models'),
    dispose: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The shared worked example's canonical folder: test/fixtures/worked-example, else ../shared/fixtures/worked-example. */
export function findWorkedExample(): string {
  const root = join(import.meta.dirname, '..', '..');
  const candidates = [
    join(root, 'test', 'fixtures', 'worked-example'),
    join(root, '..', 'shared', 'fixtures', 'worked-example'),
  ];
  const found = candidates.find((c) => existsSync(join(c, 'canonical')));
  if (!found) throw new Error(`the worked-example fixture is missing (${candidates.join(' or ')})`);
  return join(found, 'canonical');
}
