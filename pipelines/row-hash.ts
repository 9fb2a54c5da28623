import type { Warehouse } from '../warehouse/db.js';
import { ALLOCATION_ROWS } from './canonical/allocations.js';
import { firstRow, hashOf } from './canonical/sql.js';
import { CUSTOMER_ROWS, DOCUMENT_ROWS, FX_RATE_ROWS, PAYMENT_ROWS } from './canonical/typed.js';
import { FEC_LINE_CONTENT } from './fec/queries.js';

/** A raw table whose rows carry `row_hash = hash(columns…)`. */
export interface HashedTable {
  readonly raw: string;
  readonly columns: readonly string[];
}

/** Every raw table with a content hash (the canonical ones and FEC lines; FEC terms keep an md5), and its columns. */
export const HASHED_TABLES: readonly HashedTable[] = [
  CUSTOMER_ROWS,
  DOCUMENT_ROWS,
  PAYMENT_ROWS,
  ALLOCATION_ROWS,
  FX_RATE_ROWS,
  { raw: 'raw.fec_lines', columns: FEC_LINE_CONTENT },
];

/**
 * The hash function's answer on a fixed value of every type a hashed raw column holds (text, money, rate, date,
 * boolean, JSON, NULL): it changes when DuckDB changes how it hashes any of them.
 */
const FINGERPRINT = `hash('encours'::varchar, 1200.00::decimal(18,2), 1.08125::decimal(18,8), date '2024-01-05',
  true, '{"k":"v"}'::json, null::varchar, null::decimal(18,2), null::date, null::boolean, null::json)`;

/**
 * Makes the stored content hashes of the raw tables those this DuckDB computes, so that comparing a new file's rows
 * with the current versions stays exact (`hash()` is not promised stable across DuckDB versions, and warehouses from
 * before it held md5 or JavaScript-computed text). When the fingerprint stored with the hashes differs from this
 * DuckDB's, every stored hash is recomputed from the stored values, then the fingerprint is stored. Runs inside an
 * import's transaction, before its rows are written. Returns whether it recomputed.
 */
export async function ensureRowHashes(tx: Warehouse): Promise<boolean> {
  const found = await firstRow<{ same: boolean }>(
    tx,
    `select coalesce((select fingerprint from meta.row_hash_scheme) = ${FINGERPRINT}, false) as same`,
  );
  if (found?.same) return false;
  for (const table of HASHED_TABLES)
    await tx.run(`update ${table.raw} set row_hash = ${hashOf(table.columns)}`);
  await tx.run('delete from meta.row_hash_scheme');
  await tx.run(`insert into meta.row_hash_scheme values (${FINGERPRINT}, now())`);
  return true;
}
