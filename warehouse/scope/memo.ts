import type { Warehouse } from '../db.js';
import { checkShadowState, SHADOW_CATALOG } from './scoped-session.js';
import { quoteIdent } from './sql-runner.js';

/**
 * Results worth keeping between requests (the per-customer balances of the customer list: a full pass over the
 * receivable movements), in memo tables of the shadow catalog keyed by scope, data version and parameters. The first
 * request of a key fills it on a connection of its own (scoped like `db`) and commits; later ones read the rows.
 * Returns the key to select the rows with.
 */
export async function memoize(
  db: Warehouse,
  table: 'memo_balances',
  parts: readonly string[],
  fill: string,
): Promise<string> {
  const { state, version } = await checkShadowState(db);
  const [row] = await db.all<{ k: string | null }>(`select getvariable('encours_scope_key') as k`);
  const key = [row?.k ?? `all|${version}`, ...parts].join('|');
  let filling = state.memos.get(key);
  if (!filling) {
    filling = db.withConnection(async (c) => {
      await c.run(`insert into ${quoteIdent(SHADOW_CATALOG)}.main.${table} select $1, * from (${fill})`, [
        key,
      ]);
    });
    state.memos.set(key, filling);
    filling.catch(() => state.memos.delete(key));
  }
  await filling;
  return key;
}
