import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Access } from '../auth/access.js';

declare module 'fastify' {
  interface FastifySchema {
    /** One line for the OpenAPI document (fastify itself ignores it). */
    summary?: string;
  }
}

interface RouteRecord {
  method: string;
  url: string;
  access: Access;
  schema: Record<string, unknown>;
}

/**
 * Records every route as it is registered (fastify's onRoute hook), to build the OpenAPI document from the same JSON
 * schemas fastify validates with. Register before the routes.
 */
export function collectRoutes(app: FastifyInstance): RouteRecord[] {
  const records: RouteRecord[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    for (const method of methods) {
      records.push({
        method: method.toLowerCase(),
        url: route.url,
        access: (route.config as { access?: Access } | undefined)?.access ?? 'public',
        schema: (route.schema ?? {}) as Record<string, unknown>,
      });
    }
  });
  return records;
}

/** GET /api/docs: the OpenAPI 3.1 document of the /api routes. */
export async function registerDocsRoute(
  app: FastifyInstance,
  records: readonly RouteRecord[],
  version: string,
): Promise<void> {
  app.get(
    '/api/docs',
    { config: { access: 'public' }, schema: { summary: 'This OpenAPI document' } },
    async () => buildOpenApi(records, version),
  );
}

export function buildOpenApi(records: readonly RouteRecord[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of records.filter((x) => x.url.startsWith('/api/'))) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const s = r.schema;
    const parameters = [...toParameters(s.params, 'path'), ...toParameters(s.querystring, 'query')];
    const responses = Object.fromEntries(
      Object.entries((s.response ?? { 200: {} }) as Record<string, unknown>).map(([status, schema]) => [
        status,
        {
          description: describeStatus(status),
          ...(status === '204' ? {} : { content: { 'application/json': { schema } } }),
        },
      ]),
    );
    (paths[path] ??= {})[r.method] = {
      summary: s.summary ?? `${r.method.toUpperCase()} ${r.url}`,
      'x-encours-access': r.access,
      security: r.access === 'public' ? [] : [{ session: [], csrf: [] }, { bearer: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(s.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: s.body } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'encours API',
      version,
      description:
        'Receivables analytics and collection. Access levels (x-encours-access): see docs/roles.md. Out-of-scope customers answer 404.',
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'encours_session',
          description: 'POST /api/auth/login',
        },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: 'required with the session cookie on POST, PUT, PATCH, DELETE',
        },
        bearer: { type: 'http', scheme: 'bearer', description: 'encours user token --email …' },
      },
    },
    paths,
  };
}

function toParameters(schema: unknown, where: 'path' | 'query') {
  const s = schema as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  return Object.entries(s?.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (s?.required ?? []).includes(name),
    schema: property,
  }));
}

function describeStatus(status: string): string {
  const known: Record<string, string> = {
    '200': 'OK',
    '201': 'created',
    '204': 'done, no content',
    '400': 'bad input (the message names the field)',
    '401': 'not signed in',
    '403': 'role not allowed, or missing CSRF token',
    '404': 'not found or outside your scope',
    '409': 'conflict with the current state',
    '429': 'too many attempts',
  };
  return known[status] ?? status;
}
