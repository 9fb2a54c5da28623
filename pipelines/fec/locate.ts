import { createReadStream } from 'node:fs';

/** Line (1-based) and column name of the byte at `offset`, read from the header's field names. */
export async function locateByte(path: string, offset: number): Promise<{ line: number; column?: string }> {
  let line = 1;
  let lineStart = 0;
  let position = 0;
  let header: Buffer | null = null;
  const parts: Buffer[] = [];
  for await (const data of createReadStream(path, { end: Math.max(0, offset - 1) })) {
    const chunk = data as Buffer;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      if (line === 1) header = Buffer.concat([...parts, chunk.subarray(0, i)]);
      line++;
      lineStart = position + i + 1;
    }
    if (line === 1) parts.push(chunk);
    position += chunk.length;
  }
  if (offset === 0) return { line: 1 };
  const prefix = await readRange(path, lineStart, offset);
  const headerText = (header ?? Buffer.concat(parts)).toString('latin1');
  const separator = headerText.includes('\t') ? '\t' : '|';
  const names = headerText.replace(/^\u00ef\u00bb\u00bf/, '').split(separator);
  const index = prefix.toString('latin1').split(separator).length - 1;
  const column = line === 1 ? undefined : names[index]?.trim();
  return column ? { line, column } : { line };
}

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  if (end <= start) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for await (const data of createReadStream(path, { start, end: end - 1 })) parts.push(data as Buffer);
  return Buffer.concat(parts);
}
