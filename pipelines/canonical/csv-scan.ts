import { isAscii, isUtf8 } from 'node:buffer';

/**
 * Byte-level CSV walking for what DuckDB's reader does not tell precisely: where a line starts when quoted fields span
 * lines or blank lines are skipped, which physical line has the wrong field count, where bytes are not UTF-8.
 * RFC 4180 with comma, double quote, `""` escape; LF or CRLF; blank lines skipped (as DuckDB does).
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

export function bomLength(buf: Buffer): number {
  return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

export interface ParsedRecord {
  fields: string[];
  /** Offset just past the record's line ending. */
  end: number;
}

/** Parses the record at `pos` (the header row). Returns undefined for a malformed record. */
export function parseRecord(buf: Buffer, pos: number): ParsedRecord | undefined {
  const fields: string[] = [];
  for (;;) {
    let value = '';
    if (buf[pos] === QUOTE) {
      let from = pos + 1;
      for (;;) {
        const close = buf.indexOf(QUOTE, from);
        if (close < 0) return undefined;
        value += buf.toString('utf8', from, close);
        if (buf[close + 1] === QUOTE) {
          value += '"';
          from = close + 2;
          continue;
        }
        pos = close + 1;
        break;
      }
    } else {
      const start = pos;
      while (pos < buf.length && buf[pos] !== COMMA && buf[pos] !== LF) pos++;
      const end = pos > start && buf[pos - 1] === CR && buf[pos] !== COMMA ? pos - 1 : pos;
      value = buf.toString('utf8', start, end);
    }
    fields.push(value);
    if (buf[pos] === COMMA) {
      pos++;
      continue;
    }
    if (buf[pos] === CR && buf[pos + 1] === LF) pos++;
    if (pos < buf.length && buf[pos] !== LF) return undefined;
    return { fields, end: pos + 1 };
  }
}

export type ScanProblem =
  { kind: 'fields'; line: number; found: number } | { kind: 'quote'; line: number; reason: string };

export interface ScanResult {
  /** Data records (header excluded). */
  records: number;
  /** [record index, extra lines]: from that record on, line = index + 2 + extra (only where this changes). */
  steps: Array<[number, number]>;
  problem?: ScanProblem;
}

/** Walks every record after the header, checking field counts and noting where line numbers drift from row numbers. */
export function scanRecords(buf: Buffer, start: number, expectedFields: number): ScanResult {
  const steps: Array<[number, number]> = [];
  const n = buf.length;
  let pos = start;
  let line = 1;
  let record = -1; // the header
  let extra = 0;
  while (pos < n) {
    const c = buf[pos];
    if (c === LF || (c === CR && buf[pos + 1] === LF)) {
      pos += c === LF ? 1 : 2;
      line++;
      continue;
    }
    const recordLine = line;
    let fields = 1;
    for (;;) {
      if (buf[pos] === QUOTE) {
        let from = pos + 1;
        for (;;) {
          const close = buf.indexOf(QUOTE, from);
          if (close < 0) return { records: record + 1, steps, problem: unterminated(recordLine) };
          for (let i = from; i < close; i++) if (buf[i] === LF) line++;
          if (buf[close + 1] === QUOTE) {
            from = close + 2;
            continue;
          }
          pos = close + 1;
          break;
        }
        const next = buf[pos];
        if (pos < n && next !== COMMA && next !== LF && !(next === CR && buf[pos + 1] === LF)) {
          const reason = 'a quoted value must end at its closing quote: double any quote inside it ("")';
          return { records: record + 1, steps, problem: { kind: 'quote', line: recordLine, reason } };
        }
      } else {
        while (pos < n && buf[pos] !== COMMA && buf[pos] !== LF) pos++;
      }
      if (pos < n && buf[pos] === COMMA) {
        fields++;
        pos++;
        continue;
      }
      if (buf[pos] === CR) pos++;
      pos++;
      line++;
      break;
    }
    if (record >= 0) {
      if (fields !== expectedFields) {
        return { records: record, steps, problem: { kind: 'fields', line: recordLine, found: fields } };
      }
      const drift = recordLine - (record + 2);
      if (drift !== extra) {
        steps.push([record, drift]);
        extra = drift;
      }
    }
    record++;
  }
  return { records: Math.max(record, 0), steps };
}

function unterminated(line: number): ScanProblem {
  return { kind: 'quote', line, reason: 'a quoted value is never closed: add the closing quote (")' };
}

/** True when line numbers may differ from row numbers + 2 (quoted fields, blank lines). */
export function needsFullScan(buf: Buffer, start: number): boolean {
  if (buf.indexOf(QUOTE, start) >= 0) return true;
  const lastContent = lastNonNewline(buf);
  const blank = Math.min(indexOrEnd(buf, '\n\n', start), indexOrEnd(buf, '\n\r\n', start));
  return blank < lastContent;
}

function indexOrEnd(buf: Buffer, needle: string, from: number): number {
  const i = buf.indexOf(needle, from);
  return i < 0 ? buf.length : i;
}

function lastNonNewline(buf: Buffer): number {
  let i = buf.length - 1;
  while (i >= 0 && (buf[i] === LF || buf[i] === CR)) i--;
  return i;
}

export interface Utf8Problem {
  line: number;
  /** 0-based index of the comma-separated field holding the bad bytes. */
  field: number;
  bytes: string;
}

/**
 * True when no cell of the file can start or end with a character DuckDB's trim() removes (Unicode space separators):
 * the bytes from `start` are all ASCII and no space touches a cell boundary (a comma, a quote, a line break, the start
 * or the end of the text). Cells of such a file need no trimming at all; a space inside a value is fine.
 */
export function hasPlainEdges(buf: Buffer, start: number): boolean {
  if (!isAscii(buf.subarray(start))) return false;
  const boundary = (at: number) => {
    if (at < start || at >= buf.length) return true;
    const byte = buf[at];
    return byte === 0x2c || byte === 0x22 || byte === 0x0a || byte === 0x0d;
  };
  for (let i = buf.indexOf(0x20, start); i >= 0; i = buf.indexOf(0x20, i + 1)) {
    if (boundary(i - 1) || boundary(i + 1)) return false;
  }
  return true;
}

/** Finds the first line (and field) with bytes that are not valid UTF-8; undefined when the whole buffer is valid. */
export function findInvalidUtf8(buf: Buffer): Utf8Problem | undefined {
  if (isUtf8(buf)) return undefined;
  let start = 0;
  for (let line = 1; start <= buf.length; line++) {
    const lf = buf.indexOf(LF, start);
    const end = lf < 0 ? buf.length : lf;
    if (!isUtf8(buf.subarray(start, end))) return locateInLine(buf.subarray(start, end), line);
    start = end + 1;
  }
  return { line: 1, field: 0, bytes: '' };
}

function locateInLine(bytes: Buffer, line: number): Utf8Problem {
  let field = 0;
  let fieldStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== COMMA) continue;
    const slice = bytes.subarray(fieldStart, i);
    if (!isUtf8(slice)) {
      const bad = firstBadByte(slice);
      const hex = [...slice.subarray(bad, bad + 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0'));
      return { line, field, bytes: hex.join(' ') };
    }
    field++;
    fieldStart = i + 1;
  }
  return { line, field: 0, bytes: '' };
}

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
function firstBadByte(slice: Buffer): number {
  let i = 0;
  while (i < slice.length) {
    const b = slice[i]!;
    const size =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0 || !isUtf8(slice.subarray(i, i + size))) return i;
    i += size;
  }
  return 0;
}
