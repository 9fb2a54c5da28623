import type { DuckDBValue } from '@duckdb/node-api';
import type { Warehouse } from '../db.js';
import { checkShadowState, SHADOW_CATALOG } from './scoped-session.js';
import { quoteIdent } from './sql-runner.js';

/** Ids of memo rows, unique in this process: the full key (scope, data version, parameters) would be repeated in
 * every row, about 70 bytes each of the 890 000 payments of the whole group. */
let lastMemoId = 0;

/**
 * Results worth keeping between requests (the per-customer balances of the customer list: a full pass over the
 * receivable movements; the payments and invoices of the customer cards: a pass over payments and allocations, or
 * documents), in memo tables of the shadow catalog keyed by scope, data version and parameters. The first request of a
 * key fills it on a connection of its own (scoped like `db`) and commits; later ones read the rows. Returns the id to
 * select the rows with (memo_key).
 */
export async function memoize(
  db: Warehouse,
  table: 'memo_balances' | 'memo_card_payments' | 'memo_card_invoices',
  parts: readonly string[],
  fill: string,
): Promise<string> {
  const { state, version } = await checkShadowState(db, { relations: false });
  const [row] = await db.all<{ k: string | null }>(`select getvariable('encours_scope_key') as k`);
  const slot = [table, row?.k ?? `all|${version}`, ...parts].join('|');
  let filling = state.memos.get(slot);
  if (!filling) {
    const id = `m${++lastMemoId}`;
    filling = db.withConnection(async (c) => {
      await c.run(`insert into ${quoteIdent(SHADOW_CATALOG)}.main.${table} select $1, * from (${fill})`, [
        id,
      ]);
      return id;
    });
    state.memos.set(slot, filling);
    filling.catch(() => state.memos.delete(slot));
  }
  return filling;
}

/**
 * Reads memo rows by the key memoize returned, on a plain connection of the instance: a request's transaction began
 * before rows it had filled were committed and would not see them. The rows of a key were computed through the scope
 * whose session variable made the key (and only it can name the key), so the plain connection shows nothing else.
 */
export async function readMemo<T>(
  db: Pick<Warehouse, 'instance'>,
  sql: string,
  params: DuckDBValue[],
): Promise<T[]> {
  const connection = await db.instance.connect();
  try {
    return (await connection.runAndReadAll(sql, params)).getRowObjectsJson() as T[];
  } finally {
    connection.closeSync();
  }
}
