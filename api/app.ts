import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import { EncoursError, type ErrorCode } from '../lib/errors.js';
import type { Log } from '../lib/log.js';
import type { Warehouse } from '../warehouse/db.js';
import { registerHealthRoutes, type Check } from './routes/health.js';
import { registerKpiRoutes } from './routes/kpi.js';
import { DASHBOARD_DIR, inlineScriptHashes, registerDashboard } from './static.js';
import { registerApiAccess, type ApiConfig } from './routes/index.js';
import type { ApiAccessOptions } from './routes/support/services.js';
import { createResultCache, type ResultCache } from './routes/support/result-cache.js';
import { describeValidationError } from './routes/support/validation.js';

export interface ApiDeps {
  db: Warehouse;
  config: ApiConfig;
  log: Log;
  version: string;
  /** Temporal and worker state, when this process runs them (`serve`). */
  runtimeChecks?: () => Promise<{ temporal: Check; worker: Check }>;
  dashboardDir?: string;
  /** Sessions, login limit, clock, mailer, SQL limits (api/routes/support/services.ts); defaults for production. */
  access?: ApiAccessOptions;
  /** Results of the read routes by scope, query and data generation; default 256 entries, 128 MB of JSON. */
  results?: ResultCache;
}

const STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

/** The fastify app: JSON schemas on every route, helmet, structured logs; the dashboard when it is built. */
export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'api' }) as unknown as FastifyBaseLogger,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true } },
  });
  const dashboardDir = deps.dashboardDir ?? DASHBOARD_DIR;
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(dashboardDir)],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      return reply.code(400).send({ error: 'bad_input', message: describeValidationError(error) });
    }
    if (error instanceof EncoursError)
      return reply.code(STATUS[error.code]).send({ error: error.code, message: error.message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'internal error; see the server log' });
  });
  // one result cache for the read routes (routes/support/result-cache.ts)
  app.decorate('results', deps.results ?? createResultCache(deps.db));
  // authentication, roles, CSRF and scopes wrap every route registered after this line (api/auth, docs/roles.md)
  const api = registerApiAccess(app, deps);
  await registerHealthRoutes(app, deps);
  await registerKpiRoutes(app, { ...deps, db: api.requestDb }, deps.db);
  await api.registerRoutes();
  const served = await registerDashboard(app, dashboardDir);
  if (!served) {
    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
    );
  }
  return app;
}
