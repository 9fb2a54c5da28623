// The outbox as the Reminders page lists it: the .eml files of $ENCOURS_HOME/outbox/ and the letters of
// outbox/letters/, each tied to its dunning-log row when the log knows it (by the key in the .eml's X-Encours-Key
// header or its Message-ID; by the PDF's name, which is made from the key).
import { open, readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { EncoursError } from '../../../lib/errors.js';
import type { OpsDb } from '../../../warehouse/ops/database.js';
import { findDunningLogByKeys, listLoggedLetters } from '../../../warehouse/ops/dunning-log.queries.js';
import type { DunningLogEntry } from '../../../warehouse/ops/dunning-log.table.js';
import { fileNameFor } from '../../../workflows/dunning/channels/outbox.js';

export type OutboxKind = 'email' | 'letter';

export interface OutboxFile {
  name: string;
  kind: OutboxKind;
  size: number;
  modified: string;
  key: string | null;
  company_id: string | null;
  customer_id: string | null;
  step: string | null;
  status: string | null;
}

/** What the outbox's file names may be: what fileNameFor writes (never a path). */
export const OUTBOX_NAME = '^[A-Za-z0-9@+=_-][A-Za-z0-9._@+=-]{0,250}\\.(eml|pdf)$';
const NAME = new RegExp(OUTBOX_NAME);

/** The newest `limit` files of the outbox, with what the dunning log says of each. */
export async function listOutbox(ops: OpsDb, outboxDir: string, limit: number): Promise<OutboxFile[]> {
  const files = [
    ...(await listFolder(outboxDir, 'email')),
    ...(await listFolder(join(outboxDir, 'letters'), 'letter')),
  ]
    .sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name))
    .slice(0, limit);
  const emailKeys = new Map<string, string>();
  for (const f of files.filter((f) => f.kind === 'email')) {
    const key = await readEmailKey(f.path);
    if (key) emailKeys.set(f.name, key);
  }
  const logged = new Map<string, DunningLogEntry>();
  for (const entry of await findDunningLogByKeys(ops, [...emailKeys.values()]))
    logged.set(entry.idempotency_key, entry);
  const letters = new Map<string, DunningLogEntry>();
  if (files.some((f) => f.kind === 'letter'))
    for (const entry of await listLoggedLetters(ops))
      letters.set(fileNameFor(entry.idempotency_key, 'pdf'), entry);
  return files.map((f) => {
    const entry = f.kind === 'email' ? logged.get(emailKeys.get(f.name) ?? '') : letters.get(f.name);
    return {
      name: f.name,
      kind: f.kind,
      size: f.size,
      modified: new Date(f.mtimeMs).toISOString(),
      key: entry?.idempotency_key ?? (f.kind === 'email' ? (emailKeys.get(f.name) ?? null) : null),
      company_id: entry?.company_id ?? null,
      customer_id: entry?.customer_id ?? null,
      step: entry?.step ?? null,
      status: entry?.status ?? null,
    };
  });
}

/** The path of one outbox file by its name, refusing anything that is not a plain file name of the outbox. */
export function resolveOutboxFile(outboxDir: string, name: string): { path: string; kind: OutboxKind } {
  if (!NAME.test(name) || name.includes('..'))
    throw new EncoursError(
      'bad_input',
      `"${name}" is not an outbox file name (a .eml or .pdf name, no folder)`,
    );
  const kind: OutboxKind = name.endsWith('.pdf') ? 'letter' : 'email';
  const folder = resolve(kind === 'letter' ? join(outboxDir, 'letters') : outboxDir);
  const path = resolve(folder, name);
  if (!path.startsWith(folder + sep))
    throw new EncoursError(
      'bad_input',
      `"${name}" is not an outbox file name (a .eml or .pdf name, no folder)`,
    );
  return { path, kind };
}

/** The dunning-log row an outbox file belongs to, if the log knows it. */
export async function findOutboxEntry(
  ops: OpsDb,
  file: { path: string; kind: OutboxKind; name: string },
): Promise<DunningLogEntry | undefined> {
  if (file.kind === 'email') {
    const key = await readEmailKey(file.path);
    return key ? (await findDunningLogByKeys(ops, [key]))[0] : undefined;
  }
  return (await listLoggedLetters(ops)).find((e) => fileNameFor(e.idempotency_key, 'pdf') === file.name);
}

interface FolderFile {
  name: string;
  path: string;
  kind: OutboxKind;
  size: number;
  mtimeMs: number;
}

async function listFolder(folder: string, kind: OutboxKind): Promise<FolderFile[]> {
  const extension = kind === 'email' ? '.eml' : '.pdf';
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: FolderFile[] = [];
  for (const name of names) {
    if (!name.endsWith(extension) || !NAME.test(name)) continue;
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) files.push({ name, path, kind, size: info.size, mtimeMs: info.mtimeMs });
  }
  return files;
}

/**
 * The idempotency key of an .eml the engine wrote: its X-Encours-Key header, else its Message-ID decoded (messageIdFor
 * percent-encodes the key's characters outside RFC 5322 atext). Only the header block is read (at most 64 KB).
 */
export async function readEmailKey(path: string): Promise<string | null> {
  const handle = await open(path, 'r');
  let text: string;
  try {
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const headerBlock = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers = headerBlock.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const header = (name: string) =>
    headers
      .find((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim();
  const key = header('X-Encours-Key');
  if (key) return key.replace(/\s+/g, '');
  const messageId = /^<([^@>]+)@[^>]+>$/.exec(header('Message-ID') ?? '');
  if (!messageId) return null;
  try {
    return decodeURIComponent(messageId[1]!);
  } catch {
    return null;
  }
}
