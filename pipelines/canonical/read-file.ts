import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../../lib/errors.js';
import {
  bomLength,
  findInvalidUtf8,
  hasPlainEdges,
  needsFullScan,
  parseRecord,
  scanRecords,
} from './csv-scan.js';
import type { ScanResult, Utf8Problem } from './csv-scan.js';
import type { FileSpec } from './spec.js';

/**
 * What Node learns from one pass over a file's bytes before DuckDB reads it: valid UTF-8, the header, and, when the
 * file holds quotes or blank lines, where each row starts (`steps`). An absent file has `path` undefined.
 */
export interface CsvFile {
  readonly spec: FileSpec;
  readonly path: string | undefined;
  /** Normalised header names (trimmed, lower case) in file order, and as written (for attribute keys). */
  readonly names: readonly string[];
  readonly originals: readonly string[];
  readonly present: ReadonlySet<string>;
  readonly sha256: string;
  /** No cell can need trimming (hasPlainEdges): the typing pass then leaves cells as they are. */
  readonly plainEdges: boolean;
  /** Rows counted by the Node scan (when it ran), to cross-check DuckDB's count. */
  readonly scannedRecords: number | undefined;
  /** [row index, extra lines]: from that row on, line = index + 2 + extra. */
  readonly steps: ReadonlyArray<readonly [number, number]>;
  readonly warnings: readonly string[];
}

export function absentFile(spec: FileSpec): CsvFile {
  const names = spec.columns.map((c) => c.name);
  return {
    spec,
    path: undefined,
    names,
    originals: names,
    present: new Set(),
    sha256: '',
    plainEdges: true,
    scannedRecords: undefined,
    steps: [],
    warnings: [],
  };
}

/** Reads and checks the bytes of a file; throws an InputError naming line and column for bad encoding or structure. */
export function readCsvFile(path: string, spec: FileSpec): CsvFile {
  const buf = readFileSync(path);
  const start = bomLength(buf);
  const badBytes = findInvalidUtf8(buf);
  if (badBytes?.line === 1) throw utf8Error(path, badBytes, []);
  const header = readHeader(buf, start, path, spec);
  if (badBytes) throw utf8Error(path, badBytes, header.names);
  const scan = needsFullScan(buf, header.end) ? scanRecords(buf, start, header.names.length) : undefined;
  if (scan?.problem) throw scanError(path, scan, header.names);
  const present = new Set(header.names.filter((n) => spec.columns.some((c) => c.name === n)));
  const warnings: string[] = [];
  const extras = header.originals.filter((_, i) => !present.has(header.names[i]!));
  if (extras.length > 0 && !spec.keepsAttributes)
    warnings.push(`${spec.file}: extra columns ignored (${extras.join(', ')})`);
  return {
    spec,
    path,
    names: header.names,
    originals: header.originals,
    present,
    sha256: createHash('sha256').update(buf).digest('hex'),
    plainEdges: hasPlainEdges(buf, start),
    scannedRecords: scan?.records,
    steps: scan?.steps ?? [],
    warnings,
  };
}

/** After DuckDB refused the file: the Node scan names the line (wrong field count, unclosed quote), if it can. */
export function locateStructureError(file: CsvFile): InputError | undefined {
  if (!file.path) return undefined;
  const buf = readFileSync(file.path);
  const scan = scanRecords(buf, bomLength(buf), file.names.length);
  return scan.problem ? scanError(file.path, scan, [...file.names]) : undefined;
}

interface Header {
  names: string[];
  originals: string[];
  end: number;
}

function readHeader(buf: Buffer, start: number, file: string, spec: FileSpec): Header {
  if (buf.indexOf(0x0a) < 0 && buf.indexOf(0x0d) >= 0) {
    throw new InputError(
      { file, line: 1 },
      'lines end with CR only (old Mac format); save the file with LF or CRLF line endings',
    );
  }
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
    if (names.indexOf(name) !== i) {
      throw new InputError({ file, line: 1, column: name }, 'the column appears twice in the header row');
    }
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

function utf8Error(file: string, problem: Utf8Problem, names: readonly string[]): InputError {
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
