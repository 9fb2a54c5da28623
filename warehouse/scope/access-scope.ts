import { createHash } from 'node:crypto';
import { listCustomersOfPortfolios, listUserScopes } from '../ops/access.queries.js';
import type { OpsDb } from '../ops/database.js';
import type { User } from '../ops/users.table.js';
import { readAccessGeneration } from './access-generation.js';

/**
 * What a user may see of the ledger. `all`: everything (admins, and users without any grant). `limited`: the facts
 * matching at least one grant, where a grant matches a fact when each of its non-null parts does: the customer is in
 * the portfolio, the fact's company is the company, the customer's agency is the agency.
 */
export type AccessScope = { kind: 'all' } | LimitedScope;

export interface LimitedScope {
  kind: 'limited';
  grants: ResolvedGrant[];
  /** A stable digest of the grants (the same grants give the same key). */
  key: string;
}

export interface ResolvedGrant {
  /** The portfolio's customers; null: any customer. */
  customers: string[] | null;
  companyId: string | null;
  agency: string | null;
}

export const ALL_SCOPE: AccessScope = Object.freeze({ kind: 'all' });

/** The scope of a user from their grants (ops.user_scopes) and portfolios; admins always see everything. */
export async function loadAccessScope(ops: OpsDb, user: Pick<User, 'id' | 'role'>): Promise<AccessScope> {
  if (user.role === 'admin') return ALL_SCOPE;
  const rows = await listUserScopes(ops, user.id);
  if (rows.length === 0) return ALL_SCOPE;
  const portfolios = await listCustomersOfPortfolios(ops, [
    ...new Set(rows.flatMap((r) => (r.portfolio_id === null ? [] : [r.portfolio_id]))),
  ]);
  return limitedScope(
    rows.map((r) => ({
      customers: r.portfolio_id === null ? null : (portfolios.get(r.portfolio_id) ?? []),
      companyId: r.company_id,
      agency: r.agency,
    })),
  );
}

/** Users whose scope is kept per ops database (least recently used out). */
const MAX_REMEMBERED_USERS = 10_000;
const remembered = new WeakMap<
  OpsDb,
  Map<number, { generation: number; role: User['role']; scope: AccessScope }>
>();

/**
 * loadAccessScope for every request (api/auth/authenticate.ts), kept per ops database and user under the access
 * generation (access-generation.ts) current when it was resolved: any later write of grants or portfolio customers
 * bumps the generation, so the next request resolves the scope again. Two ops queries (4 ms CPU for a 200-customer
 * portfolio) less on every request of a limited user.
 */
export async function loadAccessScopeCached(
  ops: OpsDb,
  user: Pick<User, 'id' | 'role'>,
): Promise<AccessScope> {
  if (user.role === 'admin') return ALL_SCOPE;
  // read before the scope is: a write committed while it loads leaves it under an older generation, never used again
  const generation = readAccessGeneration();
  let byUser = remembered.get(ops);
  if (!byUser) remembered.set(ops, (byUser = new Map()));
  const found = byUser.get(user.id);
  if (found?.generation === generation && found.role === user.role) {
    byUser.delete(user.id);
    byUser.set(user.id, found);
    return found.scope;
  }
  const scope = await loadAccessScope(ops, user);
  byUser.delete(user.id);
  byUser.set(user.id, { generation, role: user.role, scope });
  if (byUser.size > MAX_REMEMBERED_USERS) byUser.delete(byUser.keys().next().value!);
  return scope;
}

export function limitedScope(grants: ResolvedGrant[]): LimitedScope {
  const normalised = grants.map((g) => ({
    ...g,
    customers: g.customers === null ? null : [...new Set(g.customers)].sort(),
  }));
  const key = createHash('sha256').update(JSON.stringify(normalised)).digest('hex').slice(0, 24);
  return { kind: 'limited', grants: normalised, key };
}

/** A short description for logs and error messages. */
export function describeScope(scope: AccessScope): string {
  if (scope.kind === 'all') return 'all customers';
  return scope.grants
    .map((g) =>
      [
        g.customers === null ? null : `${g.customers.length} portfolio customers`,
        g.companyId && `company ${g.companyId}`,
        g.agency && `agency ${g.agency}`,
      ]
        .filter(Boolean)
        .join(' in '),
    )
    .join(' or ');
}
