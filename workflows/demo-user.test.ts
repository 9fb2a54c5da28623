import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../api/auth/passwords.js';
import { openTestWarehouse } from '../warehouse/kpi/test-ledger.js';
import { createOpsDb } from '../warehouse/ops/database.js';
import { findUserByEmail } from '../warehouse/ops/users.queries.js';
import { listCustomersOfPortfolios, listPortfolios } from '../warehouse/ops/access.queries.js';
import { loadFixture } from '../warehouse/scope/test-fixture.js';
import { DEMO_EMAIL, ensureDemoPortfolios, ensureDemoUser } from './demo-user.js';

describe('the demo user', () => {
  it('is created once, as an admin who can sign in with the printed password', async () => {
    const db = await openTestWarehouse();
    try {
      const account = await ensureDemoUser(db);
      expect(account?.email).toBe(DEMO_EMAIL);
      const ops = createOpsDb(db);
      const user = await findUserByEmail(ops, DEMO_EMAIL);
      await ops.destroy();
      expect(user?.role).toBe('admin');
      expect(await verifyPassword(account!.password, user!.password_hash)).toBe(true);
      expect(await ensureDemoUser(db)).toBeUndefined();
    } finally {
      db.close();
    }
  });
});

describe('the demo portfolios', () => {
  it('makes one portfolio per account owner with their customers, once', async () => {
    const db = await openTestWarehouse();
    const ops = createOpsDb(db);
    try {
      await loadFixture(db);
      // the fixture's owners: sam (K1, K2), lou (K3, K5); K4 has none
      expect(await ensureDemoPortfolios(db)).toBe(2);
      const portfolios = await listPortfolios(ops);
      expect(portfolios.map((p) => p.name)).toEqual(['Ventes lou@example.com', 'Ventes sam@example.com']);
      const customers = await listCustomersOfPortfolios(
        ops,
        portfolios.map((p) => p.id),
      );
      expect(portfolios.map((p) => [...customers.get(p.id)!].sort())).toEqual([
        ['K3', 'K5'],
        ['K1', 'K2'],
      ]);
      expect(await ensureDemoPortfolios(db)).toBe(0);
    } finally {
      await ops.destroy();
      db.close();
    }
  });
});
