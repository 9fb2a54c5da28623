import { EncoursError } from '../../lib/errors.js';
import { bumpAccessGeneration } from '../scope/access-generation.js';
import type { OpsDb } from './database.js';
import type { Portfolio } from './portfolios.table.js';
import type { UserScope } from './user-scopes.table.js';

/** One grant of a user: null fields do not restrict (see warehouse/scope/access-scope.ts). */
export interface Grant {
  portfolioId: number | null;
  companyId: string | null;
  agency: string | null;
}

export function listUserScopes(db: OpsDb, userId: number): Promise<UserScope[]> {
  return db.selectFrom('ops.user_scopes').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** Replaces every grant of a user (an empty list: no restriction beyond the role). */
export async function replaceUserScopes(
  db: OpsDb,
  userId: number,
  grants: readonly Grant[],
): Promise<UserScope[]> {
  for (const g of grants) {
    if (g.portfolioId === null && g.companyId === null && g.agency === null) {
      throw new EncoursError(
        'bad_input',
        'a scope grant needs a portfolio, a company or an agency; an empty list means no restriction',
      );
    }
    if (g.portfolioId !== null && !(await findPortfolio(db, g.portfolioId))) {
      throw new EncoursError(
        'not_found',
        `no portfolio ${g.portfolioId}; create it first (POST /api/portfolios)`,
      );
    }
  }
  await db.deleteFrom('ops.user_scopes').where('user_id', '=', userId).execute();
  for (const g of grants) {
    await db
      .insertInto('ops.user_scopes')
      .values({ user_id: userId, portfolio_id: g.portfolioId, company_id: g.companyId, agency: g.agency })
      .execute();
  }
  // cached scopes resolve again (inside a transaction, the caller bumps once more after its commit)
  bumpAccessGeneration();
  return listUserScopes(db, userId);
}

export function findPortfolio(db: OpsDb, id: number): Promise<Portfolio | undefined> {
  return db.selectFrom('ops.portfolios').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface PortfolioSummary extends Portfolio {
  customers: number;
}

export async function listPortfolios(db: OpsDb): Promise<PortfolioSummary[]> {
  const rows = await db
    .selectFrom('ops.portfolios as p')
    .leftJoin('ops.portfolio_customers as pc', 'pc.portfolio_id', 'p.id')
    .select(['p.id', 'p.name', 'p.created_at'])
    .select((eb) => eb.fn.count<string>('pc.customer_id').as('customers'))
    .groupBy(['p.id', 'p.name', 'p.created_at'])
    .orderBy('p.name')
    .execute();
  return rows.map((r) => ({ ...r, customers: Number(r.customers) }));
}

/** Creates a portfolio; a taken name is a conflict. */
export async function insertPortfolio(db: OpsDb, name: string): Promise<Portfolio> {
  const trimmed = name.trim();
  if (!trimmed) throw new EncoursError('bad_input', 'a portfolio needs a name');
  const created = await db
    .insertInto('ops.portfolios')
    .values({ name: trimmed })
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!created) throw new EncoursError('conflict', `a portfolio named "${trimmed}" already exists`);
  return created;
}

export async function listPortfolioCustomers(db: OpsDb, portfolioId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('ops.portfolio_customers')
    .select('customer_id')
    .where('portfolio_id', '=', portfolioId)
    .orderBy('customer_id')
    .execute();
  return rows.map((r) => r.customer_id);
}

/** The customer ids of several portfolios, keyed by portfolio id. */
export async function listCustomersOfPortfolios(
  db: OpsDb,
  portfolioIds: readonly number[],
): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>(portfolioIds.map((id) => [id, []]));
  if (portfolioIds.length === 0) return result;
  const rows = await db
    .selectFrom('ops.portfolio_customers')
    .selectAll()
    .where('portfolio_id', 'in', [...portfolioIds])
    .execute();
  for (const r of rows) result.get(r.portfolio_id)?.push(r.customer_id);
  return result;
}

/** Replaces the customers of a portfolio; returns the lists before and after. */
export async function replacePortfolioCustomers(
  db: OpsDb,
  portfolioId: number,
  customerIds: readonly string[],
): Promise<{ before: string[]; after: string[] }> {
  const before = await listPortfolioCustomers(db, portfolioId);
  const wanted = [...new Set(customerIds.map((c) => c.trim()).filter((c) => c !== ''))].sort();
  await db.deleteFrom('ops.portfolio_customers').where('portfolio_id', '=', portfolioId).execute();
  for (let i = 0; i < wanted.length; i += 500) {
    const slice = wanted.slice(i, i + 500);
    await db
      .insertInto('ops.portfolio_customers')
      .values(slice.map((customer_id) => ({ portfolio_id: portfolioId, customer_id })))
      .execute();
  }
  // cached scopes resolve again (inside a transaction, the caller bumps once more after its commit)
  bumpAccessGeneration();
  return { before, after: wanted };
}
