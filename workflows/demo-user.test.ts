import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../api/auth/passwords.js';
import { openTestWarehouse } from '../warehouse/kpi/test-ledger.js';
import { createOpsDb } from '../warehouse/ops/database.js';
import { findUserByEmail } from '../warehouse/ops/users.queries.js';
import { DEMO_EMAIL, ensureDemoUser } from './demo-user.js';

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
