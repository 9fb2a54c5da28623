import type { FastifyInstance } from 'fastify';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { commonErrors, positiveId, timestamp } from './support/schemas.js';
import type { ApiServices } from './support/services.js';

const entrySchema = {
  type: 'object',
  required: ['id', 'at', 'actor', 'action', 'entity'],
  properties: {
    id: { type: 'integer' },
    at: timestamp,
    actor: { type: 'string' },
    action: { type: 'string' },
    entity: { type: 'string' },
    entity_id: { type: ['string', 'null'] },
    before: { type: ['object', 'null'], additionalProperties: true },
    after: { type: ['object', 'null'], additionalProperties: true },
  },
} as const;

interface AuditQuery {
  entity?: string;
  entityId?: string;
  actor?: string;
  since?: string;
  beforeId?: number;
  limit?: number;
}

/** The append-only audit log (admin only): who changed what, when, before and after. */
export async function registerAuditRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Querystring: AuditQuery }>(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Audit entries, newest first; page with beforeId',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            entity: { type: 'string', maxLength: 64 },
            entityId: { type: 'string', maxLength: 128 },
            actor: { type: 'string', maxLength: 160 },
            since: { type: 'string', format: 'date-time' },
            beforeId: positiveId,
            limit: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
        response: { 200: { type: 'array', items: entrySchema }, ...commonErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return listAudit(services.ops, {
        entity: q.entity,
        entityId: q.entityId,
        actor: q.actor,
        since: q.since ? new Date(q.since) : undefined,
        beforeId: q.beforeId,
        limit: q.limit,
      });
    },
  );
}
