import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { InputError } from '../../lib/errors.js';
import type { FecEncoding } from './encoding.js';
import { readDecodedLines } from './lines.js';
import { readFecHeader, type FecLayout } from './header.js';
import { createLineConverter, type LineConverter, type LineStats } from './convert-line.js';

/** Lines per intermediate file: DuckDB loads one while the next is being written. */
export const CHUNK_LINES = 500_000;

export interface TranscodedFec extends LineStats {
  layout: FecLayout;
}

/**
 * Streams a FEC into intermediate files `<prefix>-<n>.txt` (UTF-8, one normalized line per data line: ISO dates,
 * dot decimals, extras as JSON), calling `onChunk` as each one is complete so that DuckDB's read_csv can bulk-load it
 * meanwhile (and hash each line's content). Refuses the file at its first bad field.
 */
export async function transcodeFecFile(
  path: string,
  encoding: FecEncoding,
  prefix: string,
  onChunk: (file: string) => void,
  chunkLines = CHUNK_LINES,
): Promise<TranscodedFec> {
  const stats: LineStats = { lines: 0, lastDate: null, bothSides: 0, firstBothSides: 0 };
  let layout: FecLayout | null = null;
  let convert: LineConverter | null = null;
  let lineNo = 0;
  let chunk: { file: string; out: WriteStream; lines: number } | null = null;
  let chunks = 0;
  const close = async (complete: boolean) => {
    if (!chunk) return;
    const { file, out } = chunk;
    chunk = null;
    out.end();
    await once(out, 'close');
    if (complete) onChunk(file);
  };
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
        if (isBlank(line)) continue;
        converted.push(convert(line, lineNo, stats));
      }
      for (let start = 0; start < converted.length;) {
        if (!chunk) {
          const file = `${prefix}-${chunks++}.txt`;
          chunk = { file, out: createWriteStream(file), lines: 0 };
        }
        const part = converted.slice(start, start + chunkLines - chunk.lines);
        if (!chunk.out.write(part.join('\n') + '\n')) await once(chunk.out, 'drain');
        chunk.lines += part.length;
        start += part.length;
        if (chunk.lines >= chunkLines) await close(true);
      }
    }
    await close(true);
  } finally {
    await close(false);
  }
  if (!layout) throw new InputError({ file: path, line: 1 }, 'not a FEC: the file is empty');
  return { ...stats, layout };
}

/** Blank lines are skipped (cheaply: a data line has at least 17 separators and rarely starts with a space). */
function isBlank(line: string): boolean {
  return (line.length < 17 || line.charCodeAt(0) <= 32) && line.trim() === '';
}
