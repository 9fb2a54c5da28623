import { limitedScope, type AccessScope, type ResolvedGrant } from './access-scope.js';

/**
 * A view filter chosen on a page (the overview's agency and portfolio): it narrows what a caller sees, never widens
 * it. `customers` are a portfolio's customers (null: any customer); `agency` null: any agency.
 */
export interface ScopeFilter {
  agency: string | null;
  customers: readonly string[] | null;
}

/**
 * The caller's scope narrowed by a filter: each grant of the scope intersected with the filter (a fact must match
 * both), so the result is always within `scope`. No filter part set: `scope` itself.
 */
export function narrowScope(scope: AccessScope, filter: ScopeFilter): AccessScope {
  if (filter.agency === null && filter.customers === null) return scope;
  const wanted: ResolvedGrant = {
    customers: filter.customers === null ? null : [...filter.customers],
    companyId: null,
    agency: filter.agency,
  };
  if (scope.kind === 'all') return limitedScope([wanted]);
  return limitedScope(
    scope.grants.flatMap((grant) => {
      const both = intersectGrants(grant, wanted);
      return both === null ? [] : [both];
    }),
  );
}

/** The facts matching both grants, as one grant; null when no fact can match both (two different agencies). */
function intersectGrants(a: ResolvedGrant, b: ResolvedGrant): ResolvedGrant | null {
  if (a.agency !== null && b.agency !== null && a.agency !== b.agency) return null;
  if (a.companyId !== null && b.companyId !== null && a.companyId !== b.companyId) return null;
  let customers: string[] | null;
  if (a.customers === null) customers = b.customers === null ? null : [...b.customers];
  else if (b.customers === null) customers = [...a.customers];
  else {
    const inB = new Set(b.customers);
    customers = a.customers.filter((c) => inB.has(c));
  }
  return { customers, companyId: a.companyId ?? b.companyId, agency: a.agency ?? b.agency };
}
