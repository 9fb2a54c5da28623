import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../lib/config.js';
import { EncoursError } from '../../lib/errors.js';
import { isIsoDate } from '../../lib/dates.js';
import { readDunningControls, updateDunningControls } from '../../warehouse/ops/dunning-controls.queries.js';
import type { DunningControls } from '../../warehouse/ops/dunning-controls.table.js';
import {
  listDunningCustomers,
  listDunningLog,
  listLoggedDocumentsByKeys,
} from '../../warehouse/ops/dunning-log.queries.js';
import { DUNNING_STATUSES, type DunningStatus } from '../../warehouse/ops/dunning-log.table.js';
import { findVisibleCustomers } from '../../warehouse/scope/customer-card.queries.js';
import { actorOf } from '../auth/access.js';
import { withAudit } from './support/audit.js';
import { requireCustomer } from './support/customer-card.js';
import {
  controlsBody,
  controlsSchema,
  logEntrySchema,
  outboxFileSchema,
  previewInput,
  previewSchema,
} from './dunning.schemas.js';
import { findOutboxEntry, listOutbox, OUTBOX_NAME, resolveOutboxFile } from './support/dunning-outbox.js';
import { createPreviewRenderer, type PreviewConfig, type PreviewInput } from './support/dunning-preview.js';
import { commonErrors, companyId, customerId } from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

export type DunningRoutesConfig = Pick<Config, 'home'> & Partial<Pick<Config, 'outboxDir'>> & PreviewConfig;

/** The Reminders page's routes: the dunning log, the outbox, the live preview of a step's message, the switches. */
export async function registerDunningRoutes(
  app: FastifyInstance,
  services: ApiServices,
  config: DunningRoutesConfig,
): Promise<void> {
  const outboxDir = config.outboxDir ?? join(config.home, 'outbox');
  const preview = createPreviewRenderer(services, config);

  /** The customers of these ids the caller may see, with their names. */
  const visible = async (request: FastifyRequest, ids: readonly string[]) =>
    findVisibleCustomers(await warehouseOf(request), ids);

  app.get<{ Querystring: { customer?: string; company?: string; status?: DunningStatus; limit?: number } }>(
    '/api/dunning/log',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'The dunning log, newest first: every send (intent, sent, failed, ambiguous) with its invoices; your scope only',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            customer: customerId,
            company: companyId,
            status: { type: 'string', enum: [...DUNNING_STATUSES] },
            limit: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
        response: { 200: { type: 'array', items: logEntrySchema }, ...commonErrors },
      },
    },
    async (request) => {
      const { customer, company, status, limit } = request.query;
      const db = await warehouseOf(request);
      let customerIds: string[] | undefined;
      if (customer !== undefined) customerIds = [(await requireCustomer(db, customer)).customer_id];
      else if (principalOf(request).scope.kind !== 'all') {
        const logged = await listDunningCustomers(services.ops, company);
        customerIds = [
          ...(
            await findVisibleCustomers(
              db,
              logged.map((l) => l.customer_id),
            )
          ).keys(),
        ];
      }
      const rows = await listDunningLog(services.ops, {
        customerIds,
        companyId: company,
        status,
        limit: limit ?? 100,
      });
      const documents = await listLoggedDocumentsByKeys(
        services.ops,
        rows.map((r) => r.idempotency_key),
      );
      const names = await findVisibleCustomers(
        db,
        rows.map((r) => r.customer_id),
      );
      return rows.map((r) => ({
        ...r,
        customer_name: names.get(r.customer_id) ?? null,
        as_of: isoDay(r.as_of),
        created_at: r.created_at.toISOString(),
        sent_at: r.sent_at?.toISOString() ?? null,
        documents: documents.get(r.idempotency_key) ?? [],
      }));
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/dunning/outbox',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'The messages written to $ENCOURS_HOME/outbox (.eml) and outbox/letters (.pdf), newest first, your scope only',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 2000 } },
        },
        response: { 200: { type: 'array', items: outboxFileSchema }, ...commonErrors },
      },
    },
    async (request) => {
      const files = await listOutbox(services.ops, outboxDir, request.query.limit ?? 200);
      const names = await visible(
        request,
        files.flatMap((f) => (f.customer_id ? [f.customer_id] : [])),
      );
      const everything = principalOf(request).scope.kind === 'all';
      return files
        .filter((f) => (f.customer_id ? names.has(f.customer_id) : everything))
        .map((f) => ({
          ...f,
          customer_name: f.customer_id ? (names.get(f.customer_id) ?? null) : null,
          url: `/api/dunning/outbox/${encodeURIComponent(f.name)}`,
        }));
    },
  );

  app.get<{ Params: { name: string } }>(
    '/api/dunning/outbox/:name',
    {
      config: { access: 'write' },
      schema: {
        summary: 'One outbox file: an .eml (message/rfc822) or a letter (application/pdf)',
        params: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', pattern: OUTBOX_NAME } },
        },
        response: commonErrors,
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const file = { ...resolveOutboxFile(outboxDir, name), name };
      const info = await stat(file.path).catch(() => null);
      const entry = info?.isFile() ? await findOutboxEntry(services.ops, file) : undefined;
      const allowed = entry
        ? (await visible(request, [entry.customer_id])).has(entry.customer_id)
        : principalOf(request).scope.kind === 'all';
      if (!info?.isFile() || !allowed)
        throw new EncoursError(
          'not_found',
          `no outbox file "${name}"; list them with GET /api/dunning/outbox`,
        );
      return reply
        .type(file.kind === 'letter' ? 'application/pdf' : 'message/rfc822')
        .header('content-length', info.size)
        .header(
          'content-disposition',
          `${file.kind === 'letter' ? 'inline' : 'attachment'}; filename="${name}"`,
        )
        .send(createReadStream(file.path));
    },
  );

  app.post<{ Body: PreviewInput }>(
    '/api/dunning/preview',
    {
      config: { access: 'write' },
      schema: {
        summary:
          "The message a scenario step would send a customer as of the latest ledger date (the plan's action, else one built from the open invoices); nothing is sent or logged",
        body: previewInput,
        response: { 200: previewSchema, ...commonErrors },
      },
    },
    async (request) => {
      const db = await warehouseOf(request);
      await requireCustomer(db, request.body.customer_id);
      return preview.render(db, request.body);
    },
  );

  app.get<{ Querystring: PreviewInput }>(
    '/api/dunning/preview.pdf',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'The PDF letter a letter step would print for a customer (as POST /api/dunning/preview, as a PDF)',
        querystring: previewInput,
        response: commonErrors,
      },
    },
    async (request, reply) => {
      const db = await warehouseOf(request);
      await requireCustomer(db, request.query.customer_id);
      const { pdf, action } = await preview.renderPdf(db, request.query);
      const name = `preview-${action.customer_id}-${action.step}.pdf`.replace(/[^A-Za-z0-9._+-]/g, '_');
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${name}"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/dunning/controls',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'The engine switches: global pause (with its reason), cap of messages per run, quiet weekdays and dates',
        response: { 200: controlsSchema, ...commonErrors },
      },
    },
    async () => viewControls(await readDunningControls(services.ops)),
  );

  app.put<{ Body: ControlsChange }>(
    '/api/dunning/controls',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          'Pause (with a reason) or resume every reminder, set the cap per run and the quiet days (audited)',
        body: controlsBody,
        response: { 200: controlsSchema, ...commonErrors },
      },
    },
    async (request) => {
      const change = checkControls(request.body);
      const actor = actorOf(principalOf(request));
      const after = await withAudit(services.ops, actor, async (trx) => {
        const before = await readDunningControls(trx);
        const saved = await updateDunningControls(trx, { ...change, updated_by: actor });
        const action =
          change.paused === true && !before.paused
            ? 'pause'
            : change.paused === false && before.paused
              ? 'resume'
              : 'update';
        return {
          result: saved,
          changes: [
            {
              action,
              entity: 'dunning_controls',
              entityId: '1',
              before: switchesOf(before),
              after: switchesOf(saved),
            },
          ],
        };
      });
      return viewControls(after);
    },
  );
}

interface ControlsChange {
  paused?: boolean;
  reason?: string;
  max_messages_per_run?: number;
  quiet_weekdays?: number[];
  quiet_dates?: string[];
}

function checkControls(body: ControlsChange) {
  const reason = body.reason?.trim() ?? '';
  if (body.paused === true && reason === '')
    throw new EncoursError(
      'bad_input',
      'body.reason: say why reminders are paused (it is kept in the audit log)',
    );
  const bad = (body.quiet_dates ?? []).filter((d) => !isIsoDate(d));
  if (bad.length)
    throw new EncoursError(
      'bad_input',
      `body.quiet_dates: ${bad.map((d) => `"${d}"`).join(', ')} is not a real date YYYY-MM-DD`,
    );
  return {
    ...(body.paused !== undefined ? { paused: body.paused, pause_reason: body.paused ? reason : null } : {}),
    ...(body.max_messages_per_run !== undefined ? { max_messages_per_run: body.max_messages_per_run } : {}),
    ...(body.quiet_weekdays !== undefined
      ? { quiet_weekdays: [...new Set(body.quiet_weekdays)].sort() }
      : {}),
    ...(body.quiet_dates !== undefined ? { quiet_dates: [...new Set(body.quiet_dates)].sort() } : {}),
  };
}

function switchesOf(c: DunningControls) {
  return {
    paused: c.paused,
    pause_reason: c.pause_reason,
    max_messages_per_run: c.max_messages_per_run,
    quiet_weekdays: c.quiet_weekdays,
    quiet_dates: c.quiet_dates,
  };
}

function viewControls(c: DunningControls) {
  return { ...switchesOf(c), updated_at: c.updated_at.toISOString(), updated_by: c.updated_by };
}

/** A DATE column as YYYY-MM-DD, however the driver gives it. */
function isoDay(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}
