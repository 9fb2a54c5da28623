import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { readDataGeneration } from '../data-generation.js';
import type { Warehouse } from '../db.js';
import type { AccessScope, LimitedScope } from './access-scope.js';
import { selectScopePairs, writeGrantTables } from './scope-tables.js';
import {
  SHADOWED_SCHEMAS,
  buildShadowViews,
  findModelQuery,
  readCatalogSignature,
  scopedSearchPath,
} from './shadow-catalog.js';
import { quoteIdent, quoteText, runnerOf, type SqlRunner } from './sql-runner.js';

/** The in-memory catalog attached to the warehouse instance: shadow views and the memo of each scope. */
export const SHADOW_CATALOG = 'encours_scope';
const KEY_VARIABLE = 'encours_scope_key';
const S = quoteIdent(SHADOW_CATALOG);

export interface ShadowState {
  source: string;
  signature: string;
  /** The data version the memo rows belong to, and the scope keys filled for it. */
  version: string;
  filled: Map<string, Promise<void>>;
  /** Memoised results (memo.ts) by table and key: the short id their rows carry once filled. */
  memos: Map<string, Promise<string>>;
}

const shadows = new WeakMap<DuckDBInstance, Promise<ShadowState>>();
/** The shadow state and data version as last checked, and the data generation they were checked under. */
const checked = new WeakMap<
  DuckDBInstance,
  { generation: number; current: Promise<{ state: ShadowState; version: string; names: string }> }
>();

/**
 * Runs `work` on a warehouse that shows only what `scope` allows: for `all`, the warehouse itself; otherwise one
 * connection, inside one read transaction, whose search path starts with the shadow views and whose session variable
 * names the scope's memo rows. Every query of the KPI, aging, customer and model code runs on it unchanged.
 */
export async function withScopedWarehouse<T>(
  db: Warehouse,
  scope: AccessScope,
  work: (scoped: Warehouse) => Promise<T>,
): Promise<T> {
  if (scope.kind === 'all') return work(db);
  const { source, key } = await prepareScope(db, scope);
  return db.transaction(async (tx) => {
    await enterScope(tx, source, key);
    return work(sealScope(tx, db, scope));
  });
}

/** A connection of its own that sees only what `scope` allows. */
export async function withScopedConnection<T>(
  db: Warehouse,
  scope: LimitedScope,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const { source, key } = await prepareScope(db, scope);
  return db.withConnection(async (connection) => {
    await enterScope(runnerOf(connection), source, key);
    return work(connection);
  });
}

/** Points a connection at the shadow views and at the memo rows of one scope. */
async function enterScope(runner: SqlRunner, source: string, key: string): Promise<void> {
  await runner.run(`set variable ${KEY_VARIABLE} = ${quoteText(key)}`);
  await runner.run(`set search_path = ${scopedSearchPath(SHADOW_CATALOG, source)}`);
}

/**
 * The scoped transaction as a Warehouse whose other ways in stay scoped: a nested transaction is the same one, and
 * withConnection opens a connection that enters the same scope (feature and model code run on those).
 */
function sealScope(tx: Warehouse, db: Warehouse, scope: LimitedScope): Warehouse {
  const sealed: Warehouse = {
    path: tx.path,
    instance: tx.instance,
    run: (sql, params) => tx.run(sql, params),
    all: (sql, params) => tx.all(sql, params),
    transaction: (work) => work(sealed),
    withConnection: (work) => withScopedConnection(db, scope, work),
    close() {
      throw new Error('a scoped warehouse is closed by the code that opened it');
    },
  };
  return sealed;
}

/**
 * Makes sure the shadow views are current and the scope's memo rows exist for the current data: its (customer,
 * company) pairs and its marts.ar_daily, computed once per scope and data version on a connection of their own and
 * committed before any session reads them. Returns the key sessions select them with.
 */
async function prepareScope(db: Warehouse, scope: LimitedScope): Promise<{ source: string; key: string }> {
  const { state, version } = await checkShadowState(db);
  const key = `${scope.key}|${version}`;
  let filling = state.filled.get(key);
  if (!filling) {
    filling = withRawConnection(db, (c) => fillMemo(runnerOf(c), state.source, scope, key));
    state.filled.set(key, filling);
    filling.catch(() => state.filled.delete(key));
  }
  await filling;
  return { source: state.source, key };
}

async function fillMemo(runner: SqlRunner, source: string, scope: LimitedScope, key: string): Promise<void> {
  await writeGrantTables(runner, { kind: 'temp' }, scope);
  await runner.run(
    `insert into ${S}.main.memo_pairs select $1, customer_id, company_id from (${selectScopePairs(source, 'temp.main', scope)})`,
    [key],
  );
  const arDaily = findModelQuery('marts.ar_daily');
  if (arDaily === undefined) return;
  await enterScope(runner, source, key);
  await runner.run(`insert into ${S}.main.memo_ar_daily select $1, * from (${arDaily})`, [key]);
}

/**
 * The shadow views (rebuilt if the catalog changed) and the data version of the memo rows (older rows dropped). The
 * full check (the catalog's columns, a count of six tables: about 20 ms CPU) runs once per data generation
 * (warehouse/data-generation.ts: every writer of the facts, marts or models bumps it after its commit). Every session
 * still lists the names of the source's shadowed relations (2-4 ms): a relation created without a bump must be denied
 * like any relation no rule knows, never read through the source's marts on the search path. `relations: false`
 * skips that listing, for callers that only need the memo state (memo.ts: its rows are filled on a scoped connection,
 * which checks, or on the whole warehouse).
 */
export async function checkShadowState(
  db: Pick<Warehouse, 'instance'>,
  options: { relations: boolean } = { relations: true },
): Promise<{ state: ShadowState; version: string }> {
  const generation = readDataGeneration(db);
  const known = checked.get(db.instance);
  if (known?.generation === generation && !options.relations) return known.current;
  if (known?.generation === generation) {
    const current = await known.current.catch(() => undefined);
    if (
      current &&
      (await withRawConnection(db, (c) => readRelationNames(runnerOf(c), current.state.source))) ===
        current.names
    )
      return current;
    if (checked.get(db.instance) !== known) return checkShadowState(db);
  }
  const current = (async () => {
    const state = await ensureShadowCatalog(db);
    const version = await refreshDataVersion(db, state);
    return {
      state,
      version,
      names: await withRawConnection(db, (c) => readRelationNames(runnerOf(c), state.source)),
    };
  })();
  checked.set(db.instance, { generation, current });
  current.catch(() => {
    if (checked.get(db.instance)?.current === current) checked.delete(db.instance);
  });
  return current;
}

/** The tables and views of the source's shadowed schemas, by name (cheaper than the catalog signature's columns). */
async function readRelationNames(runner: SqlRunner, source: string): Promise<string> {
  const schemas = SHADOWED_SCHEMAS.map(quoteText).join(', ');
  const [row] = await runner.all<{ names: string | null }>(
    `select string_agg(schema_name || '.' || name, ',' order by schema_name, name) as names from (
       select schema_name, table_name as name from duckdb_tables() where database_name = $1 and schema_name in (${schemas})
       union all
       select schema_name, view_name from duckdb_views() where database_name = $1 and schema_name in (${schemas}) and not internal
     )`,
    [source],
  );
  return row?.names ?? '';
}

/** The current data version; when it changed, every memo row of the older one is dropped first. */
export async function refreshDataVersion(
  db: Pick<Warehouse, 'instance'>,
  state: ShadowState,
): Promise<string> {
  const version = await withRawConnection(db, (c) => readDataVersion(runnerOf(c), state.source));
  if (version === state.version) return version;
  state.version = version;
  state.filled.clear();
  state.memos.clear();
  await withRawConnection(db, async (c) => {
    for (const table of MEMO_TABLES) await c.run(`delete from ${S}.main.${table}`);
  });
  return version;
}

/**
 * A plain connection of the instance, whatever `db` is: the catalog and memo upkeep must not go through a scoped
 * warehouse's withConnection (which itself needs that upkeep).
 */
async function withRawConnection<T>(
  db: Pick<Warehouse, 'instance'>,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const connection = await db.instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}

const MEMO_TABLES = [
  'memo_pairs',
  'memo_ar_daily',
  'memo_balances',
  'memo_card_payments',
  'memo_card_invoices',
];

/** Changes whenever an import or a rebuild changes the facts the memo is computed from. */
async function readDataVersion(runner: SqlRunner, source: string): Promise<string> {
  const src = quoteIdent(source);
  const [row] = await runner.all<{ v: string }>(
    `select concat_ws('/', (select count(*) from ${src}.core.customers), (select count(*) from ${src}.core.companies),
       (select count(*) from ${src}.core.documents), (select count(*) from ${src}.core.payments),
       (select count(*) from ${src}.core.allocations), (select count(*) from ${src}.marts.ar_movements),
       (select coalesce(max(load_id), 0) from ${src}.meta.loads), (select coalesce(max(built_at)::varchar, '') from ${src}.meta.model_build)) as v`,
  );
  return row!.v;
}

/**
 * Attaches the shadow catalog to the warehouse instance and (re)builds its views and memo tables when the
 * warehouse's core/marts/ops relations changed since the last build (a model rebuild that added a table or a column).
 */
export function ensureShadowCatalog(db: Pick<Warehouse, 'instance'>): Promise<ShadowState> {
  const previous = shadows.get(db.instance);
  const next = (async () => {
    const state = previous ? await previous.catch(() => undefined) : undefined;
    return withRawConnection(db, async (connection) => {
      const runner = runnerOf(connection);
      if (state && (await readCatalogSignature(runner, state.source)) === state.signature) return state;
      const [{ source } = { source: '' }] = await runner.all<{ source: string }>(
        'select current_database() as source',
      );
      await runner.run(`attach if not exists ':memory:' as ${S}`);
      await createMemoTables(runner, source);
      const signature = await buildShadowViews(runner, {
        source,
        target: SHADOW_CATALOG,
        scopeTables: `${S}.main`,
        overrides: {
          'marts.ar_daily': `select * exclude (memo_key) from ${S}.main.memo_ar_daily where memo_key = getvariable('${KEY_VARIABLE}')`,
        },
      });
      return { source, signature, version: '', filled: new Map(), memos: new Map() };
    });
  })();
  shadows.set(db.instance, next);
  return next;
}

/** The memo tables (emptied) and the scope views over them, keyed by the session variable. */
async function createMemoTables(runner: SqlRunner, source: string): Promise<void> {
  const mine = `getvariable('${KEY_VARIABLE}')`;
  await runner.run(
    `create or replace table ${S}.main.memo_pairs (memo_key varchar, customer_id varchar, company_id varchar)`,
  );
  await runner.run(
    `create or replace table ${S}.main.memo_ar_daily as select ''::varchar as memo_key, * from ${quoteIdent(source)}.marts.ar_daily where false`,
  );
  await runner.run(
    `create or replace table ${S}.main.memo_balances (memo_key varchar, customer_id varchar, not_due decimal(38,2),
       overdue decimal(38,2), days_over_90 decimal(38,2), net_ar decimal(38,2))`,
  );
  await runner.run(
    `create or replace table ${S}.main.memo_card_payments (memo_key varchar, customer_id varchar, company_id varchar,
       payment_id varchar, date date, amount decimal(18,2), currency varchar, method varchar, allocated decimal(18,2))`,
  );
  await runner.run(
    `create or replace table ${S}.main.memo_card_invoices (memo_key varchar, customer_id varchar, company_id varchar,
       document_id varchar, reference varchar, disputed boolean)`,
  );
  await runner.run(
    `create or replace view ${S}.main.scope_pairs as select customer_id, company_id from ${S}.main.memo_pairs where memo_key = ${mine}`,
  );
  await runner.run(
    `create or replace view ${S}.main.scope_customers as select distinct customer_id from ${S}.main.scope_pairs`,
  );
  await runner.run(
    `create or replace view ${S}.main.scope_companies as select distinct company_id from ${S}.main.scope_pairs where company_id <> '*'`,
  );
}
