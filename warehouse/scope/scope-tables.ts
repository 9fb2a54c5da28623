import type { LimitedScope } from './access-scope.js';
import { quoteIdent, type SqlRunner } from './sql-runner.js';

/**
 * Where the scope tables live: per connection (`temp`, the grants of one scope being filled) or in a catalog of their
 * own (the analyst sandbox, one instance per scope).
 */
export type ScopeTablesAt = { kind: 'temp' } | { kind: 'catalog'; catalog: string };

export function scopeTablesPrefix(at: ScopeTablesAt): string {
  return at.kind === 'temp' ? 'temp.main' : `${quoteIdent(at.catalog)}.main`;
}

/** scope_grants(grant_id, company_id, agency, all_customers) and scope_grant_customers(grant_id, customer_id). */
export async function writeGrantTables(
  runner: SqlRunner,
  at: ScopeTablesAt,
  scope: LimitedScope | null,
): Promise<void> {
  const create = at.kind === 'temp' ? 'create or replace temp table' : 'create or replace table';
  const p = scopeTablesPrefix(at);
  await runner.run(
    `${create} ${p}.scope_grants (grant_id integer, company_id varchar, agency varchar, all_customers boolean)`,
  );
  await runner.run(`${create} ${p}.scope_grant_customers (grant_id integer, customer_id varchar)`);
  for (const [i, grant] of (scope?.grants ?? []).entries()) {
    await runner.run(`insert into ${p}.scope_grants values ($1, $2, $3, $4)`, [
      i,
      grant.companyId,
      grant.agency,
      grant.customers === null,
    ]);
    if (grant.customers !== null && grant.customers.length > 0) {
      await runner.run(
        `insert into ${p}.scope_grant_customers select $1, unnest(from_json($2, '["VARCHAR"]'))`,
        [i, JSON.stringify(grant.customers)],
      );
    }
  }
}

/**
 * The (customer, company) pairs a scope shows, from its grant tables over the source's customers and companies.
 * Company '*' stands for the customer's group-wide rows and is there only when no grant limits the customer to a
 * company; a grant limited to a company shows only the customers with documents or payments in it.
 */
export function selectScopePairs(source: string, grants: string, scope: LimitedScope | null): string {
  const src = quoteIdent(source);
  const companyLimited = (scope?.grants ?? []).some((g) => g.companyId !== null);
  const active = companyLimited
    ? `(select customer_id, company_id from ${src}.core.documents union select customer_id, company_id from ${src}.core.payments)`
    : `(select null::varchar as customer_id, null::varchar as company_id where false)`;
  return `
    with active as ${active}
    select distinct c.customer_id, co.company_id
    from ${src}.core.customers c
    join ${grants}.scope_grants g on g.agency is null or c.agency = g.agency
    left join ${grants}.scope_grant_customers gc on gc.grant_id = g.grant_id and gc.customer_id = c.customer_id
    join (select company_id from ${src}.core.companies union all select '*') co
      on g.company_id is null or co.company_id = g.company_id
    where (g.all_customers or gc.customer_id is not null)
      and (g.company_id is null or exists (select 1 from active a where a.customer_id = c.customer_id and a.company_id = g.company_id))`;
}

/**
 * The scope tables the shadow views filter with, as real tables of a catalog (the sandbox, one scope per instance):
 *   scope_pairs(customer_id, company_id)  the visible (customer, company) facts (selectScopePairs)
 *   scope_customers(customer_id)           customers visible in at least one company
 *   scope_companies(company_id)            companies with at least one visible customer
 */
export async function writeScopeTables(
  runner: SqlRunner,
  source: string,
  catalog: string,
  scope: LimitedScope,
): Promise<void> {
  const at: ScopeTablesAt = { kind: 'catalog', catalog };
  const p = scopeTablesPrefix(at);
  await writeGrantTables(runner, at, scope);
  await runner.run(`create or replace table ${p}.scope_pairs as ${selectScopePairs(source, p, scope)}`);
  await runner.run(
    `create or replace table ${p}.scope_customers as select distinct customer_id from ${p}.scope_pairs`,
  );
  await runner.run(
    `create or replace table ${p}.scope_companies as select distinct company_id from ${p}.scope_pairs where company_id <> '*'`,
  );
}
