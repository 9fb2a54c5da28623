import { createHash } from 'node:crypto';
import { listModels } from '../transform.js';
import { quoteIdent, quoteText, type SqlRunner } from './sql-runner.js';

/**
 * The schemas a scoped session reads; every relation in them gets a shadow view, whatever it is. ops is shadowed for
 * the model code that reads promises and risk overrides in SQL (the API itself reads ops through kysely, unscoped, and
 * checks the customer); its tables without a customer (users, tokens, sessions, audit …) are empty there.
 */
export const SHADOWED_SCHEMAS = ['core', 'marts', 'ops'] as const;

export interface ShadowTarget {
  /** The catalog holding the ledger (the warehouse or a snapshot). */
  source: string;
  /** The catalog the views are created in; sessions put it first on their search path. */
  target: string;
  /** Qualified schema of scope_pairs, scope_customers and scope_companies (scope-tables.ts). */
  scopeTables: string;
  /** Definitions that replace the rules below for some relations, by "schema.name" (memoised aggregates). */
  overrides?: Record<string, string>;
}

interface Relation {
  schema: string;
  name: string;
  columns: string[];
}

/**
 * Creates, in `target`, one view per table and view of the source's core, marts and ops schemas, so that a session
 * whose search path starts with `target.core,target.marts,target.ops` reads only what its scope tables allow — the table macros of the
 * source (marts.aging, marts.kpis …) included, since a macro's table names are bound in the calling session.
 * How each relation is scoped (default deny: a relation no rule knows is empty):
 *   customer_id and company_id  rows of a visible (customer, company) pair
 *   customer_id only            rows of a visible customer
 *   core.allocations            allocations to visible documents
 *   core.companies              companies with a visible customer
 *   core.fx_rates               as is (no customer data)
 *   marts.kpi_daily             recomputed by marts.kpis over the scoped facts, for the dates the source has
 *   built by a SQL model        the model's query over the scoped inputs (marts.ar_daily)
 * Returns the source's catalog signature the views were built from.
 */
export async function buildShadowViews(runner: SqlRunner, t: ShadowTarget): Promise<string> {
  const relations = await listRelations(runner, t.source);
  for (const schema of SHADOWED_SCHEMAS)
    await runner.run(`create schema if not exists ${quoteIdent(t.target)}.${schema}`);
  const existing = await runner.all<{ schema_name: string; view_name: string }>(
    `select schema_name, view_name from duckdb_views()
     where database_name = $1 and not internal and schema_name in (${SHADOWED_SCHEMAS.map(quoteText).join(', ')})`,
    [t.target],
  );
  const wanted = new Set(relations.map((r) => `${r.schema}.${r.name}`));
  for (const v of existing) {
    if (!wanted.has(`${v.schema_name}.${v.view_name}`))
      await runner.run(
        `drop view if exists ${quoteIdent(t.target)}.${quoteIdent(v.schema_name)}.${quoteIdent(v.view_name)}`,
      );
  }
  const models = modelQueries();
  const definitions = relations.map((relation) => {
    const override = t.overrides?.[`${relation.schema}.${relation.name}`];
    return {
      relation,
      ...(override !== undefined ? { body: override, derived: false } : defineShadow(relation, t, models)),
    };
  });
  // a view binds its names in its own catalog, then on the search path: the views derived from other shadow views
  // (and from the source's table macros) come last, bound as a scoped session would bind them
  await runner.run(`set search_path = ${scopedSearchPath(t.target, t.source)}`);
  for (const { relation, body } of [
    ...definitions.filter((d) => !d.derived),
    ...definitions.filter((d) => d.derived),
  ]) {
    const view = `${quoteIdent(t.target)}.${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
    try {
      await runner.run(`create or replace view ${view} as ${body}`);
    } catch {
      // a definition that does not bind (a model from another version of the code) denies instead
      await runner.run(`create or replace view ${view} as ${denyAll(relation, t)}`);
    }
  }
  return signatureOf(relations);
}

/** Shadow views first; then the source's marts and main for the table macros and scalar macros they hold. */
export function scopedSearchPath(shadow: string, source: string): string {
  const path = [
    `${quoteIdent(shadow)}.core`,
    `${quoteIdent(shadow)}.marts`,
    `${quoteIdent(source)}.marts`,
    `${quoteIdent(source)}.main`,
  ];
  return quoteText(path.join(','));
}

/** A digest of the source's shadowed relations and their columns: the views must be rebuilt when it changes. */
export async function readCatalogSignature(runner: SqlRunner, source: string): Promise<string> {
  return signatureOf(await listRelations(runner, source));
}

function signatureOf(relations: Relation[]): string {
  return createHash('sha256').update(JSON.stringify(relations)).digest('hex');
}

async function listRelations(runner: SqlRunner, source: string): Promise<Relation[]> {
  const rows = await runner.all<{ schema_name: string; table_name: string; columns: string[] }>(
    `select schema_name, table_name, list(column_name order by column_index) as columns
     from duckdb_columns()
     where database_name = $1 and schema_name in (${SHADOWED_SCHEMAS.map(quoteText).join(', ')}) and not internal
     group by all order by all`,
    [source],
  );
  return rows.map((r) => ({ schema: r.schema_name, name: r.table_name, columns: r.columns }));
}

function defineShadow(
  relation: Relation,
  t: ShadowTarget,
  models: Map<string, string>,
): { body: string; derived: boolean } {
  const src = `${quoteIdent(t.source)}.${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
  const key = `${relation.schema}.${relation.name}`;
  const has = (column: string) => relation.columns.includes(column);
  const s = t.scopeTables;
  const filtered = (body: string) => ({ body, derived: false });
  if (key === 'core.fx_rates') return filtered(`select * from ${src}`);
  if (key === 'core.companies')
    return filtered(
      `select r.* from ${src} r semi join ${s}.scope_companies x on x.company_id = r.company_id`,
    );
  if (key === 'core.allocations') {
    const documents = `${quoteIdent(t.source)}.core.documents`;
    return filtered(`select r.* from ${src} r semi join (
              select d.company_id, d.document_id from ${documents} d
              semi join ${s}.scope_pairs p on p.customer_id = d.customer_id and p.company_id = d.company_id
            ) x on x.company_id = r.company_id and x.document_id = r.document_id`);
  }
  if (key === 'marts.kpi_daily') {
    const columns = relation.columns.map((c) =>
      c === 'computed_at' ? 'now()::timestamp as computed_at' : `k.${quoteIdent(c)}`,
    );
    return {
      body: `select ${columns.join(', ')} from marts.kpis((select coalesce(list(distinct as_of), []) from ${src})) k`,
      derived: true,
    };
  }
  if (has('customer_id') && has('company_id')) {
    return filtered(
      `select r.* from ${src} r semi join ${s}.scope_pairs x on x.customer_id = r.customer_id and x.company_id = r.company_id`,
    );
  }
  if (has('customer_id'))
    return filtered(
      `select r.* from ${src} r semi join ${s}.scope_customers x on x.customer_id = r.customer_id`,
    );
  const model = models.get(key);
  if (model !== undefined) return { body: model, derived: true };
  return filtered(denyAll(relation, t));
}

function denyAll(relation: Relation, t: ShadowTarget): string {
  return `select * from ${quoteIdent(t.source)}.${quoteIdent(relation.schema)}.${quoteIdent(relation.name)} where false`;
}

/** The query of the SQL model that builds a table ("marts.ar_daily"), or undefined. */
export function findModelQuery(key: string): string | undefined {
  return modelQueries().get(key);
}

/** The query of each `create or replace table schema.name as <query>` of the SQL models, by "schema.name". */
function modelQueries(): Map<string, string> {
  const queries = new Map<string, string>();
  const pattern =
    /create\s+or\s+replace\s+table\s+(\w+)\.(\w+)\s+as\s+([\s\S]*?)(?:;\s*(?=create\s)|;?\s*$)/gi;
  for (const model of listModels()) {
    const text = model.sql.replace(/--[^\n]*/g, '');
    for (const match of text.matchAll(pattern))
      queries.set(`${match[1]!.toLowerCase()}.${match[2]!.toLowerCase()}`, match[3]!.trim());
  }
  return queries;
}
