import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EncoursError } from '../../lib/errors.js';

/** Fails early, before any query runs, when the output file cannot be written where asked. */
export function checkOutputPath(path: string): string {
  const absolute = resolve(path);
  const folder = dirname(absolute);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new EncoursError(
      'bad_input',
      `--out "${path}": folder "${folder}" does not exist; create it first`,
    );
  }
  if (existsSync(absolute) && statSync(absolute).isDirectory()) {
    throw new EncoursError('bad_input', `--out "${path}" is a folder; give a file name`);
  }
  return absolute;
}

/**
 * Writes through a hidden temporary file beside `path`, renamed into place only when `write` succeeds:
 * a query that fails halfway leaves neither a partial file nor a temporary one.
 */
export async function writeFileAtomically<T>(
  path: string,
  write: (tempPath: string) => Promise<T>,
): Promise<T> {
  const absolute = resolve(path);
  const temp = join(
    dirname(absolute),
    `.${basename(absolute)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const result = await write(temp);
    renameSync(temp, absolute);
    return result;
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
