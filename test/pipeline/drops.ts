// Drop folders for the pipeline suites, filled from the shared worked example (DESIGN.md §4 fixture).
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSources } from '../../pipelines/sources.js';
import type { PipelineSource } from '../../workflows/pipeline/types.js';
import type { Config } from '../../lib/config.js';

export const WORKED_EXAMPLE = findWorkedExample();
export const FEC_FILE = '123456789FEC20251231.txt';

/** test/fixtures in the repository, else the shared fixtures folder next to it. */
function findWorkedExample(): string {
  const root = join(import.meta.dirname, '..', '..');
  const candidates = [
    join(root, 'test', 'fixtures', 'worked-example'),
    join(root, '..', 'shared', 'fixtures', 'worked-example'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'canonical', 'invoices.csv')));
  if (!found) throw new Error(`the worked-example fixture is missing (${candidates.join(' or ')})`);
  return found;
}

/** C1: canonical, C2: FEC with the example's terms file. Returns the sources written to sources.json. */
export function configureSources(config: Pick<Config, 'home' | 'sourcesFile'>): PipelineSource[] {
  const terms = join(config.home, 'c2-terms.csv');
  cpSync(join(WORKED_EXAMPLE, 'fec', 'customers.csv'), terms);
  const sources: PipelineSource[] = [
    { company: 'C1', format: 'canonical', dropDir: join(config.home, 'drop', 'C1'), options: {} },
    { company: 'C2', format: 'fec', dropDir: join(config.home, 'drop', 'C2'), options: { termsFile: terms } },
  ];
  for (const s of sources) mkdirSync(s.dropDir, { recursive: true });
  writeSources(config.sourcesFile, sources);
  return sources;
}

export function dropCanonical(
  source: PipelineSource,
  name: string,
  edit?: (file: string, text: string) => string,
): string {
  const dir = join(source.dropDir, name);
  cpSync(join(WORKED_EXAMPLE, 'canonical'), dir, { recursive: true });
  if (edit) {
    for (const file of ['invoices.csv'])
      writeFileSync(join(dir, file), edit(file, readFileSync(join(dir, file), 'utf8')));
  }
  return dir;
}

export function dropFec(source: PipelineSource): string {
  const target = join(source.dropDir, FEC_FILE);
  cpSync(join(WORKED_EXAMPLE, 'fec', FEC_FILE), target);
  return target;
}

/** Data lines of a worked-example canonical file. */
export function countCanonicalRows(file: string): number {
  return (
    readFileSync(join(WORKED_EXAMPLE, 'canonical', file), 'utf8')
      .trim()
      .split('\n').length - 1
  );
}
