import { randomBytes, createHash } from 'node:crypto';
import { mkdir, link, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes `data` to `path` once: through a temporary file beside it, hard-linked into place (link fails when the
 * name exists, so two writers of the same name leave the first complete file and never a partial one).
 * Returns whether this call created the file.
 */
export async function writeFileOnce(path: string, data: Buffer): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, data, { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`could not write ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * A file name for a key (a Message-ID, an idempotency key): its readable characters, at most 120 of them, and 12
 * hex digits of its SHA-256 so two keys that differ only in replaced characters never share a file.
 */
export function fileNameFor(key: string, extension: string): string {
  const readable = key
    .replace(/^<|>$/g, '')
    .replace(/[^A-Za-z0-9._@+=-]+/g, '_')
    .slice(0, 120);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `${readable}-${hash}.${extension}`;
}

/**
 * Saves a letter's PDF as `<outboxDir>/letters/<key>.pdf` (sanitised, see fileNameFor), once per key: saving the
 * same key again keeps the first file. Returns the path.
 */
export async function saveLetter(outboxDir: string, key: string, pdf: Buffer): Promise<string> {
  if (!key) throw new Error('saveLetter: the key (the send idempotency key) is empty');
  const folder = join(outboxDir, 'letters');
  await mkdir(folder, { recursive: true });
  const path = join(folder, fileNameFor(key, 'pdf'));
  await writeFileOnce(path, pdf);
  return path;
}
