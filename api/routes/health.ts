import type { FastifyInstance } from 'fastify';
import { instanceId } from '../instance.js';
import type { ApiDeps } from '../app.js';

const healthSchema = {
  type: 'object',
  required: ['status', 'service', 'version', 'instance'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    service: { type: 'string', enum: ['encours'] },
    version: { type: 'string' },
    instance: { type: 'string', description: 'short id of the ENCOURS_HOME this server owns' },
  },
} as const;

const checkSchema = { type: 'string', enum: ['ok', 'down', 'absent'] } as const;
const readySchema = {
  type: 'object',
  required: ['ready', 'checks'],
  properties: {
    ready: { type: 'boolean' },
    checks: {
      type: 'object',
      required: ['warehouse', 'temporal', 'worker'],
      properties: { warehouse: checkSchema, temporal: checkSchema, worker: checkSchema },
    },
  },
} as const;

export type Check = 'ok' | 'down' | 'absent';

/** Liveness (the process answers) and readiness (warehouse, Temporal and worker usable). */
export async function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const instance = instanceId(deps.config.home);
  app.get('/api/health', { schema: { response: { 200: healthSchema } } }, async () => ({
    status: 'ok',
    service: 'encours',
    version: deps.version,
    instance,
  }));

  app.get(
    '/api/ready',
    { schema: { response: { 200: readySchema, 503: readySchema } } },
    async (_request, reply) => {
      const warehouse: Check = await deps.db.all('select 1').then(
        () => 'ok' as const,
        () => 'down' as const,
      );
      const runtime = (await deps.runtimeChecks?.()) ?? {
        temporal: 'absent' as const,
        worker: 'absent' as const,
      };
      const checks = { warehouse, ...runtime };
      const ready = Object.values(checks).every((c) => c !== 'down');
      return reply.code(ready ? 200 : 503).send({ ready, checks });
    },
  );
}
