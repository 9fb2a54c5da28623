// What the SQL console knows of a result's columns: which are numbers (DECIMAL and BIGINT arrive as strings),
// which are dates, and a sensible default chart (first text or date column across, first number up).

export type Cell = string | number | boolean | null | object;
export type ColumnKind = 'number' | 'date' | 'text';

const DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/;
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

export function classifyColumn(rows: readonly Record<string, Cell>[], column: string): ColumnKind {
  const values = rows
    .map((r) => r[column])
    .filter((v) => v !== null && v !== undefined)
    .slice(0, 200);
  if (values.length === 0) return 'text';
  if (values.every((v) => typeof v === 'number' || (typeof v === 'string' && NUMBER.test(v))))
    return 'number';
  if (values.every((v) => typeof v === 'string' && DATE.test(v))) return 'date';
  return 'text';
}

export function toNumber(value: Cell): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function toDate(value: Cell): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface ChartChoice {
  x: string;
  y: string;
  color: string;
  mark: 'bar' | 'line' | 'dot';
}

export function guessChart(
  columns: readonly string[],
  kinds: Readonly<Record<string, ColumnKind>>,
): ChartChoice | null {
  const y = columns.find((c) => kinds[c] === 'number');
  const x =
    columns.find((c) => kinds[c] === 'date') ??
    columns.find((c) => kinds[c] === 'text') ??
    columns.find((c) => c !== y);
  if (!x || !y) return null;
  const color = columns.find((c) => c !== x && c !== y && kinds[c] === 'text') ?? '';
  return { x, y, color, mark: kinds[x] === 'date' ? 'line' : 'bar' };
}
