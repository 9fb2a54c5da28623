import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import type { FecEncoding } from './encoding.js';

/**
 * The file's lines, decoded, in batches (one per chunk read): the file is streamed, never held whole.
 * Line ends (LF or CRLF) and a UTF-8 BOM are removed.
 */
export async function* readDecodedLines(path: string, encoding: FecEncoding): AsyncGenerator<string[]> {
  const decode = createDecoder(encoding);
  let rest = '';
  for await (const data of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const lines = (rest + decode.write(data as Buffer)).split('\n');
    rest = lines.pop()!;
    yield lines.map(stripCr);
  }
  const tail = rest + decode.end();
  if (tail !== '') yield [stripCr(tail)];
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

interface Decoder {
  write(chunk: Buffer): string;
  end(): string;
}

function createDecoder(encoding: FecEncoding): Decoder {
  if (encoding === 'utf-8') {
    const decoder = new TextDecoder('utf-8');
    return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder(encoding === 'iso-8859-15' ? 'iso-8859-15' : 'windows-1252');
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}
