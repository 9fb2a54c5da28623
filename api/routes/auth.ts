import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit } from '../../warehouse/ops/audit.queries.js';
import { deleteSession } from '../../warehouse/ops/sessions.queries.js';
import { normaliseEmail } from '../../warehouse/ops/users.queries.js';
import { describeScope } from '../../warehouse/scope/access-scope.js';
import { signIn } from '../auth/authenticate.js';
import { CSRF_COOKIE, SESSION_COOKIE, serializeCookie } from '../auth/cookies.js';
import { errorSchema, timestamp } from './support/schemas.js';
import { principalOf, type ApiServices } from './support/services.js';

export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'disabled'],
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'user', 'viewer', 'analyst'] },
    disabled: { type: 'boolean' },
    created_at: timestamp,
  },
} as const;

/** Sign in (session cookie + CSRF token), sign out, and who am I. */
export async function registerAuthRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.post<{ Body: { email: string; password: string } }>(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        summary:
          'Sign in: sets an httpOnly SameSite=Strict session cookie; send the csrfToken as X-CSRF-Token with every change',
        body: {
          type: 'object',
          required: ['email', 'password'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', minLength: 3, maxLength: 320 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['user', 'csrfToken', 'expiresAt'],
            properties: { user: userSchema, csrfToken: { type: 'string' }, expiresAt: timestamp },
          },
          400: errorSchema,
          401: errorSchema,
          429: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const email = normaliseEmail(request.body.email);
      const keys = [`ip:${request.ip}`, `email:${email}`];
      for (const key of keys) {
        const { allowed, retryAfterSeconds } = services.loginLimiter.check(key);
        if (!allowed) {
          return reply
            .code(429)
            .header('retry-after', String(retryAfterSeconds))
            .send({
              error: 'rate_limited',
              message: `too many sign-in attempts; wait ${retryAfterSeconds} s and try again`,
            });
        }
      }
      const signedIn = await signIn(services.ops, email, request.body.password, {
        sessionTtlMs: services.sessionTtlMs,
        now: services.now,
      });
      if (!signedIn) {
        for (const key of keys) services.loginLimiter.fail(key);
        request.log.warn({ email }, 'failed sign-in');
        return reply.code(401).send({
          error: 'unauthenticated',
          message: 'wrong email or password (or the account is disabled)',
        });
      }
      services.loginLimiter.reset(`email:${email}`);
      await appendAudit(services.ops, {
        actor: `user:${signedIn.user.id}`,
        action: 'login',
        entity: 'user',
        entity_id: String(signedIn.user.id),
      });
      const maxAgeSeconds = services.sessionTtlMs / 1000;
      const secure = isSecure(request, services);
      reply.header('set-cookie', [
        serializeCookie(SESSION_COOKIE, signedIn.token, { maxAgeSeconds, httpOnly: true, secure }),
        serializeCookie(CSRF_COOKIE, signedIn.csrfToken, { maxAgeSeconds, httpOnly: false, secure }),
      ]);
      return { user: signedIn.user, csrfToken: signedIn.csrfToken, expiresAt: signedIn.expiresAt };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'self' },
      schema: {
        summary: 'Sign out (ends the session; bearer tokens stay valid)',
        response: { 204: { type: 'null' }, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.session) await deleteSession(services.ops, principal.session.tokenHash);
      await appendAudit(services.ops, {
        actor: `user:${principal.user.id}`,
        action: 'logout',
        entity: 'user',
        entity_id: String(principal.user.id),
      });
      const secure = isSecure(request, services);
      reply.header('set-cookie', [
        serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, httpOnly: true, secure }),
        serializeCookie(CSRF_COOKIE, '', { maxAgeSeconds: 0, httpOnly: false, secure }),
      ]);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'self' },
      schema: {
        summary: 'Who I am, how I signed in and what I may see',
        response: {
          200: {
            type: 'object',
            required: ['user', 'via', 'scope'],
            properties: {
              user: userSchema,
              via: { type: 'string', enum: ['session', 'token'] },
              scope: { type: 'string' },
              expiresAt: timestamp,
            },
          },
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return {
        user: principal.user,
        via: principal.via,
        scope: describeScope(principal.scope),
        expiresAt: principal.session?.expiresAt,
      };
    },
  );
}

function isSecure(request: FastifyRequest, services: ApiServices): boolean {
  return services.secureCookies === 'auto' ? request.protocol === 'https' : services.secureCookies;
}
