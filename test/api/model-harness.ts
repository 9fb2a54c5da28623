// Shared setup for the API suites over a trained model: a temporary ENCOURS_HOME with the models' synthetic ledger
// (two companies), a champion trained as of 2025-06-30, an app, and an API token per user asked for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.js';
import { createSecretToken, hashToken } from '../../api/auth/secrets.js';
import { createSilentLog } from '../../lib/log.js';
import { loadSyntheticLedger } from '../../models/testing/synthetic-ledger.js';
import { trainModel } from '../../models/train.js';
import { insertApiToken } from '../../warehouse/ops/api-tokens.queries.js';
import { createOpsDb, type OpsDb } from '../../warehouse/ops/database.js';
import { insertUser } from '../../warehouse/ops/users.queries.js';
import type { UserRole } from '../../warehouse/ops/users.table.js';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';

export interface ModelApi {
  home: string;
  db: Warehouse;
  ops: OpsDb;
  app: FastifyInstance;
  modelsDir: string;
  /** Each user's id and bearer token, by the name given. */
  users: Record<string, { id: number; token: string }>;
  close(): Promise<void>;
}

export async function startModelApi(name: string, users: Record<string, UserRole>): Promise<ModelApi> {
  const home = mkdtempSync(join(tmpdir(), `encours-${name}-`));
  const modelsDir = join(home, 'models');
  const db = await openWarehouse({ warehousePath: join(home, 'warehouse.duckdb'), reportingCurrency: 'EUR' });
  await loadSyntheticLedger(db, { customers: 50, seed: 8, companies: ['C1', 'C2'] });
  await trainModel(db, { modelsDir, asOf: '2025-06-30' });
  const ops = createOpsDb(db);
  const made: ModelApi['users'] = {};
  for (const [user, role] of Object.entries(users)) {
    const row = await insertUser(ops, {
      email: `${user}@example.com`,
      name: user,
      role,
      password_hash: null,
    });
    const token = createSecretToken();
    await insertApiToken(ops, row.id, hashToken(token));
    made[user] = { id: row.id, token };
  }
  const app = await buildApp({
    db,
    config: { home, reportingCurrency: 'EUR', modelsDir },
    log: createSilentLog(),
    version: 'test',
    dashboardDir: join(home, 'no-dashboard'),
    access: { ops },
  });
  return {
    home,
    db,
    ops,
    app,
    modelsDir,
    users: made,
    async close() {
      await app.close();
      await ops.destroy();
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
