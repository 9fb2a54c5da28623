import { randomBytes } from 'node:crypto';
import { hashPassword } from '../api/auth/passwords.js';
import type { Warehouse } from '../warehouse/db.js';
import { createOpsDb } from '../warehouse/ops/database.js';
import { insertUser, listUsers } from '../warehouse/ops/users.queries.js';

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
