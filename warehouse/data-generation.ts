import type { DuckDBInstance } from '@duckdb/node-api';
import type { Warehouse } from './db.js';

/**
 * The data generation of a warehouse instance, in this process: a counter that every writer of ledger facts, marts or
 * scores bumps once its write has committed (imports, runTransforms, the scoring run). Result caches key on it: an
 * entry is only ever read under the generation that was current when its computation started, and a generation starts
 * after the commit it follows, so a cached result is never older than the data committed before the request.
 * DuckDB lets one process write a warehouse file, so the counter of that process sees every write.
 */
const generations = new WeakMap<DuckDBInstance, number>();

export function readDataGeneration(db: Pick<Warehouse, 'instance'>): number {
  return generations.get(db.instance) ?? 0;
}

/** Call after the commit (never inside the transaction: readers would cache the old data under the new number). */
export function bumpDataGeneration(db: Pick<Warehouse, 'instance'>): void {
  generations.set(db.instance, readDataGeneration(db) + 1);
}
