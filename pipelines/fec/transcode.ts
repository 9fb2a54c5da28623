import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { InputError } from '../../lib/errors.js';
import type { FecEncoding } from './encoding.js';
import { readDecodedLines } from './lines.js';
import { readFecHeader, type FecLayout } from './header.js';
import { createLineConverter, type LineConverter, type LineStats } from './convert-line.js';

/** Field separator of the intermediate file DuckDB reads (a control byte, refused in any FEC). */
export const STAGED_SEPARATOR = '\x1f';

export interface TranscodedFec extends LineStats {
  layout: FecLayout;
}

/**
 * Streams a FEC into `target`: UTF-8, one normalized line per data line (ISO dates, dot decimals, extras as JSON),
 * so that DuckDB's read_csv can load it in bulk. Refuses the file at its first bad field.
 */
export async function transcodeFecFile(path: string, encoding: FecEncoding, target: string): Promise<TranscodedFec> {
  const out = createWriteStream(target, { encoding: 'utf8' });
  const stats: LineStats = { lines: 0, lastDate: null, bothSides: 0, firstBothSides: 0 };
  let layout: FecLayout | null = null;
  let convert: LineConverter | null = null;
  let lineNo = 0;
  try {
    for await (const batch of readDecodedLines(path, encoding)) {
      const converted: string[] = [];
      for (const line of batch) {
        lineNo++;
        if (!convert) {
          layout = readFecHeader(path, line);
          convert = createLineConverter(path, layout);
          continue;
        }
        if (line.trim() === '') continue;
        converted.push(convert(line, lineNo, stats));
      }
      if (converted.length) await write(out, converted.join('\n') + '\n');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  if (!layout) throw new InputError({ file: path, line: 1 }, 'not a FEC: the file is empty');
  return { ...stats, layout };
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
