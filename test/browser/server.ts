// A real encours API (buildApp) over a temporary ENCOURS_HOME holding a small generated and imported ledger with a
// year of daily KPI snapshots, serving the built dashboard; users of every role; a clock the tests can move.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.js';
import { hashPassword } from '../../api/auth/passwords.js';
import { loadConfig } from '../../lib/config.js';
import { createSilentLog } from '../../lib/log.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { generateLedger } from '../../pipelines/generator/index.js';
import { scoreOpenInvoices, trainModel } from '../../models/index.js';
import { materializeKpiSnapshots } from '../../warehouse/kpi/index.js';
import {
  insertPortfolio,
  replacePortfolioCustomers,
  replaceUserScopes,
} from '../../warehouse/ops/access.queries.js';
import { createOpsDb } from '../../warehouse/ops/database.js';
import { insertUser } from '../../warehouse/ops/users.queries.js';
import type { UserRole } from '../../warehouse/ops/users.table.js';
import type { Warehouse } from '../../warehouse/db.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { DASHBOARD_BUILD } from './build.js';
import { seedDunningSends } from './dunning-seed.js';

/** The ledger's last day: the default as-of date of every figure. */
export const LEDGER_END = '2026-06-30';
export const PASSWORD = 'correct horse battery';

export interface TestUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  db: Warehouse;
  home: string;
  users: Record<'admin' | 'collector' | 'sales' | 'viewer' | 'analyst', TestUser>;
  /** The customers of the sales user's portfolio. */
  salesCustomers: string[];
  /** Moves the server's clock (sessions, portal links) forward. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/**
 * `models`: train a model and score three month-ends, so that risk classes and their history exist (about 15 s).
 * `dunningSends`: deliver that many of the plan's reminders at LEDGER_END in outbox mode (dunning log, .eml files,
 * letters, call tasks; one marked ambiguous, one failed), for the Reminders page.
 */
export async function startTestServer(
  options: { customers?: number; invoices?: number; models?: boolean; dunningSends?: number } = {},
): Promise<TestServer> {
  const home = mkdtempSync(join(tmpdir(), 'encours-browser-'));
  const config = loadConfig({ ENCOURS_HOME: home, HOME: home });
  const db = await openWarehouse(config);
  const ledger = join(home, 'ledger');
  await generateLedger({
    outDir: ledger,
    customers: options.customers ?? 80,
    invoices: options.invoices ?? 3000,
    seed: 17,
    companies: 2,
    currencies: ['EUR', 'USD'],
    startDate: '2024-07-01',
    endDate: LEDGER_END,
  });
  await importCanonical(db, ledger);
  await materializeKpiSnapshots(db, dailyDates(LEDGER_END, 365));
  if (options.models) {
    await trainModel(db, { modelsDir: config.modelsDir, asOf: '2026-04-30', timing: { maxRows: 3000 } });
    for (const asOf of ['2026-04-30', '2026-05-31', LEDGER_END]) {
      await scoreOpenInvoices(db, {
        modelsDir: config.modelsDir,
        reportingCurrency: config.reportingCurrency,
        asOf,
      });
    }
  }

  const ops = createOpsDb(db);
  const users = await createUsers(ops);
  const customers = await db.all<{ customer_id: string }>(
    'select customer_id from core.customers order by customer_id',
  );
  const salesCustomers = customers.filter((_, i) => i % 5 === 0).map((c) => c.customer_id);
  const portfolio = await insertPortfolio(ops, 'Ventes Nord');
  await replacePortfolioCustomers(ops, portfolio.id, salesCustomers);
  await replaceUserScopes(ops, users.sales.id, [
    { portfolioId: portfolio.id, companyId: null, agency: null },
  ]);

  if (options.dunningSends) await seedDunningSends(db, ops, config, LEDGER_END, options.dunningSends);

  let offsetMs = 0;
  const app = await buildApp({
    db,
    config,
    log: createSilentLog(),
    version: 'test',
    dashboardDir: DASHBOARD_BUILD,
    access: {
      ops,
      now: () => new Date(Date.now() + offsetMs),
      loginAttempts: { max: 1000, windowMs: 60_000 },
      secureCookies: false,
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    db,
    home,
    users,
    salesCustomers,
    advanceClock(ms) {
      offsetMs += ms;
    },
    async close() {
      await app.close();
      await ops.destroy();
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function createUsers(ops: ReturnType<typeof createOpsDb>): Promise<TestServer['users']> {
  const hash = await hashPassword(PASSWORD);
  const make = async (email: string, name: string, role: UserRole): Promise<TestUser> => {
    const user = await insertUser(ops, { email, name, role, password_hash: hash });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  };
  return {
    admin: await make('claire.admin@example.com', 'Claire Martin', 'admin'),
    collector: await make('paul.recouvrement@example.com', 'Paul Durand', 'user'),
    sales: await make('sophie.ventes@example.com', 'Sophie Leroy', 'user'),
    viewer: await make('victor.lecture@example.com', 'Victor Petit', 'viewer'),
    analyst: await make('ana.lyste@example.com', 'Ana Lyste', 'analyst'),
  };
}

/** The n days up to and including `last`, oldest first. */
function dailyDates(last: string, n: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) =>
    new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}
