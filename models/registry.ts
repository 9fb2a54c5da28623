import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EncoursError } from '../lib/errors.js';
import type { DelayModel } from './delay-model.js';
import type { TimingModel } from './timing-model.js';

export interface BinaryMetrics {
  auc: number | null;
  brier: number | null;
}

/** One trained version: what it learnt from, how it scored on validation, and the models themselves. */
export interface ModelVersion {
  version: string;
  createdAt: string;
  /** Training cutoff: nothing dated after it was used. */
  asOf: string;
  companyId: string | null;
  seed: number;
  backend: string;
  dataWindow: {
    from: string | null;
    to: string;
    delayRows: number;
    timingRows: number;
    horizonDays: number;
    sampled: boolean;
  };
  features: { delay: string[]; timing: string[] };
  metrics: {
    delay: {
      n: number;
      model: BinaryMetrics;
      customerHistory: BinaryMetrics;
      champion: BinaryMetrics | null;
    };
    timing: { n: number; wape: number | null; dueDateWape: number | null } | null;
  };
  /** Risk score cut points between classes A|B|C|D|E, fixed at training. */
  thresholds: { riskClasses: number[] };
  promoted: boolean;
  promotionReason: string;
  timingsMs: Record<string, number>;
  delay: DelayModel;
  timing: TimingModel | null;
}

export type VersionSummary = Omit<ModelVersion, 'delay' | 'timing'> & { champion: boolean };

interface RegistryIndex {
  champion: string | null;
}

/** Saves a version as <modelsDir>/<version>/model.json (atomically) and returns its name (v1, v2, …). */
export function saveVersion(modelsDir: string, version: Omit<ModelVersion, 'version'>): ModelVersion {
  mkdirSync(modelsDir, { recursive: true });
  const name = `v${listVersionNames(modelsDir).reduce((max, v) => Math.max(max, Number(v.slice(1))), 0) + 1}`;
  const full = { version: name, ...version };
  mkdirSync(join(modelsDir, name), { recursive: true });
  writeAtomically(join(modelsDir, name, 'model.json'), JSON.stringify(full));
  if (full.promoted)
    writeAtomically(
      join(modelsDir, 'registry.json'),
      JSON.stringify({ champion: name } satisfies RegistryIndex, null, 2),
    );
  return full;
}

export function loadVersion(modelsDir: string, name: string): ModelVersion {
  const path = join(modelsDir, name, 'model.json');
  if (!existsSync(path))
    throw new EncoursError(
      'not_found',
      `model version "${name}" does not exist in ${modelsDir}: see \`encours model list\``,
    );
  return JSON.parse(readFileSync(path, 'utf8')) as ModelVersion;
}

export function findChampionName(modelsDir: string): string | null {
  const path = join(modelsDir, 'registry.json');
  if (!existsSync(path)) return null;
  return (JSON.parse(readFileSync(path, 'utf8')) as RegistryIndex).champion;
}

/** The champion, or null when no model was ever promoted. */
export function loadChampion(modelsDir: string): ModelVersion | null {
  const name = findChampionName(modelsDir);
  return name ? loadVersion(modelsDir, name) : null;
}

export function requireChampion(modelsDir: string): ModelVersion {
  const champion = loadChampion(modelsDir);
  if (!champion) {
    throw new EncoursError(
      'not_found',
      `no trained model in ${modelsDir}: run \`encours model train\` first (it needs a few hundred settled invoices)`,
    );
  }
  return champion;
}

/** Every version, oldest first, without the weights. */
export function listVersions(modelsDir: string): VersionSummary[] {
  const champion = findChampionName(modelsDir);
  return listVersionNames(modelsDir)
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((name) => ({ ...summariseVersion(loadVersion(modelsDir, name)), champion: name === champion }));
}

/** A version without its weights (what `model list` and `model train --json` print). */
export function summariseVersion(version: ModelVersion): Omit<ModelVersion, 'delay' | 'timing'> {
  const summary: Partial<ModelVersion> = { ...version };
  delete summary.delay;
  delete summary.timing;
  return summary as Omit<ModelVersion, 'delay' | 'timing'>;
}

function listVersionNames(modelsDir: string): string[] {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir).filter(
    (n) => /^v\d+$/.test(n) && existsSync(join(modelsDir, n, 'model.json')),
  );
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
