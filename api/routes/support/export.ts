import { Bool, Float64, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';
export const EXPORT_FORMATS = ['json', 'csv', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `?format=` wins, then the Accept header (text/csv, application/vnd.apache.arrow.stream), else JSON. */
export function negotiateFormat(request: FastifyRequest, explicit?: string): ExportFormat {
  if (explicit === 'csv' || explicit === 'arrow' || explicit === 'json') return explicit;
  const accept = request.headers.accept ?? '';
  if (accept.includes(ARROW_STREAM)) return 'arrow';
  if (accept.includes('text/csv')) return 'csv';
  return 'json';
}

type Cell = string | number | boolean | null | undefined | object;

/** Rows as CSV (header row, RFC 4180; objects as JSON; exact decimal strings kept as they are). */
export function toCsv(rows: Record<string, Cell>[], columns: readonly string[]): string {
  const body = rows.map((r) => columns.map((c) => cellText(r[c])));
  return stringify([columns as string[], ...body]);
}

/** Rows as an Arrow IPC stream: numbers as Float64, booleans as Bool, everything else as Utf8 (decimals keep their digits). */
export function toArrow(rows: Record<string, Cell>[], columns: readonly string[]): Uint8Array {
  const vectors = Object.fromEntries(
    columns.map((c) => {
      const values = rows.map((r) => r[c] ?? null);
      const present = values.filter((v) => v !== null);
      if (present.length > 0 && present.every((v) => typeof v === 'number'))
        return [c, vectorFromArray(values as (number | null)[], new Float64())];
      if (present.length > 0 && present.every((v) => typeof v === 'boolean'))
        return [c, vectorFromArray(values as (boolean | null)[], new Bool())];
      return [
        c,
        vectorFromArray(
          values.map((v) => (v === null ? null : cellText(v))),
          new Utf8(),
        ),
      ];
    }),
  );
  return tableToIPC(new Table(vectors), 'stream');
}

/** Sends a list in the negotiated format; JSON goes through the route's response schema as `json`. */
export function sendRows(
  reply: FastifyReply,
  format: ExportFormat,
  rows: Record<string, Cell>[],
  columns: readonly string[],
  name: string,
  json: () => unknown,
) {
  if (format === 'csv') {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(toCsv(rows, columns));
  }
  if (format === 'arrow') {
    return reply
      .type(ARROW_STREAM)
      .header('content-disposition', `attachment; filename="${name}.arrows"`)
      .send(Buffer.from(toArrow(rows, columns)));
  }
  return reply.send(json());
}

function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
