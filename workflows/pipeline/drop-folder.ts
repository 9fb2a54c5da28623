import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../lib/errors.js';
import type { DropItem, PipelineSource } from './types.js';

export const ARCHIVE_DIR = 'archive';
export const QUARANTINE_DIR = 'quarantine';

/** Names a writer uses while a drop is in progress (write `x.part`, then rename to `x`). */
const IN_PROGRESS = /(\.part|\.tmp|\.partial|~)$/i;

/**
 * The new items of a drop folder in load order: every file or folder except dot-names, in-progress names and the
 * archive/quarantine folders. Sorted by the date in the name when there is one (FEC `…FEC20231231.txt`), else by name,
 * so that fiscal years load in order.
 */
export function listDropItems(source: PipelineSource): DropItem[] {
  if (!existsSync(source.dropDir)) {
    throw new InputError(
      { file: source.dropDir },
      `the drop folder of company ${source.company} does not exist; create it or fix "dropDir" in sources.json`,
    );
  }
  return readdirSync(source.dropDir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && !IN_PROGRESS.test(e.name))
    .filter((e) => !(e.isDirectory() && (e.name === ARCHIVE_DIR || e.name === QUARANTINE_DIR)))
    .filter((e) => e.isFile() || e.isDirectory())
    .map((e): DropItem => ({
      name: e.name,
      path: join(source.dropDir, e.name),
      kind: e.isDirectory() ? 'folder' : 'file',
    }))
    .sort(compareItems);
}

function compareItems(a: DropItem, b: DropItem): number {
  const key = (item: DropItem) => `${/(\d{8})(?!.*\d{8})/.exec(item.name)?.[1] ?? '99999999'} ${item.name}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** Moves a loaded item to `<drop>/archive/<date>/`. Idempotent: a retry after the move returns the same place. */
export function archiveItem(source: PipelineSource, item: DropItem, date: string): string {
  return moveItem(source, item, join(source.dropDir, ARCHIVE_DIR, date));
}

/** Moves a bad item to `<drop>/quarantine/<date>/` with `<name>.error.txt` saying what was wrong and what to do. */
export function quarantineItem(source: PipelineSource, item: DropItem, date: string, error: string): string {
  const target = moveItem(source, item, join(source.dropDir, QUARANTINE_DIR, date));
  const report = [
    `encours could not load ${item.name} for company ${source.company} (${source.format}):`,
    '',
    error,
    '',
    'Nothing from this item was written to the warehouse. Fix the export and drop it again into',
    `${source.dropDir} (the next pipeline run picks it up).`,
    '',
  ].join('\n');
  writeFileSync(`${target}.error.txt`, report);
  return target;
}

function moveItem(source: PipelineSource, item: DropItem, dir: string): string {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(item.path)) {
    const moved = findMoved(dir, item.name);
    if (moved) return moved;
    throw new Error(`${item.path} disappeared before it could be moved to ${dir}`);
  }
  let target = join(dir, item.name);
  for (let n = 2; existsSync(target); n++) target = join(dir, `${item.name}.${n}`);
  renameSync(item.path, target);
  return target;
}

/** The latest copy of `name` in `dir` (name, name.2, name.3 …). */
function findMoved(dir: string, name: string): string | undefined {
  let found: string | undefined;
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${name}.${n}`);
    if (!existsSync(candidate)) return found;
    found = candidate;
  }
}
