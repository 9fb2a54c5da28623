import { createReadStream } from 'node:fs';
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { actorOf } from '../auth/access.js';
import { disputeBody, disputeSchema } from '../routes/disputes.js';
import { promiseBody, promiseSchema } from '../routes/promises.js';
import { appendAudit } from '../../warehouse/ops/audit.queries.js';
import { createPromise, openDispute } from '../routes/support/commitments.js';
import { requireCustomer } from '../routes/support/customer-card.js';
import {
  commonErrors,
  companyId,
  customerParams,
  documentId,
  errorSchema,
  timestamp,
} from '../routes/support/schemas.js';
import { findCustomerDocuments } from '../../warehouse/scope/customer-card.queries.js';
import { principalOf, warehouseOf, type ApiServices } from '../routes/support/services.js';
import { renderPortalPage } from './page.js';
import type { Language } from '../../workflows/dunning/types.js';
import type { InvoicePdfs } from './invoice-pdfs.js';
import { readPortalView, requirePortalCustomer } from './portal-view.js';
import { readOrCreateSecret, signPortalToken, verifyPortalToken } from './signing.js';

const tokenParams = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: { token: { type: 'string', minLength: 1, maxLength: 2048 } },
} as const;
const portalErrors = { 404: errorSchema, 410: errorSchema, 400: errorSchema } as const;

/**
 * The customer portal: a signed, expiring link per customer (created by users, put in reminders) opens a page with
 * its open invoices, how to pay, and forms to promise to pay or dispute an invoice; what it does lands in the
 * customer's timeline as 'portal:<customer id>'. Tampered links answer 404, expired ones 410.
 */
export async function registerPortalRoutes(
  app: FastifyInstance,
  services: ApiServices,
  pdfs: InvoicePdfs,
): Promise<void> {
  let secret: Buffer | undefined;
  const key = () => (secret ??= readOrCreateSecret(services.secretFile));
  /** The link's customer, or undefined after answering 404 (tampered) or 410 (expired), as JSON or as a page. */
  const open = (reply: FastifyReply, token: string, html = false) => {
    const check = verifyPortalToken(key(), token, services.now());
    if (check.ok) return check;
    const status = check.reason === 'expired' ? 410 : 404;
    const message =
      check.reason === 'expired'
        ? 'this link has expired; use the link of your latest reminder or ask your supplier for a new one'
        : 'this link is not valid; use the link of your latest reminder or ask your supplier for a new one';
    const french =
      check.reason === 'expired'
        ? 'ce lien a expiré ; utilisez le lien de votre dernière relance ou demandez-en un nouveau à votre fournisseur'
        : 'ce lien n’est pas valide ; utilisez le lien de votre dernière relance ou demandez-en un nouveau à votre fournisseur';
    if (html)
      void reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="fr"><meta charset="utf-8"><title>encours</title><p>${french}</p><p lang="en">${message}</p></html>`,
        );
    else
      void reply.code(status).send({ error: check.reason === 'expired' ? 'expired' : 'not_found', message });
    return undefined;
  };

  app.post<{ Params: { id: string }; Body: { days?: number } }>(
    '/api/customers/:id/portal-link',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Create a signed portal link for the customer (default: valid 30 days)',
        params: customerParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { days: { type: 'integer', minimum: 1, maximum: 180 } },
        },
        response: {
          201: {
            type: 'object',
            required: ['path', 'token', 'expiresAt'],
            properties: { path: { type: 'string' }, token: { type: 'string' }, expiresAt: timestamp },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const customer = await requireCustomer(await warehouseOf(request), request.params.id);
      const expiresAt = new Date(services.now().getTime() + (request.body?.days ?? 30) * 86_400_000);
      const token = signPortalToken(key(), customer.customer_id, expiresAt);
      await appendAudit(services.ops, {
        actor: actorOf(principalOf(request)),
        action: 'portal_link',
        entity: 'customer',
        entity_id: customer.customer_id,
        after: { expires_at: expiresAt.toISOString() },
      });
      return reply.code(201).send({ path: `/portal/${token}`, token, expiresAt });
    },
  );

  app.get<{ Params: { token: string } }>(
    '/api/portal/:token',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Portal: the customer view of its open invoices (JSON)',
        params: tokenParams,
        response: { ...portalErrors },
      },
    },
    async (request, reply) => {
      const link = open(reply, request.params.token);
      if (!link) return reply;
      return readPortalView(services, link.customerId, link.expiresAt, pdfs);
    },
  );

  app.get<{ Params: { token: string; companyId: string; documentId: string } }>(
    '/api/portal/:token/invoices/:companyId/:documentId',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Portal: the PDF of one of the customer’s invoices, when the accounting system exported it',
        params: {
          type: 'object',
          required: ['token', 'companyId', 'documentId'],
          additionalProperties: false,
          properties: { token: tokenParams.properties.token, companyId, documentId },
        },
        response: { ...portalErrors },
      },
    },
    async (request, reply) => {
      const link = open(reply, request.params.token);
      if (!link) return reply;
      const { companyId: company, documentId: document } = request.params;
      const mine = (await findCustomerDocuments(services.db, link.customerId, [document])).some(
        (d) => d.company_id === company && d.type === 'invoice',
      );
      const file = mine ? pdfs.find(company, document) : undefined;
      if (!file)
        return reply
          .code(404)
          .send({ error: 'not_found', message: `no PDF of invoice ${document} is available here` });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${document.replace(/[^\w.-]+/g, '_')}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(createReadStream(file));
    },
  );

  app.post<{
    Params: { token: string };
    Body: { amount: string; date: string; documentIds?: string[]; companyId?: string };
  }>(
    '/api/portal/:token/promises',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Portal: promise to pay (companyId when the invoices are from several companies)',
        params: tokenParams,
        body: promiseBody,
        response: { 201: promiseSchema, ...portalErrors },
      },
    },
    async (request, reply) => {
      const link = open(reply, request.params.token);
      if (!link) return reply;
      const customer = await requirePortalCustomer(services, link.customerId);
      return reply
        .code(201)
        .send(
          await createPromise(
            services,
            services.db,
            `portal:${customer.customer_id}`,
            customer,
            request.body,
            true,
          ),
        );
    },
  );

  app.post<{ Params: { token: string }; Body: { documentId: string; reason: string; companyId?: string } }>(
    '/api/portal/:token/disputes',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Portal: dispute an invoice',
        params: tokenParams,
        body: disputeBody,
        response: { 201: disputeSchema, 409: errorSchema, ...portalErrors },
      },
    },
    async (request, reply) => {
      const link = open(reply, request.params.token);
      if (!link) return reply;
      const customer = await requirePortalCustomer(services, link.customerId);
      return reply
        .code(201)
        .send(
          await openDispute(
            services,
            services.db,
            `portal:${customer.customer_id}`,
            customer,
            request.body,
            true,
          ),
        );
    },
  );

  // the HTML page and its plain forms (urlencoded bodies are parsed in this context only)
  await app.register(async (page) => {
    page.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_request, body, done) => {
        done(null, parseQuery(body as string));
      },
    );
    const form = { type: 'object', additionalProperties: { type: 'string' } } as const;

    page.get<{ Params: { token: string }; Querystring: { done?: string; lang?: Language } }>(
      '/portal/:token',
      {
        config: { access: 'public' },
        schema: {
          params: tokenParams,
          querystring: {
            type: 'object',
            properties: {
              done: { type: 'string', maxLength: 20 },
              lang: { type: 'string', enum: ['fr', 'en'] },
            },
          },
        },
      },
      async (request, reply) => {
        const link = open(reply, request.params.token, true);
        if (!link) return reply;
        const view = await readPortalView(services, link.customerId, link.expiresAt, pdfs);
        return reply
          .type('text/html; charset=utf-8')
          .send(
            renderPortalPage(
              view,
              request.params.token,
              request.query.lang ?? view.language,
              request.query.done,
            ),
          );
      },
    );

    page.post<{ Params: { token: string }; Querystring: { lang?: Language }; Body: Record<string, string> }>(
      '/portal/:token/:action',
      {
        config: { access: 'public' },
        schema: {
          querystring: { type: 'object', properties: { lang: { type: 'string', enum: ['fr', 'en'] } } },
          params: {
            type: 'object',
            required: ['token', 'action'],
            properties: {
              token: tokenParams.properties.token,
              action: { type: 'string', enum: ['promise', 'dispute'] },
            },
          },
          body: form,
        },
      },
      async (request, reply) => {
        const { token, action } = request.params as { token: string; action: 'promise' | 'dispute' };
        const link = open(reply, token, true);
        if (!link) return reply;
        const customer = await requirePortalCustomer(services, link.customerId);
        const actor = `portal:${customer.customer_id}`;
        try {
          const b = request.body;
          if (action === 'promise')
            await createPromise(
              services,
              services.db,
              actor,
              customer,
              {
                amount: b.amount ?? '',
                date: b.date ?? '',
                ...(b.companyId ? { companyId: b.companyId } : {}),
              },
              true,
            );
          else
            await openDispute(
              services,
              services.db,
              actor,
              customer,
              { documentId: request.body.documentId ?? '', reason: request.body.reason ?? '' },
              true,
            );
        } catch (error) {
          if (!(error instanceof EncoursError) || error.code === 'internal') throw error;
          const view = await readPortalView(services, link.customerId, link.expiresAt, pdfs);
          const language = request.query.lang ?? view.language;
          return reply
            .code(400)
            .type('text/html; charset=utf-8')
            .send(
              renderPortalPage(view, token, language, undefined, error.message.replace(/^body\.\w+:? ?/, '')),
            );
        }
        const lang = request.query.lang ? `&lang=${request.query.lang}` : '';
        return reply.redirect(`/portal/${encodeURIComponent(token)}?done=${action}${lang}`, 303);
      },
    );
  });
}
