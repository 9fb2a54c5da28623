import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../lib/config.js';
import { EncoursError } from '../../../lib/errors.js';
import type { Log } from '../../../lib/log.js';
import type { Warehouse } from '../../../warehouse/db.js';
import { createOpsDb, type OpsDb } from '../../../warehouse/ops/database.js';
import type { Principal } from '../../auth/access.js';
import { createRateLimiter, type RateLimiter } from '../../auth/rate-limit.js';
import { createMailer, type Mailer } from './mailer.js';
import { createResultCache, type ResultCache } from './result-cache.js';
import type { CollectionSignals } from '../../../workflows/collection/signals.js';

/** Options of the API's access layer (ApiDeps.access); every one has a default. */
export interface ApiAccessOptions {
  /** kysely over the ops tables; default: one over the warehouse instance, destroyed with the app. */
  ops?: OpsDb;
  mailer?: Mailer;
  /** The clock (tests move it to expire sessions and portal links). */
  now?: () => Date;
  /** Browser session lifetime; default 12 hours. */
  sessionTtlMs?: number;
  /** Failed sign-ins allowed per client address and per email in a window; default 10 per 15 minutes. */
  loginAttempts?: { max: number; windowMs: number };
  /** Secure flag on cookies: 'auto' (default) sets it when the request came over HTTPS. */
  secureCookies?: boolean | 'auto';
  /** Analyst SQL: row cap of JSON results and time limit; defaults 10 000 rows and 30 s. */
  sql?: { maxRows?: number; timeoutMs?: number; memoryLimit?: string; threads?: number };
  /** Where the portal's HMAC secret lives; default $ENCOURS_HOME/secret. */
  secretFile?: string;
  /** Signals to running collection workflows (serve passes Temporal's); absent: changes wait for the next plan. */
  collections?: CollectionSignals;
}

/** What the routes of api/routes share, built once per app. */
export interface ApiServices {
  /** The whole warehouse: only for work that is not about customers (snapshots); routes read through `warehouseOf`. */
  db: Warehouse;
  ops: OpsDb;
  mailer: Mailer;
  log: Log;
  now: () => Date;
  home: string;
  reportingCurrency: string;
  snapshotsDir: string;
  modelsDir: string;
  secretFile: string;
  sessionTtlMs: number;
  secureCookies: boolean | 'auto';
  loginLimiter: RateLimiter;
  sql: { maxRows: number; timeoutMs: number; memoryLimit: string; threads: number };
  collections: CollectionSignals | undefined;
  /**
   * The ledger part of customer cards by caller scope, customer, date and data generation (support/customer-card.ts),
   * apart from the routes' results so that browsing many cards does not push the costly ones out.
   */
  cards: ResultCache;
  /** Releases what the services opened (the ops kysely when they created it). */
  close(): Promise<void>;
}

export function createApiServices(deps: {
  db: Warehouse;
  config: Pick<Config, 'home' | 'reportingCurrency'> &
    Partial<Pick<Config, 'snapshotsDir' | 'outboxDir' | 'smtpUrl' | 'modelsDir'>>;
  log: Log;
  access?: ApiAccessOptions;
}): ApiServices {
  const options = deps.access ?? {};
  const ownOps = options.ops === undefined;
  const ops = options.ops ?? createOpsDb(deps.db);
  const now = options.now ?? (() => new Date());
  const attempts = options.loginAttempts ?? { max: 10, windowMs: 15 * 60_000 };
  return {
    db: deps.db,
    ops,
    mailer:
      options.mailer ??
      createMailer({
        smtpUrl: deps.config.smtpUrl,
        outboxDir: deps.config.outboxDir ?? join(deps.config.home, 'outbox'),
      }),
    log: deps.log,
    now,
    home: deps.config.home,
    reportingCurrency: deps.config.reportingCurrency,
    snapshotsDir: deps.config.snapshotsDir ?? join(deps.config.home, 'snapshots'),
    modelsDir: deps.config.modelsDir ?? join(deps.config.home, 'models'),
    secretFile: options.secretFile ?? join(deps.config.home, 'secret'),
    sessionTtlMs: options.sessionTtlMs ?? 12 * 3600_000,
    secureCookies: options.secureCookies ?? 'auto',
    loginLimiter: createRateLimiter({ ...attempts, now: () => now().getTime() }),
    sql: { maxRows: 10_000, timeoutMs: 30_000, memoryLimit: '1GB', threads: 2, ...options.sql },
    collections: options.collections,
    cards: createResultCache(deps.db, {
      maxEntries: 2000,
      maxChars: 64 * 1024 * 1024,
      sizeOf: (card) => JSON.stringify(card).length,
    }),
    async close() {
      if (ownOps) await ops.destroy();
    },
  };
}

/** The signed-in caller of a route that needs one (every route but the public ones). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new EncoursError('unauthenticated', 'sign in first: POST /api/auth/login');
  return request.principal;
}

/** The warehouse as the caller may see it (their scope applied to every table and macro). */
export function warehouseOf(request: FastifyRequest): Promise<Warehouse> {
  if (!request.scopeSession) throw new EncoursError('unauthenticated', 'sign in first: POST /api/auth/login');
  return Promise.resolve(request.scopeSession.tracked());
}
