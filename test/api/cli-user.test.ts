import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUserCommand } from '../../cli/commands/user.js';
import { createCliContext } from '../../cli/context.js';
import { loadConfig } from '../../lib/config.js';
import { createSilentLog } from '../../lib/log.js';
import { hashToken } from '../../api/auth/secrets.js';
import { verifyPassword } from '../../api/auth/passwords.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { createOpsDb } from '../../warehouse/ops/database.js';
import { findUserByTokenHash } from '../../warehouse/ops/api-tokens.queries.js';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { listUserScopes } from '../../warehouse/ops/access.queries.js';
import { findUserByEmail } from '../../warehouse/ops/users.queries.js';

let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'encours-cli-user-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs `encours user …` in-process against the temporary home; returns what it printed. */
async function user(...args: string[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const context = { ...createCliContext(loadConfig({ ENCOURS_HOME: home }), createSilentLog()), stdout: out };
  const program = new Command('encours').exitOverride();
  registerUserCommand(program, () => context);
  await program.parseAsync(['node', 'encours', 'user', ...args]);
  return Buffer.concat(chunks).toString();
}

async function inspect<T>(work: (ops: ReturnType<typeof createOpsDb>) => Promise<T>): Promise<T> {
  const db = await openWarehouse(loadConfig({ ENCOURS_HOME: home }));
  const ops = createOpsDb(db);
  try {
    return await work(ops);
  } finally {
    await ops.destroy();
    db.close();
  }
}

describe('encours user', () => {
  it('add with a password and a scope, token on its last line, list, disable and enable, all audited', async () => {
    expect(
      await user(
        'add',
        '--email',
        'Ada@Example.com',
        '--role',
        'admin',
        '--password',
        'correct horse battery',
      ),
    ).toMatch(/created admin ada@example.com \(id \d+\)\n$/);
    const added = await user(
      'add',
      '--email',
      'sam@example.com',
      '--role',
      'user',
      '--portfolio',
      'North',
      '--company',
      'C1',
    );
    expect(added).toMatch(/created portfolio "North" \(id \d+\), empty/);
    expect(added).toMatch(/limited to portfolio \d+ in company C1/);
    const token = (await user('token', '--email', 'sam@example.com')).trim().split('\n').pop()!;
    expect(token).toMatch(/^enc_[\w-]{43}$/);
    const listed = JSON.parse(await user('list', '--json')) as {
      email: string;
      role: string;
      scope: string;
    }[];
    expect(listed.map((u) => [u.email, u.role, u.scope])).toEqual([
      ['ada@example.com', 'admin', 'all'],
      ['sam@example.com', 'user', expect.stringMatching(/^portfolio \d+ in company C1$/)],
    ]);
    expect(await user('disable', '--email', 'sam@example.com')).toBe('sam@example.com disabled\n');
    await inspect(async (ops) => {
      const ada = (await findUserByEmail(ops, 'ada@example.com'))!;
      expect(await verifyPassword('correct horse battery', ada.password_hash)).toBe(true);
      const sam = (await findUserByTokenHash(ops, hashToken(token)))!;
      expect(sam.user).toMatchObject({ email: 'sam@example.com', disabled: true });
      expect(await listUserScopes(ops, sam.user.id)).toMatchObject([{ company_id: 'C1', agency: null }]);
      const audit = await listAudit(ops, {});
      expect(audit.map((a) => `${a.action} ${a.entity}`).reverse()).toEqual([
        'create user',
        'create portfolio',
        'create user',
        'create api_token',
        'update user',
      ]);
      expect(audit.every((a) => /^cli:/.test(a.actor))).toBe(true);
      expect(JSON.stringify(audit)).not.toMatch(/scrypt|enc_/);
    });
    await user('enable', '--email', 'sam@example.com');
    await inspect(async (ops) =>
      expect((await findUserByEmail(ops, 'sam@example.com'))!.disabled).toBe(false),
    );
  });

  it('refuses a taken email, a short password and an unknown user, and changes nothing', async () => {
    await expect(user('add', '--email', 'sam@example.com', '--role', 'viewer')).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      user('add', '--email', 'new@example.com', '--role', 'viewer', '--password', 'short'),
    ).rejects.toThrow(/at least 10 characters/);
    await expect(user('token', '--email', 'nobody@example.com')).rejects.toThrow(
      /no user with email "nobody@example.com"/,
    );
    await expect(
      user('add', '--email', 'x@example.com', '--role', 'viewer', '--portfolio', '99'),
    ).rejects.toThrow(/no portfolio 99/);
    await inspect(async (ops) => {
      expect(await findUserByEmail(ops, 'new@example.com')).toBeUndefined();
      expect(await findUserByEmail(ops, 'x@example.com')).toBeUndefined();
    });
  });
});
