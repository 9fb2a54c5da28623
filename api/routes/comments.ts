import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { insertComment, listCustomerComments } from '../../warehouse/ops/collaboration.queries.js';
import { findCustomerDocuments } from '../../warehouse/scope/customer-card.queries.js';
import { actorOf } from '../auth/access.js';
import { withAudit } from './support/audit.js';
import { requireCustomer } from './support/customer-card.js';
import { canSeeCustomer, notify, resolveMentions, sendMails } from './support/notify.js';
import { commonErrors, customerParams, documentId, timestamp } from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

const commentSchema = {
  type: 'object',
  required: ['id', 'customer_id', 'company_id', 'author_id', 'body', 'mentions', 'created_at'],
  properties: {
    id: { type: 'integer' },
    customer_id: { type: 'string' },
    company_id: { type: 'string', description: "'*' for a comment about the customer as a whole" },
    document_id: { type: ['string', 'null'] },
    author_id: { type: 'integer' },
    author_name: { type: 'string' },
    body: { type: 'string' },
    mentions: { type: 'array', items: { type: 'integer' } },
    created_at: timestamp,
  },
} as const;

/** A customer's comments; posting one notifies the users it @mentions (in the app and by email) who can see the customer. */
export async function registerCommentRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/comments',
    {
      config: { access: 'read' },
      schema: {
        summary: "A customer's comments, newest first",
        params: customerParams,
        response: { 200: { type: 'array', items: commentSchema }, ...commonErrors },
      },
    },
    async (request) => {
      await requireCustomer(await warehouseOf(request), request.params.id);
      return listCustomerComments(services.ops, request.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: { body: string; documentId?: string } }>(
    '/api/customers/:id/comments',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Comment on a customer (or one of its documents); @email or @name-before-the-@ mentions notify those users',
        params: customerParams,
        body: {
          type: 'object',
          required: ['body'],
          additionalProperties: false,
          properties: { body: { type: 'string', minLength: 1, maxLength: 5000 }, documentId },
        },
        response: {
          201: {
            type: 'object',
            required: ['comment', 'notified', 'unresolvedMentions'],
            properties: {
              comment: commentSchema,
              notified: {
                type: 'array',
                items: { type: 'integer' },
                description: 'ids of the users notified',
              },
              unresolvedMentions: {
                type: 'array',
                items: { type: 'string' },
                description: 'mentions that name no user who can see this customer',
              },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const db = await warehouseOf(request);
      const customer = await requireCustomer(db, request.params.id);
      const body = request.body.body.trim();
      if (!body) throw new EncoursError('bad_input', 'body.body is empty; write the comment');
      let companyId = '*';
      if (request.body.documentId !== undefined) {
        const [document] = await findCustomerDocuments(db, customer.customer_id, [request.body.documentId]);
        if (!document)
          throw new EncoursError(
            'not_found',
            `body.documentId: customer "${customer.customer_id}" has no document "${request.body.documentId}"`,
          );
        companyId = document.company_id;
      }
      const mentions = await resolveMentions(services.ops, body);
      const visible: typeof mentions.users = [];
      for (const user of mentions.users) {
        if (await canSeeCustomer(services, user, customer.customer_id)) visible.push(user);
        else mentions.unknown.push(user.email);
      }
      const { comment, mails } = await withAudit(services.ops, actorOf(principal), async (trx) => {
        const comment = await insertComment(trx, {
          company_id: companyId,
          customer_id: customer.customer_id,
          document_id: request.body.documentId ?? null,
          author_id: principal.user.id,
          body,
          mentions: visible.map((u) => u.id),
        });
        const recipients = visible.filter((u) => u.id !== principal.user.id);
        const mails = await notify(trx, recipients, {
          kind: 'mention',
          entity: 'comment',
          entityId: String(comment.id),
          message: `${principal.user.name} mentioned you on customer ${customer.name} (${customer.customer_id}): "${body}"`,
          subject: `encours: ${principal.user.name} mentioned you on ${customer.name}`,
        });
        return {
          result: { comment, mails },
          changes: [{ action: 'create', entity: 'comment', entityId: comment.id, after: comment }],
        };
      });
      await sendMails(services, mails);
      return reply.code(201).send({
        comment: { ...comment, author_name: principal.user.name },
        notified: visible.filter((u) => u.id !== principal.user.id).map((u) => u.id),
        unresolvedMentions: mentions.unknown,
      });
    },
  );
}
