import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { listValue } from '@duckdb/node-api';
import { InputError, describeError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { bomLength, findInvalidUtf8, needsFullScan, parseRecord, scanRecords } from './csv-scan.js';
import type { ScanResult, Utf8Problem } from './csv-scan.js';
import type { FileSpec } from './spec.js';
import { firstRow, ident, sqlString } from './sql.js';

/** One CSV file as a temp view `text_<entity>`: line, every contract column (trimmed text, NULL when empty), attributes. */
export interface CsvTable {
  readonly spec: FileSpec;
  readonly path: string;
  readonly present: ReadonlySet<string>;
  readonly extras: readonly string[];
  readonly rows: number;
  readonly sha256: string;
  readonly warnings: readonly string[];
}

export const textView = (spec: FileSpec) => `text_${spec.entity}`;

/** Loads a file into the transaction's temp tables through DuckDB's reader, or throws an InputError naming the line. */
export async function loadCsvFile(tx: Warehouse, path: string, spec: FileSpec): Promise<CsvTable> {
  const buf = readFileSync(path);
  const start = bomLength(buf);
  const badBytes = findInvalidUtf8(buf);
  if (badBytes?.line === 1) throw utf8Error(path, badBytes, []);
  const header = readHeader(buf, start, path, spec);
  if (badBytes) throw utf8Error(path, badBytes, header.names);
  let scan = needsFullScan(buf, header.end) ? scanRecords(buf, start, header.names.length) : undefined;
  if (scan?.problem) throw scanError(path, scan, header.names);
  const raw = `csv_${spec.entity}`;
  const columns = header.names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  try {
    await tx.run(
      `create temp table ${raw} as select row_number() over () - 1 as record, * from read_csv(${sqlString(path)}, header = true, auto_detect = false,
         delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false, columns = {${columns}})`,
    );
  } catch (error) {
    scan ??= scanRecords(buf, start, header.names.length);
    if (scan.problem) throw scanError(path, scan, header.names);
    throw new InputError({ file: path }, `the file is not valid CSV (${firstLine(describeError(error))})`);
  }
  const rows = Number((await firstRow<{ n: string }>(tx, `select count(*) as n from ${raw}`))?.n);
  const warnings: string[] = [];
  if (scan && scan.records !== rows) {
    warnings.push(`${spec.file}: line numbers in messages may be approximate (unusual line endings)`);
    scan = { records: rows, steps: [] };
  }
  const present = new Set(header.names.filter((n) => spec.columns.some((c) => c.name === n)));
  const extras = header.originals.filter((_, i) => !present.has(header.names[i]!));
  if (extras.length > 0 && !spec.keepsAttributes) {
    warnings.push(`${spec.file}: extra columns ignored (${extras.join(', ')})`);
  }
  await createTextView(tx, spec, raw, header, scan?.steps ?? []);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  return { spec, path, present, extras, rows, sha256, warnings };
}

interface Header {
  /** Normalised names (trimmed, lower case), in file order. */
  names: string[];
  /** As written (trimmed), for attribute keys. */
  originals: string[];
  end: number;
}

function readHeader(buf: Buffer, start: number, file: string, spec: FileSpec): Header {
  const record = start < buf.length ? parseRecord(buf, start) : undefined;
  if (!record) {
    throw new InputError(
      { file, line: 1 },
      `the first line must be a header row naming the columns (${requiredOf(spec)})`,
    );
  }
  const originals = record.fields.map((f) => f.trim());
  const names = originals.map((f) => f.toLowerCase());
  names.forEach((name, i) => {
    if (name === '')
      throw new InputError(
        { file, line: 1, column: `field ${i + 1}` },
        'a column has no name in the header row',
      );
    if (names.indexOf(name) !== i)
      throw new InputError({ file, line: 1, column: name }, 'the column appears twice in the header row');
  });
  for (const column of spec.columns) {
    if (column.required && !names.includes(column.name)) {
      throw new InputError(
        { file, line: 1, column: column.name },
        `required column "${column.name}" is missing from the header row; ${spec.file} needs ${requiredOf(spec)}`,
      );
    }
  }
  return { names, originals, end: record.end };
}

function requiredOf(spec: FileSpec): string {
  return spec.columns
    .filter((c) => c.required)
    .map((c) => c.name)
    .join(', ');
}

function utf8Error(file: string, problem: Utf8Problem, names: string[]): InputError {
  return new InputError(
    { file, line: problem.line, column: names[problem.field] ?? `field ${problem.field + 1}` },
    `bytes ${problem.bytes} are not valid UTF-8; save the file as UTF-8 (not Latin-1/Windows-1252) and import again`,
  );
}

function scanError(file: string, scan: ScanResult, names: string[]): InputError {
  const problem = scan.problem!;
  if (problem.kind === 'quote') return new InputError({ file, line: problem.line }, problem.reason);
  const expected = names.length;
  const column = problem.found < expected ? names[problem.found]! : `field ${expected + 1}`;
  return new InputError(
    { file, line: problem.line, column },
    `found ${problem.found} fields where the header has ${expected} columns; quote values that contain commas ("a, b")`,
  );
}

async function createTextView(
  tx: Warehouse,
  spec: FileSpec,
  raw: string,
  header: Header,
  steps: Array<[number, number]>,
): Promise<void> {
  const cell = (i: number) => `nullif(trim(r.c${i}), '')`;
  const select = spec.columns.map((c) => {
    const i = header.names.indexOf(c.name);
    return i < 0 ? `null::varchar as ${ident(c.name)}` : `${cell(i)} as ${ident(c.name)}`;
  });
  const extras = header.names
    .map((name, i) => ({ key: header.originals[i]!, i, known: spec.columns.some((c) => c.name === name) }))
    .filter((e) => !e.known)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const attributes =
    extras.length === 0 || !spec.keepsAttributes
      ? 'null::json'
      : `case when ${extras.map((e) => `${cell(e.i)} is null`).join(' and ')} then null::json
         else json_object(${extras.map((e) => `${sqlString(e.key)}, ${cell(e.i)}`).join(', ')}) end`;
  let from = `${raw} r`;
  let line = 'r.record + 2';
  if (steps.length > 0) {
    await tx.run(
      `create temp table lines_${spec.entity} as
      select unnest($1::bigint[]) as record, unnest($2::integer[]) as extra`,
      [listValue(steps.map((s) => s[0])), listValue(steps.map((s) => s[1]))],
    );
    from += ` asof left join lines_${spec.entity} s on r.record >= s.record`;
    line = 'r.record + 2 + coalesce(s.extra, 0)';
  }
  await tx.run(`create temp view ${textView(spec)} as
    select (${line})::integer as line, ${select.join(', ')}, ${attributes} as attributes from ${from}`);
}

/** The same view for a file that is not in the folder: no rows, same columns. */
export async function createEmptyTextView(tx: Warehouse, spec: FileSpec): Promise<void> {
  const columns = spec.columns.map((c) => `null::varchar as ${ident(c.name)}`).join(', ');
  await tx.run(`create temp view ${textView(spec)} as
    select null::integer as line, ${columns}, null::json as attributes where false`);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
