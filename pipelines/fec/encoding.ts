import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { InputError } from '../../lib/errors.js';
import { locateByte } from './locate.js';

/** Encodings a FEC may come in. Windows-1252 is accepted as the superset of ISO-8859-15 that French tools write. */
export type FecEncoding = 'utf-8' | 'iso-8859-15' | 'windows-1252';

export interface ScannedFile {
  sha256: string;
  encoding: FecEncoding;
  bytes: number;
}

/** C0 control bytes other than tab, LF and CR, and DEL: no text encoding a FEC may use puts them in a file. */
// eslint-disable-next-line no-control-regex -- finding control bytes is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
/** C1 range: impossible in ISO-8859-15 text, printable in Windows-1252 (€, ’, œ …). */
const C1 = /[\x80-\x9f]/;
/** Bytes Windows-1252 leaves undefined. */
const CP1252_UNDEFINED = /[\x81\x8d\x8f\x90\x9d]/;

/**
 * One pass over the file: its SHA-256 and its encoding (UTF-8 with or without BOM, else ISO-8859-15, else
 * Windows-1252). A file with control bytes (NUL …) or bytes no candidate encoding can decode is refused with the
 * line and column of the first bad byte.
 */
export async function scanFecFile(path: string): Promise<ScannedFile> {
  const hash = createHash('sha256');
  let offset = 0;
  let utf8 = true;
  let carry: Buffer = Buffer.alloc(0);
  let firstC1 = -1;
  let firstUndefined = -1;
  for await (const data of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk = data as Buffer;
    if (offset === 0) refuseUtf16(path, chunk);
    hash.update(chunk);
    const text = chunk.toString('latin1');
    const control = CONTROL.exec(text);
    if (control) await refuseByte(path, offset + control.index, chunk[control.index]!, 'a control byte');
    if (firstC1 < 0) firstC1 = indexAt(C1, text, offset);
    if (firstUndefined < 0) firstUndefined = indexAt(CP1252_UNDEFINED, text, offset);
    if (utf8) {
      const buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = completeLength(buffer);
      utf8 = isUtf8(buffer.subarray(0, cut));
      carry = Buffer.from(buffer.subarray(cut));
    }
    offset += chunk.length;
  }
  if (carry.length) utf8 = false;
  const sha256 = hash.digest('hex');
  if (utf8) return { sha256, encoding: 'utf-8', bytes: offset };
  if (firstC1 < 0) return { sha256, encoding: 'iso-8859-15', bytes: offset };
  if (firstUndefined < 0) return { sha256, encoding: 'windows-1252', bytes: offset };
  const byte = await readByte(path, firstUndefined);
  return refuseByte(
    path,
    firstUndefined,
    byte,
    'a byte that is neither UTF-8 nor ISO-8859-15/Windows-1252 text',
  );
}

function indexAt(pattern: RegExp, text: string, offset: number): number {
  const match = pattern.exec(text);
  return match ? offset + match.index : -1;
}

/** Length of the prefix that holds only complete UTF-8 sequences (a chunk may end inside one). */
function completeLength(buffer: Buffer): number {
  const end = buffer.length;
  for (let i = end - 1; i >= Math.max(0, end - 4); i--) {
    const byte = buffer[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0xc0) return end;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return end - i < needed ? i : end;
  }
  return end;
}

function refuseUtf16(path: string, chunk: Buffer): void {
  const bom = chunk.subarray(0, 2).toString('hex');
  if (bom === 'fffe' || bom === 'feff') {
    throw new InputError({ file: path, line: 1 }, 'the file is UTF-16; re-export it as UTF-8 or ISO-8859-15');
  }
}

async function refuseByte(path: string, offset: number, byte: number, what: string): Promise<never> {
  const where = await locateByte(path, offset);
  const hex = '0x' + byte.toString(16).padStart(2, '0');
  throw new InputError(
    { file: path, line: where.line, column: where.column },
    `undecodable text: ${what} (${hex}) at byte ${offset}; a FEC must be UTF-8 or ISO-8859-15 text — ` +
      're-export it from the accounting software',
  );
}

async function readByte(path: string, offset: number): Promise<number> {
  for await (const data of createReadStream(path, { start: offset, end: offset }))
    return (data as Buffer)[0]!;
  return 0;
}
