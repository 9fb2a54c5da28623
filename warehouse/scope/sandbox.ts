import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuckDb, type Warehouse } from '../db.js';
import { publishAnalystSnapshot, readLatestSnapshot } from '../publish-snapshot.js';
import { guardReadQuery, SqlRefusedError, type GuardedQuery } from '../sql/guard.js';
import { lockedSettings, type SqlLimits } from '../sql/open.js';
import { collectReferences } from '../sql/sql-tree.js';
import type { AccessScope } from './access-scope.js';
import { writeScopeTables } from './scope-tables.js';
import { buildShadowViews, scopedSearchPath } from './shadow-catalog.js';
import { quoteText } from './sql-runner.js';

/** What the analyst SQL of one caller runs on: guard first, then run on a connection of the sandbox. */
export interface Sandbox {
  /** The snapshot file queried. */
  readonly snapshot: string;
  guard(sql: string): Promise<GuardedQuery>;
  withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
}

interface Entry {
  key: string;
  open: Promise<{ db: Warehouse; scoped: boolean }>;
  users: number;
  lastUsed: number;
}

const SNAPSHOT_CATALOG = 'wh';

/**
 * Analyst SQL instances over the latest published snapshot ($ENCOURS_HOME/snapshots), never the live warehouse:
 * - scope `all`: the snapshot file opened read-only, external access off, configuration locked, memory and threads capped;
 * - a limited scope: an in-memory instance that attaches the snapshot read-only as catalog `wh` and holds the shadow
 *   views of that scope (as scoped API sessions do), then turns external access off and locks its configuration;
 *   queries may name only core.*, marts.* and the table macros, never the `wh` catalog itself.
 * Instances are kept per (snapshot, scope) and closed when a newer snapshot is published and they are idle.
 */
export class SqlSandboxes {
  readonly #entries = new Map<string, Entry>();
  #publishing: Promise<string> | undefined;

  constructor(
    private readonly options: {
      db: Warehouse;
      snapshotsDir: string;
      limits: SqlLimits;
      today: () => string;
      maxInstances?: number;
    },
  ) {}

  /** The latest snapshot, published from the live warehouse first when there is none yet. */
  async latestSnapshot(): Promise<string> {
    const latest = readLatestSnapshot(this.options.snapshotsDir);
    if (latest) return latest;
    this.#publishing ??= publishAnalystSnapshot(
      this.options.db,
      this.options.snapshotsDir,
      this.options.today(),
    )
      .then((published) => published.file)
      .finally(() => (this.#publishing = undefined));
    return this.#publishing;
  }

  /** Runs `work` with the sandbox of a scope; the instance stays open for later queries. */
  async use<T>(scope: AccessScope, work: (sandbox: Sandbox) => Promise<T>): Promise<T> {
    const snapshot = await this.latestSnapshot();
    const key = `${snapshot}|${scope.kind === 'all' ? 'all' : scope.key}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { key, open: openSandbox(snapshot, scope, this.options.limits), users: 0, lastUsed: 0 };
      this.#entries.set(key, entry);
    }
    entry.users++;
    entry.lastUsed = Date.now();
    try {
      const { db, scoped } = await entry.open;
      return await work({
        snapshot,
        guard: (sql) => (scoped ? guardScopedQuery(db, sql) : guardReadQuery(db, sql)),
        withConnection: (inner) =>
          db.withConnection(async (connection) => {
            if (scoped)
              await connection.run(`set search_path = ${scopedSearchPath('memory', SNAPSHOT_CATALOG)}`);
            return inner(connection);
          }),
      });
    } catch (error) {
      if (entry.users === 1) {
        // an instance that failed to open is forgotten, so the next query tries again
        const opened = await entry.open.then(
          () => true,
          () => false,
        );
        if (!opened) this.#entries.delete(key);
      }
      throw error;
    } finally {
      entry.users--;
      await this.#closeIdle(snapshot);
    }
  }

  async close(): Promise<void> {
    for (const entry of this.#entries.values()) (await entry.open.catch(() => undefined))?.db.close();
    this.#entries.clear();
  }

  async #closeIdle(current: string): Promise<void> {
    const max = this.options.maxInstances ?? 8;
    const idle = [...this.#entries.values()]
      .filter((e) => e.users === 0)
      .sort((a, b) => a.lastUsed - b.lastUsed);
    const over = this.#entries.size - max;
    for (const [i, entry] of idle.entries()) {
      if (!entry.key.startsWith(`${current}|`) || i < over) {
        this.#entries.delete(entry.key);
        (await entry.open.catch(() => undefined))?.db.close();
      }
    }
  }
}

async function openSandbox(
  snapshot: string,
  scope: AccessScope,
  limits: SqlLimits,
): Promise<{ db: Warehouse; scoped: boolean }> {
  if (scope.kind === 'all')
    return {
      db: await openDuckDb(snapshot, { readOnly: true, settings: lockedSettings(limits) }),
      scoped: false,
    };
  const db = await openDuckDb(':memory:', {
    settings: {
      memory_limit: limits.memoryLimit,
      threads: String(limits.threads),
      autoload_known_extensions: 'false',
      autoinstall_known_extensions: 'false',
    },
  });
  try {
    await db.run(`attach ${quoteText(snapshot)} as ${SNAPSHOT_CATALOG} (read_only)`);
    await writeScopeTables(db, SNAPSHOT_CATALOG, 'memory', scope);
    await buildShadowViews(db, { source: SNAPSHOT_CATALOG, target: 'memory', scopeTables: 'memory.main' });
    // the aggregate the KPI macros read, computed once for this scope (the view would recompute it every query)
    await db.run(`set search_path = ${scopedSearchPath('memory', SNAPSHOT_CATALOG)}`);
    await db.run('create table memory.main.scoped_ar_daily as select * from marts.ar_daily');
    await db.run('create or replace view memory.marts.ar_daily as select * from memory.main.scoped_ar_daily');
    await db.run('set enable_external_access = false');
    await db.run('set lock_configuration = true');
    return { db, scoped: true };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The read-only guard, plus what a scoped sandbox adds: tables are named without a catalog (or in `memory`, the
 * shadow views) and only in the shadowed schemas, so that no query reaches the snapshot's own, unscoped tables.
 */
async function guardScopedQuery(db: Warehouse, sql: string): Promise<GuardedQuery> {
  const guarded = await guardReadQuery(db, sql);
  const [row] = await db.all<{ tree: string }>('select json_serialize_sql($1::varchar) as tree', [sql]);
  const tree = JSON.parse(row!.tree) as { statements?: unknown[] };
  for (const table of collectReferences(tree.statements ?? []).tables) {
    const catalog = table.catalog.toLowerCase();
    const schema = table.schema.toLowerCase();
    const allowed =
      (catalog === '' && ['', 'core', 'marts'].includes(schema)) ||
      (catalog === 'memory' && ['core', 'marts', 'main'].includes(schema));
    if (!allowed) {
      const name = [table.catalog, table.schema, table.name].filter(Boolean).join('.');
      throw new SqlRefusedError(
        'forbidden',
        `"${name}" is outside your scope: query core.* and marts.* (your scope is applied to them)`,
      );
    }
  }
  return guarded;
}
