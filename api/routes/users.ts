import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { insertApiToken } from '../../warehouse/ops/api-tokens.queries.js';
import { listUserScopes, replaceUserScopes, type Grant } from '../../warehouse/ops/access.queries.js';
import { deleteUserSessions } from '../../warehouse/ops/sessions.queries.js';
import { findUserById, insertUser, listUsers, updateUser } from '../../warehouse/ops/users.queries.js';
import type { User, UserRole } from '../../warehouse/ops/users.table.js';
import { actorOf } from '../auth/access.js';
import { withoutHash } from '../auth/authenticate.js';
import { hashPassword } from '../auth/passwords.js';
import { createSecretToken, hashToken } from '../auth/secrets.js';
import { userSchema } from './auth.js';
import { bumpAccessGeneration } from '../../warehouse/scope/access-generation.js';
import { withAudit } from './support/audit.js';
import { commonErrors, companyId, errorSchema, idParams, positiveId } from './support/schemas.js';
import { principalOf, type ApiServices } from './support/services.js';

const role = { type: 'string', enum: ['admin', 'user', 'viewer', 'analyst'] } as const;
const grantSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    portfolioId: { type: ['integer', 'null'], minimum: 1 },
    companyId: { anyOf: [companyId, { type: 'null' }] },
    agency: { type: ['string', 'null'], maxLength: 128 },
  },
} as const;
const scopeRowSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    portfolio_id: { type: ['integer', 'null'] },
    company_id: { type: ['string', 'null'] },
    agency: { type: ['string', 'null'] },
  },
} as const;

/** Users, their scopes and their API tokens (admin only); every change is audited, never with a password hash. */
export async function registerUserRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Every user',
        response: { 200: { type: 'array', items: userSchema }, ...commonErrors },
      },
    },
    async () => listUsers(services.ops),
  );

  app.post<{ Body: { email: string; name?: string; role: UserRole; password?: string } }>(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Create a user (without a password: API tokens only)',
        body: {
          type: 'object',
          required: ['email', 'role'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', format: 'email', maxLength: 320 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            role,
            password: { type: 'string', maxLength: 1024 },
          },
        },
        response: { 201: userSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const { email, name, role: userRole, password } = request.body;
      const passwordHash = password === undefined ? null : await hashPassword(password);
      const user = await withAudit(services.ops, actorOf(principalOf(request)), async (trx) => {
        const created = await insertUser(trx, {
          email,
          name: name ?? email.split('@')[0]!,
          role: userRole,
          password_hash: passwordHash,
        });
        return {
          result: created,
          changes: [{ action: 'create', entity: 'user', entityId: created.id, after: auditView(created) }],
        };
      });
      return reply.code(201).send(withoutHash(user));
    },
  );

  app.patch<{
    Params: { id: number };
    Body: { name?: string; role?: UserRole; disabled?: boolean; password?: string };
  }>(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Change a user: name, role, disabled (ends their sessions), password (ends their sessions)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            role,
            disabled: { type: 'boolean' },
            password: { type: 'string', maxLength: 1024 },
          },
        },
        response: { 200: userSchema, ...commonErrors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { password, ...rest } = request.body;
      if (
        request.params.id === principal.user.id &&
        (rest.disabled === true || (rest.role !== undefined && rest.role !== 'admin'))
      ) {
        throw new EncoursError(
          'bad_input',
          'you cannot disable yourself or drop your own admin role; ask another admin',
        );
      }
      const change = {
        ...rest,
        ...(password !== undefined ? { password_hash: await hashPassword(password) } : {}),
      };
      const after = await withAudit(services.ops, actorOf(principal), async (trx) => {
        const result = await updateUser(trx, request.params.id, change);
        if (!result) throw new EncoursError('not_found', `no user ${request.params.id}`);
        if (change.disabled === true || password !== undefined)
          await deleteUserSessions(trx, request.params.id);
        return {
          result: result.after,
          changes: [
            {
              action: 'update',
              entity: 'user',
              entityId: request.params.id,
              before: auditView(result.before),
              after: {
                ...auditView(result.after),
                ...(password !== undefined ? { password_changed: true } : {}),
              },
            },
          ],
        };
      });
      return withoutHash(after);
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/users/:id/scopes',
    {
      config: { access: 'admin' },
      schema: {
        summary: "A user's scope grants (none: no restriction)",
        params: idParams,
        response: { 200: { type: 'array', items: scopeRowSchema }, ...commonErrors },
      },
    },
    async (request) => {
      await requireUser(services, request.params.id);
      return listUserScopes(services.ops, request.params.id);
    },
  );

  app.put<{
    Params: { id: number };
    Body: { grants: { portfolioId?: number | null; companyId?: string | null; agency?: string | null }[] };
  }>(
    '/api/users/:id/scopes',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          "Replace a user's grants: each limits to a portfolio, a company and/or an agency; a user sees what any grant allows",
        params: idParams,
        body: {
          type: 'object',
          required: ['grants'],
          additionalProperties: false,
          properties: { grants: { type: 'array', maxItems: 100, items: grantSchema } },
        },
        response: { 200: { type: 'array', items: scopeRowSchema }, ...commonErrors },
      },
    },
    async (request) => {
      await requireUser(services, request.params.id);
      const grants: Grant[] = request.body.grants.map((g) => ({
        portfolioId: g.portfolioId ?? null,
        companyId: g.companyId ?? null,
        agency: g.agency ?? null,
      }));
      const written = await withAudit(services.ops, actorOf(principalOf(request)), async (trx) => {
        const before = await listUserScopes(trx, request.params.id);
        const after = await replaceUserScopes(trx, request.params.id, grants);
        return {
          result: after,
          changes: [
            {
              action: 'scopes',
              entity: 'user',
              entityId: request.params.id,
              before: { grants: before },
              after: { grants: after },
            },
          ],
        };
      });
      bumpAccessGeneration(); // committed: scopes cached meanwhile resolve again
      return written;
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/users/:id/tokens',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Issue an API token for a user (shown once; only its hash is kept)',
        params: idParams,
        response: {
          201: {
            type: 'object',
            required: ['token', 'id'],
            properties: { id: positiveId, token: { type: 'string' } },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const user = await requireUser(services, request.params.id);
      const token = createSecretToken();
      const row = await withAudit(services.ops, actorOf(principalOf(request)), async (trx) => {
        const created = await insertApiToken(trx, user.id, hashToken(token));
        return {
          result: created,
          changes: [
            { action: 'create', entity: 'api_token', entityId: created.id, after: { user_id: user.id } },
          ],
        };
      });
      return reply.code(201).send({ id: row.id, token });
    },
  );
}

async function requireUser(services: ApiServices, id: number): Promise<User> {
  const user = await findUserById(services.ops, id);
  if (!user) throw new EncoursError('not_found', `no user ${id}`);
  return user;
}

/** A user as the audit log keeps it: never the hash, only whether there is a password. */
function auditView(user: User) {
  const { password_hash: hash, ...rest } = user;
  return { ...rest, has_password: hash !== null };
}
