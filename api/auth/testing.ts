// Test support: an API caller without going through the sign-in page.
import type { Warehouse } from '../../warehouse/db.js';
import { insertApiToken } from '../../warehouse/ops/api-tokens.queries.js';
import { createOpsDb } from '../../warehouse/ops/database.js';
import { insertUser } from '../../warehouse/ops/users.queries.js';
import type { UserRole } from '../../warehouse/ops/users.table.js';
import { createSecretToken, hashToken } from './secrets.js';

let callers = 0;

/** Creates a user of `role` (unscoped) with an API token; returns the header to send: { authorization: 'Bearer …' }. */
export async function createTestCaller(
  db: Warehouse,
  role: UserRole = 'admin',
): Promise<{ authorization: string }> {
  const ops = createOpsDb(db);
  try {
    const user = await insertUser(ops, {
      email: `${role}-${process.pid}-${++callers}@test.invalid`,
      name: `Test ${role}`,
      role,
      password_hash: null,
    });
    const token = createSecretToken();
    await insertApiToken(ops, user.id, hashToken(token));
    return { authorization: `Bearer ${token}` };
  } finally {
    await ops.destroy();
  }
}
