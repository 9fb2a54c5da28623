import { AsyncLocalStorage } from 'node:async_hooks';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Warehouse } from '../../warehouse/db.js';
import { createRequestWarehouse, ScopedRequestSession } from '../../warehouse/scope/request-warehouse.js';
import type { ApiServices } from '../routes/support/services.js';
import { defaultAccess, roleAllows, type Access, type Principal } from './access.js';
import { authenticate, describeAuthFailure } from './authenticate.js';
import { CSRF_HEADER, SESSION_COOKIE, serializeCookie } from './cookies.js';
import { applyViewFilter } from './view-filter.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller; null on public routes. */
    principal: Principal | null;
    /** The caller's scoped view of the warehouse, opened on first use and closed with the response. */
    scopeSession: ScopedRequestSession | null;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** The route reads ledger data and takes the view filters `agency` and `portfolio` (api/auth/view-filter.ts). */
    viewFilters?: boolean;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const ACCESS_WORDS: Record<Access, string> = {
  public: 'open this',
  self: 'do this',
  read: 'read customer data',
  write: 'change customer data (admin and user roles only)',
  sql: 'run SQL (admin and analyst roles only)',
  admin: 'manage users, portfolios and settings, or read the audit log (admin role only)',
};

/**
 * Authentication, role checks, CSRF and scope on every route: each route declares `config.access` (default
 * defaultAccess(url)); the caller's scope opens lazily as `request.scopeSession`. Must be registered before the
 * routes (it wraps their handlers). Returns a Warehouse for routes written against a plain warehouse: every call
 * goes to the scoped session of the request in progress.
 */
export function registerAccessControl(app: FastifyInstance, services: ApiServices): { requestDb: Warehouse } {
  const current = new AsyncLocalStorage<FastifyRequest>();
  app.decorateRequest('principal', null);
  app.decorateRequest('scopeSession', null);

  app.addHook('onRoute', (route) => {
    route.config = {
      ...route.config,
      access: route.config?.access ?? defaultAccess(route.url ?? route.path),
    };
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      return current.run(request, () => handler.call(this, request, reply));
    };
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access ?? 'public';
    if (access === 'public') return;
    const result = await authenticate(services.ops, request.headers, {
      sessionTtlMs: services.sessionTtlMs,
      now: services.now,
    });
    if (typeof result === 'string') {
      if (result === 'expired_session' || result === 'bad_session') {
        reply.header(
          'set-cookie',
          serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, httpOnly: true, secure: false }),
        );
      }
      return reply.code(401).send({ error: 'unauthenticated', message: describeAuthFailure(result) });
    }
    if (!roleAllows(result.user.role, access)) {
      return reply
        .code(403)
        .send({ error: 'forbidden', message: `the ${result.user.role} role cannot ${ACCESS_WORDS[access]}` });
    }
    if (
      result.session &&
      UNSAFE_METHODS.has(request.method) &&
      !sameToken(request.headers[CSRF_HEADER], result.session.csrfToken)
    ) {
      return reply.code(403).send({
        error: 'forbidden',
        message: `missing or wrong ${CSRF_HEADER} header: send the csrfToken the login answered (also in the encours_csrf cookie) with every change`,
      });
    }
    request.principal = result;
    request.scopeSession = new ScopedRequestSession(services.db, result.scope);
  });

  // after validation: the filters are well-formed; the session has not been opened yet (it opens on first use)
  app.addHook('preHandler', async (request) => {
    if (!request.routeOptions.config?.viewFilters || !request.principal) return;
    const narrowed = await applyViewFilter(services.ops, request.principal, request.query);
    if (narrowed === request.principal.scope) return;
    request.principal = { ...request.principal, scope: narrowed };
    request.scopeSession = new ScopedRequestSession(services.db, narrowed);
  });

  const release = async (request: FastifyRequest) => {
    await request.scopeSession?.close();
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);

  return {
    requestDb: createRequestWarehouse(services.db, () => current.getStore()?.scopeSession ?? undefined),
  };
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
