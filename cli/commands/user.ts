import { userInfo } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import { hashPassword } from '../../api/auth/passwords.js';
import { createSecretToken, hashToken } from '../../api/auth/secrets.js';
import { withAudit } from '../../api/routes/support/audit.js';
import { insertApiToken } from '../../warehouse/ops/api-tokens.queries.js';
import {
  findPortfolio,
  insertPortfolio,
  listPortfolios,
  listUserScopes,
  replaceUserScopes,
  type Grant,
} from '../../warehouse/ops/access.queries.js';
import { appendAudit } from '../../warehouse/ops/audit.queries.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import { deleteUserSessions } from '../../warehouse/ops/sessions.queries.js';
import { findUserByEmail, insertUser, listUsers, updateUser } from '../../warehouse/ops/users.queries.js';
import { USER_ROLES, type User, type UserRole } from '../../warehouse/ops/users.table.js';
import { withOps } from '../context.js';
import { printJson, printTable } from '../output.js';
import type { ContextFactory } from './index.js';

const actor = () => `cli:${userInfo().username}`;

/** `encours user add|token|list|disable|enable|password`: accounts, roles, scopes and API tokens (docs/roles.md). */
export function registerUserCommand(program: Command, context: ContextFactory): void {
  const user = program
    .command('user')
    .description('Manage API users: roles, scopes, passwords and API tokens (see docs/roles.md)');

  user
    .command('add')
    .description(
      'Create a user; --portfolio and --company limit what they see (default: everything their role allows)',
    )
    .requiredOption('--email <email>', 'sign-in email (unique)')
    .addOption(
      new Option('--role <role>', 'admin | user | viewer | analyst')
        .choices([...USER_ROLES])
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option(
      '--password <password>',
      `password for the dashboard (at least 10 characters); without one the user signs in with tokens only`,
    )
    .option(
      '--portfolio <ids>',
      'comma-separated portfolio ids or names (a new name creates an empty portfolio)',
      splitList,
    )
    .option('--company <id>', 'limit to one company (with --portfolio: those customers in that company)')
    .option('--agency <name>', 'limit to one agency')
    .action(
      async (o: {
        email: string;
        role: UserRole;
        name?: string;
        password?: string;
        portfolio?: string[];
        company?: string;
        agency?: string;
      }) => {
        const ctx = context();
        await withOps(ctx, async (ops) => {
          const notices: string[] = [];
          const passwordHash = o.password === undefined ? null : await hashPassword(o.password);
          const created = await withAudit(ops, actor(), async (trx) => {
            const u = await insertUser(trx, {
              email: o.email,
              name: o.name ?? o.email.trim().split('@')[0]!,
              role: o.role,
              password_hash: passwordHash,
            });
            const grants = await toGrants(trx, notices, o);
            const scopes = grants.length ? await replaceUserScopes(trx, u.id, grants) : [];
            return {
              result: u,
              changes: [
                {
                  action: 'create',
                  entity: 'user',
                  entityId: u.id,
                  after: {
                    email: u.email,
                    name: u.name,
                    role: u.role,
                    has_password: passwordHash !== null,
                    scopes,
                  },
                },
              ],
            };
          });
          const scope = await listUserScopes(ops, created.id);
          for (const notice of notices) ctx.stdout.write(`${notice}\n`);
          ctx.stdout.write(
            `created ${created.role} ${created.email} (id ${created.id})${scope.length ? `, limited to ${describeGrants(scope)}` : ''}\n`,
          );
          if (passwordHash === null)
            ctx.stdout.write(
              `no password: create an API token with \`encours user token --email ${created.email}\`\n`,
            );
        });
      },
    );

  user
    .command('token')
    .description(
      'Create an API token for a user (printed once, on the last line; send it as "Authorization: Bearer <token>")',
    )
    .requiredOption('--email <email>', 'the user')
    .action(async (o: { email: string }) => {
      const ctx = context();
      await withOps(ctx, async (ops) => {
        const u = await requireUser(ops, o.email);
        const token = createSecretToken();
        await withAudit(ops, actor(), async (trx) => {
          const row = await insertApiToken(trx, u.id, hashToken(token));
          return {
            result: row,
            changes: [{ action: 'create', entity: 'api_token', entityId: row.id, after: { user_id: u.id } }],
          };
        });
        ctx.stdout.write(
          `API token for ${u.email} (${u.role}); it is not stored and cannot be shown again:\n${token}\n`,
        );
      });
    });

  user
    .command('list')
    .description('List users with their role, state and scope')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const ctx = context();
      await withOps(ctx, async (ops) => {
        const rows = [];
        for (const u of await listUsers(ops))
          rows.push({
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            disabled: u.disabled,
            scope: describeGrants(await listUserScopes(ops, u.id)),
          });
        if (o.json) printJson(ctx.stdout, rows);
        else printTable(ctx.stdout, rows, ['id', 'email', 'name', 'role', 'disabled', 'scope']);
      });
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(name)
      .description(
        disabled
          ? 'Disable a user: no sign-in, sessions ended, tokens refused'
          : 'Enable a disabled user again',
      )
      .requiredOption('--email <email>', 'the user')
      .action(async (o: { email: string }) => {
        const ctx = context();
        await withOps(ctx, async (ops) => {
          const u = await requireUser(ops, o.email);
          await changeUser(ops, u, { disabled }, disabled);
          ctx.stdout.write(`${u.email} ${disabled ? 'disabled' : 'enabled'}\n`);
        });
      });
  }

  user
    .command('password')
    .description("Set a user's password (ends their sessions)")
    .requiredOption('--email <email>', 'the user')
    .requiredOption('--password <password>', 'the new password (at least 10 characters)')
    .action(async (o: { email: string; password: string }) => {
      const ctx = context();
      await withOps(ctx, async (ops) => {
        const u = await requireUser(ops, o.email);
        await changeUser(ops, u, { password_hash: await hashPassword(o.password) }, true);
        ctx.stdout.write(`password of ${u.email} changed\n`);
      });
    });
}

async function requireUser(ops: OpsDb, email: string): Promise<User> {
  const u = await findUserByEmail(ops, email);
  if (!u) throw new EncoursError('not_found', `no user with email "${email}"; see \`encours user list\``);
  return u;
}

async function changeUser(
  ops: OpsDb,
  u: User,
  change: Partial<Pick<User, 'disabled' | 'password_hash'>>,
  endSessions: boolean,
): Promise<void> {
  await withAudit(ops, actor(), async (trx) => {
    const result = (await updateUser(trx, u.id, change))!;
    if (endSessions) await deleteUserSessions(trx, u.id);
    const view = (x: User) => ({ email: x.email, role: x.role, disabled: x.disabled });
    return {
      result,
      changes: [
        {
          action: 'update',
          entity: 'user',
          entityId: u.id,
          before: view(result.before),
          after: { ...view(result.after), ...(change.password_hash ? { password_changed: true } : {}) },
        },
      ],
    };
  });
}

async function toGrants(
  ops: OpsDb,
  notices: string[],
  o: { portfolio?: string[]; company?: string; agency?: string },
): Promise<Grant[]> {
  const company = o.company ?? null;
  const agency = o.agency ?? null;
  if (!o.portfolio?.length)
    return company || agency ? [{ portfolioId: null, companyId: company, agency }] : [];
  const grants: Grant[] = [];
  for (const ref of o.portfolio) {
    let portfolio = /^\d+$/.test(ref)
      ? await findPortfolio(ops, Number(ref))
      : (await listPortfolios(ops)).find((p) => p.name === ref);
    if (!portfolio && /^\d+$/.test(ref))
      throw new EncoursError('not_found', `--portfolio: no portfolio ${ref}; give an existing id or a name`);
    if (!portfolio) {
      portfolio = await insertPortfolio(ops, ref);
      await appendAudit(ops, {
        actor: actor(),
        action: 'create',
        entity: 'portfolio',
        entity_id: String(portfolio.id),
        after: { name: ref },
      });
      notices.push(
        `created portfolio "${ref}" (id ${portfolio.id}), empty: add customers with PUT /api/portfolios/${portfolio.id}/customers`,
      );
    }
    grants.push({ portfolioId: portfolio.id, companyId: company, agency });
  }
  return grants;
}

function describeGrants(
  rows: { portfolio_id: number | null; company_id: string | null; agency: string | null }[],
): string {
  if (rows.length === 0) return 'all';
  return rows
    .map((r) =>
      [
        r.portfolio_id !== null && `portfolio ${r.portfolio_id}`,
        r.company_id && `company ${r.company_id}`,
        r.agency && `agency ${r.agency}`,
      ]
        .filter(Boolean)
        .join(' in '),
    )
    .join(' or ');
}

function splitList(text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('give at least one id or name');
  return items;
}
