import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { SqlSandboxes } from '../../warehouse/scope/sandbox.js';
import { SqlRefusedError } from '../../warehouse/sql/guard.js';
import { readQueryRows, streamQuery } from '../../warehouse/sql/run.js';
import { writeCsv } from '../../warehouse/sql/write-csv.js';
import { writeParquet } from '../../warehouse/sql/write-parquet.js';
import { appendAudit } from '../../warehouse/ops/audit.queries.js';
import { actorOf } from '../auth/access.js';
import { ARROW_STREAM, toArrow } from './support/export.js';
import { commonErrors } from './support/schemas.js';
import { principalOf, type ApiServices } from './support/services.js';

const FORMATS = ['json', 'csv', 'parquet', 'arrow'] as const;
type SqlFormat = (typeof FORMATS)[number];

/**
 * POST /api/sql (admin and analyst): one read-only statement on the latest snapshot, in a sandbox of the caller's scope.
 * Refusals (writes, files, settings, several statements, other catalogs) are 400 with the reason and where.
 */
export async function registerSqlRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  const sandboxes = new SqlSandboxes({
    db: services.db,
    snapshotsDir: services.snapshotsDir,
    limits: { memoryLimit: services.sql.memoryLimit, threads: services.sql.threads },
    today: () => services.now().toISOString().slice(0, 10),
  });
  app.addHook('onClose', () => sandboxes.close());

  app.post<{ Body: { sql: string; format?: SqlFormat; maxRows?: number } }>(
    '/api/sql',
    {
      config: { access: 'sql' },
      schema: {
        summary:
          'Run one read-only SQL statement on the latest snapshot (your scope applied); JSON, CSV, Parquet or Arrow IPC',
        body: {
          type: 'object',
          required: ['sql'],
          additionalProperties: false,
          properties: {
            sql: { type: 'string', minLength: 1, maxLength: 100000 },
            format: {
              type: 'string',
              enum: [...FORMATS],
              description: 'default: from the Accept header, else json',
            },
            maxRows: {
              type: 'integer',
              minimum: 1,
              maximum: 1000000,
              description: 'row cap of json and arrow results',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['columns', 'rows', 'truncated', 'snapshot'],
            properties: {
              columns: { type: 'array', items: { type: 'string' } },
              rows: { type: 'array', items: { type: 'object', additionalProperties: true } },
              truncated: { type: 'boolean' },
              snapshot: { type: 'string', description: 'the snapshot file queried' },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const format = request.body.format ?? formatFromAccept(request.headers.accept);
      const maxRows = Math.min(request.body.maxRows ?? services.sql.maxRows, 1_000_000);
      const timeoutMs = services.sql.timeoutMs;
      try {
        return await sandboxes.use(principal.scope, async (sandbox) => {
          const guarded = await sandbox.guard(request.body.sql);
          await appendAudit(services.ops, {
            actor: actorOf(principal),
            action: 'query',
            entity: 'sql',
            entity_id: null,
            after: { sql: request.body.sql, format },
          });
          const snapshot = sandbox.snapshot.split(/[\\/]/).pop()!;
          if (format === 'json' || format === 'arrow') {
            const result = await readQueryRows(sandbox, guarded, { maxRows, timeoutMs });
            reply.header('x-encours-truncated', String(result.truncated));
            if (format === 'arrow')
              return reply.type(ARROW_STREAM).send(Buffer.from(toArrow(result.rows, result.columns)));
            return { ...result, snapshot };
          }
          if (format === 'parquet')
            return sendParquet(
              reply,
              await runParquet(sandbox, guarded, timeoutMs, services.sql.memoryLimit),
            );
          return sendCsv(reply, sandbox, guarded, timeoutMs);
        });
      } catch (error) {
        // a refused or failing query is the caller's to fix: 400 with the reason (never 403, which would mean "not allowed to ask")
        if (
          error instanceof SqlRefusedError ||
          (error instanceof EncoursError && (error.code === 'forbidden' || error.code === 'bad_input'))
        ) {
          return reply.code(400).send({ error: 'bad_input', message: error.message });
        }
        throw error;
      }
    },
  );
}

function formatFromAccept(accept: string | undefined): SqlFormat {
  if (accept?.includes(ARROW_STREAM)) return 'arrow';
  if (accept?.includes('text/csv')) return 'csv';
  if (accept?.includes('application/vnd.apache.parquet') || accept?.includes('application/x-parquet'))
    return 'parquet';
  return 'json';
}

type Runner = Parameters<typeof streamQuery>[0];
type Guarded = Parameters<typeof streamQuery>[1];

async function runParquet(
  sandbox: Runner,
  guarded: Guarded,
  timeoutMs: number,
  memoryLimit: string,
): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'encours-sql-'));
  try {
    const file = join(dir, 'result.parquet');
    await streamQuery(sandbox, guarded, { timeoutMs }, (result) => writeParquet(result, file, memoryLimit));
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sendParquet(reply: FastifyReply, data: Buffer) {
  return reply
    .type('application/vnd.apache.parquet')
    .header('content-disposition', 'attachment; filename="result.parquet"')
    .send(data);
}

/** Streams CSV as DuckDB produces it; errors found before the first row are still answered as errors. */
async function sendCsv(reply: FastifyReply, sandbox: Runner, guarded: Guarded, timeoutMs: number) {
  const out = new PassThrough();
  let started!: () => void;
  const streaming = new Promise<void>((resolve) => (started = resolve));
  const done = streamQuery(sandbox, guarded, { timeoutMs }, async (result) => {
    started();
    return writeCsv(result, out);
  });
  await Promise.race([streaming, done]);
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', 'attachment; filename="result.csv"')
    .send(out);
  // the sandbox stays in use until the last row is written
  await done.then(
    () => out.end(),
    (error: unknown) => out.destroy(error as Error),
  );
  return reply;
}
