import { EncoursError } from '../../lib/errors.js';
import { findPortfolio, listCustomersOfPortfolios } from '../../warehouse/ops/access.queries.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import type { AccessScope } from '../../warehouse/scope/access-scope.js';
import { narrowScope } from '../../warehouse/scope/filter-scope.js';
import type { Principal } from './access.js';

/** The query parameters of the view filters, for the schemas of the routes that take them (`config.viewFilters`). */
export const viewFilterProperties = {
  agency: { type: 'string', minLength: 1, maxLength: 100, description: 'only customers of this agency' },
  portfolio: { type: 'integer', minimum: 1, description: 'only customers of this portfolio (its id)' },
} as const;

export interface ViewFilterQuery {
  agency?: string;
  portfolio?: number;
}

/**
 * The caller's scope narrowed by the request's `agency` and `portfolio` query parameters: every figure, list and
 * chart of the route then covers only those customers, within what the caller may see anyway (a filter never widens
 * a scope). An unknown portfolio is a 404 naming it.
 */
export async function applyViewFilter(
  ops: OpsDb,
  principal: Principal,
  query: unknown,
): Promise<AccessScope> {
  const { agency, portfolio } = (query ?? {}) as ViewFilterQuery;
  if (agency === undefined && portfolio === undefined) return principal.scope;
  let customers: string[] | null = null;
  if (portfolio !== undefined) {
    if (!(await findPortfolio(ops, portfolio)))
      throw new EncoursError(
        'not_found',
        `portfolio: no portfolio ${portfolio} (GET /api/filters lists them)`,
      );
    customers = (await listCustomersOfPortfolios(ops, [portfolio])).get(portfolio) ?? [];
  }
  return narrowScope(principal.scope, { agency: agency ?? null, customers });
}
