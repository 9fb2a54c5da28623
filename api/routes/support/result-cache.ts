import type { FastifyReply, FastifyRequest } from 'fastify';
import { todayIso } from '../../../lib/dates.js';
import { EncoursError } from '../../../lib/errors.js';
import { readDataGeneration } from '../../../warehouse/data-generation.js';
import type { Warehouse } from '../../../warehouse/db.js';

/**
 * Results of the read routes (KPIs, aging, customer list, computed forecasts), kept per caller scope, route, query and
 * data generation (warehouse/data-generation.ts), least recently used first out. Callers asking for the same key at
 * the same time share one computation. A new generation drops every entry of the older ones: they can never be asked
 * for again.
 */
export interface ResultCache {
  /** The result for this key under the current data generation, computed by `compute` when it is not kept yet. */
  remember<T>(key: ResultKey, compute: () => Promise<T>): Promise<T>;
  readonly size: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Built once by buildApp (api/app.ts). */
    results: ResultCache;
  }
}

export interface ResultKey {
  /** 'all', or the digest of a limited scope's grants (two scopes never share an entry). */
  scope: string;
  route: string;
  /** The query as the route resolved it (defaults filled in); key order does not matter. */
  query: Record<string, unknown>;
}

export interface ResultCacheLimits {
  /** Default 256. */
  maxEntries?: number;
  /** Characters (bytes) of the kept JSON texts (other results count 1 KB each: routes keep only small ones); default 128 MB. */
  maxChars?: number;
  /** The size a result counts for against maxChars; default its length for a text, else 1 KB. */
  sizeOf?: (value: unknown) => number;
}

export function createResultCache(
  db: Pick<Warehouse, 'instance'>,
  limits: ResultCacheLimits = {},
): ResultCache {
  const maxEntries = limits.maxEntries ?? 256;
  const maxChars = limits.maxChars ?? 128 * 1024 * 1024;
  const sizeOf =
    limits.sizeOf ??
    ((value: unknown) =>
      typeof value === 'string' ? value.length : Buffer.isBuffer(value) ? value.length : 1024);
  const entries = new Map<string, Promise<unknown>>();
  const sizes = new Map<string, number>();
  let chars = 0;
  let generation = readDataGeneration(db);
  const forget = (text: string) => {
    entries.delete(text);
    chars -= sizes.get(text) ?? 0;
    sizes.delete(text);
  };
  const evict = () => {
    while (entries.size > maxEntries || chars > maxChars) forget(entries.keys().next().value!);
  };
  const cache: ResultCache = {
    get size() {
      return entries.size;
    },
    remember<T>(key: ResultKey, compute: () => Promise<T>): Promise<T> {
      const now = readDataGeneration(db);
      if (now !== generation) {
        entries.clear();
        sizes.clear();
        chars = 0;
        generation = now;
      }
      // the day is part of the key: routes default their as-of date from today
      const text = JSON.stringify([now, todayIso(), key.scope, key.route, sortKeys(key.query)]);
      const found = entries.get(text) as Promise<T> | undefined;
      if (found) {
        entries.delete(text);
        entries.set(text, found);
        // a computation that failed for the request that started it (e.g. its client went away and closed its
        // session) is not this caller's failure: it computes its own (a failed entry is gone by then)
        return found.catch(() => cache.remember(key, compute));
      }
      const computed = compute();
      entries.set(text, computed);
      computed.then(
        (value) => {
          if (entries.get(text) !== computed) return;
          const size = sizeOf(value);
          sizes.set(text, size);
          chars += size;
          evict();
        },
        () => {
          if (entries.get(text) === computed) forget(text);
        },
      );
      evict();
      return computed;
    },
  };
  return cache;
}

/** The result of a read route for the caller's scope, from the app's cache or computed once. */
export function rememberResult<T>(
  request: FastifyRequest,
  route: string,
  query: Record<string, unknown>,
  compute: () => Promise<T>,
): Promise<T> {
  return request.server.results.remember({ scope: scopeKeyOf(request), route, query }, compute);
}

/**
 * Sends the JSON of a read route from the cache: the result is serialized once, with the route's response schema, and
 * its UTF-8 bytes are what the cache keeps (serializing 20 000 aging rows on every hit would cost more than the hit,
 * and encoding their 2 MB of text again on every send about as much).
 */
export async function sendRememberedJson<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
  query: Record<string, unknown>,
  compute: () => Promise<T>,
): Promise<FastifyReply> {
  const json = await rememberResult(request, route, query, async () =>
    Buffer.from(reply.serialize(await compute()) as string),
  );
  return reply.type('application/json; charset=utf-8').send(json);
}

/** The cache key part of the caller's scope. */
export function scopeKeyOf(request: FastifyRequest): string {
  const scope = request.principal?.scope;
  if (!scope) throw new EncoursError('unauthenticated', 'sign in first: POST /api/auth/login');
  return scope.kind === 'all' ? 'all' : `limited:${scope.key}`;
}

function sortKeys(query: Record<string, unknown>): [string, unknown][] {
  return Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
