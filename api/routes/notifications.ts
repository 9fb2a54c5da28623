import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../warehouse/ops/collaboration.queries.js';
import { commonErrors, idParams, positiveId, timestamp } from './support/schemas.js';
import { principalOf, type ApiServices } from './support/services.js';

const notificationSchema = {
  type: 'object',
  required: ['id', 'kind', 'entity', 'entity_id', 'message', 'created_at', 'read_at'],
  properties: {
    id: { type: 'integer' },
    kind: { type: 'string', description: 'mention | credit_hold | credit_limit | promise | dispute | …' },
    entity: { type: 'string' },
    entity_id: { type: 'string' },
    message: { type: 'string' },
    created_at: timestamp,
    read_at: { type: ['string', 'null'] },
  },
} as const;

/** The caller's own notifications (mentions, credit alerts, portal actions) and their read state. */
export async function registerNotificationRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Querystring: { unread?: boolean; limit?: number; beforeId?: number } }>(
    '/api/notifications',
    {
      config: { access: 'self' },
      schema: {
        summary: 'My notifications, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            unread: { type: 'boolean' },
            limit: { type: 'integer', minimum: 1, maximum: 1000 },
            beforeId: positiveId,
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'unread'],
            properties: { items: { type: 'array', items: notificationSchema }, unread: { type: 'integer' } },
          },
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const user = principalOf(request).user;
      return {
        items: await listNotifications(services.ops, user.id, {
          unreadOnly: request.query.unread,
          limit: request.query.limit,
          beforeId: request.query.beforeId,
        }),
        unread: await countUnreadNotifications(services.ops, user.id),
      };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/notifications/:id/read',
    {
      config: { access: 'self' },
      schema: {
        summary: 'Mark one of my notifications read',
        params: idParams,
        response: { 200: notificationSchema, ...commonErrors },
      },
    },
    async (request) => {
      const found = await markNotificationRead(
        services.ops,
        principalOf(request).user.id,
        request.params.id,
        services.now(),
      );
      if (!found) throw new EncoursError('not_found', `no notification ${request.params.id} for you`);
      return found;
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: 'self' },
      schema: {
        summary: 'Mark all my notifications read',
        response: {
          200: { type: 'object', required: ['marked'], properties: { marked: { type: 'integer' } } },
          ...commonErrors,
        },
      },
    },
    async (request) => ({
      marked: await markAllNotificationsRead(services.ops, principalOf(request).user.id, services.now()),
    }),
  );
}
