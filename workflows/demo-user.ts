import { randomBytes } from 'node:crypto';
import { hashPassword } from '../api/auth/passwords.js';
import type { Warehouse } from '../warehouse/db.js';
import { createOpsDb } from '../warehouse/ops/database.js';
import { insertUser, listUsers } from '../warehouse/ops/users.queries.js';
import {
  insertPortfolio,
  listPortfolios,
  replacePortfolioCustomers,
} from '../warehouse/ops/access.queries.js';

export const DEMO_EMAIL = 'demo@encours.example';

/**
 * The dashboard needs a signed-in user: on a warehouse without any user, creates the demo admin with a random
 * password and returns it (shown once by `encours demo`); otherwise leaves the users alone and returns undefined.
 */
export async function ensureDemoUser(
  db: Warehouse,
): Promise<{ email: string; password: string } | undefined> {
  const ops = createOpsDb(db);
  try {
    if ((await listUsers(ops)).length > 0) return undefined;
    const password = randomBytes(12).toString('base64url');
    await insertUser(ops, {
      email: DEMO_EMAIL,
      name: 'Demo',
      role: 'admin',
      password_hash: await hashPassword(password),
    });
    return { email: DEMO_EMAIL, password };
  } finally {
    await ops.destroy();
  }
}

/**
 * Sales portfolios for the demo, one per account owner of the ledger ("Ventes alice.morel" holds the customers
 * whose owner she is), so that the overview's portfolio filter and portfolio-scoped users have something to show.
 * Only on a warehouse without any portfolio; returns how many were made.
 */
export async function ensureDemoPortfolios(db: Warehouse): Promise<number> {
  const ops = createOpsDb(db);
  try {
    if ((await listPortfolios(ops)).length > 0) return 0;
    const owners = await db.all<{ owner: string; customers: string[] }>(
      `select owner, list(customer_id order by customer_id) as customers
       from core.customers where owner is not null group by owner order by owner`,
    );
    for (const { owner, customers } of owners) {
      const portfolio = await insertPortfolio(ops, `Ventes ${owner}`);
      await replacePortfolioCustomers(ops, portfolio.id, customers);
    }
    return owners.length;
  } finally {
    await ops.destroy();
  }
}
