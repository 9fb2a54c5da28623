import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Warehouse } from '../db.js';
import type { AccessScope, LimitedScope } from './access-scope.js';
import { writeScopeTables } from './scope-tables.js';
import { buildShadowViews, readCatalogSignature, scopedSearchPath } from './shadow-catalog.js';
import { quoteIdent, runnerOf, type SqlRunner } from './sql-runner.js';

/** The in-memory catalog attached to the warehouse instance that holds the shadow views of scoped sessions. */
export const SHADOW_CATALOG = 'encours_scope';

interface ShadowState {
  source: string;
  signature: string;
}

const shadows = new WeakMap<DuckDBInstance, Promise<ShadowState>>();

/**
 * Runs `work` on a warehouse that shows only what `scope` allows: for `all`, the warehouse itself; otherwise one
 * connection, inside one read transaction, whose search path starts with the shadow views and whose temp scope
 * tables hold the scope. Every query of the KPI, aging, customer and model code runs on it unchanged.
 */
export async function withScopedWarehouse<T>(
  db: Warehouse,
  scope: AccessScope,
  work: (scoped: Warehouse) => Promise<T>,
): Promise<T> {
  if (scope.kind === 'all') return work(db);
  const { source } = await ensureShadowCatalog(db);
  return db.transaction(async (tx) => {
    await enterScope(tx, source, scope);
    return work(sealScope(tx, db, source, scope));
  });
}

/**
 * The scoped transaction as a Warehouse whose other ways in stay scoped: a nested transaction is the same one, and
 * withConnection opens a connection that enters the same scope (feature and model code run on those).
 */
function sealScope(tx: Warehouse, db: Warehouse, source: string, scope: LimitedScope): Warehouse {
  const sealed: Warehouse = {
    path: tx.path,
    instance: tx.instance,
    run: (sql, params) => tx.run(sql, params),
    all: (sql, params) => tx.all(sql, params),
    transaction: (work) => work(sealed),
    withConnection: (work) => withScopedConnection(db, source, scope, work),
    close() {
      throw new Error('a scoped warehouse is closed by the code that opened it');
    },
  };
  return sealed;
}

/** A connection of its own that sees only what `scope` allows. */
export async function withScopedConnection<T>(
  db: Warehouse,
  source: string,
  scope: LimitedScope,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  return db.withConnection(async (connection) => {
    await enterScope(runnerOf(connection), source, scope);
    return work(connection);
  });
}

/** Fills the connection's scope tables and points its search path at the shadow views. */
export async function enterScope(runner: SqlRunner, source: string, scope: LimitedScope): Promise<void> {
  await writeScopeTables(runner, source, { kind: 'temp' }, scope);
  await runner.run(`set search_path = ${scopedSearchPath(SHADOW_CATALOG, source)}`);
}

/**
 * Attaches the shadow catalog to the warehouse instance and (re)builds its views when the warehouse's core/marts
 * relations changed since the last build (a model rebuild that added a table or a column).
 */
export function ensureShadowCatalog(db: Warehouse): Promise<ShadowState> {
  const previous = shadows.get(db.instance);
  const next = (async () => {
    const state = previous ? await previous.catch(() => undefined) : undefined;
    return db.withConnection(async (connection) => {
      const runner = runnerOf(connection);
      if (state && (await readCatalogSignature(runner, state.source)) === state.signature) return state;
      const [{ source } = { source: '' }] = await runner.all<{ source: string }>(
        'select current_database() as source',
      );
      await runner.run(`attach if not exists ':memory:' as ${quoteIdent(SHADOW_CATALOG)}`);
      await writeScopeTables(runner, source, { kind: 'temp' }, null);
      const signature = await buildShadowViews(runner, {
        source,
        target: SHADOW_CATALOG,
        scopeTables: 'temp.main',
      });
      return { source, signature };
    });
  })();
  shadows.set(db.instance, next);
  return next;
}
