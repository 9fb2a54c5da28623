import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from './db.js';

export const MODEL_LAYERS = ['staging', 'core', 'marts'] as const;
const MODELS_DIR = join(import.meta.dirname, 'models');

export interface ModelFile {
  layer: (typeof MODEL_LAYERS)[number];
  name: string;
  sql: string;
}

/** The SQL models in build order: layer by layer, files in name order within a layer. */
export function listModels(dir = MODELS_DIR): ModelFile[] {
  return MODEL_LAYERS.flatMap((layer) =>
    readdirSync(join(dir, layer))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((name) => ({ layer, name, sql: readFileSync(join(dir, layer, name), 'utf8') })),
  );
}

/** Rebuilds staging views, core tables and marts from the raw layer (idempotent). */
export async function runTransforms(db: Warehouse, models = listModels()): Promise<{ models: number }> {
  for (const model of models) {
    try {
      await db.run(model.sql);
    } catch (error) {
      throw new Error(`SQL model ${model.layer}/${model.name} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return { models: models.length };
}
