import type { Warehouse } from '../db.js';

export interface FilterOptions {
  companies: Array<{ id: string; name: string | null }>;
  agencies: string[];
  /** Portfolios holding at least one customer the warehouse shows. */
  portfolioIds: number[];
}

/** The companies, agencies and portfolios a (scoped) warehouse shows, for the overview's filters. */
export async function readFilterOptions(db: Warehouse): Promise<FilterOptions> {
  const companies = await db.all<{ id: string; name: string | null }>(
    'select company_id as id, name from core.companies order by company_id',
  );
  const agencies = await db.all<{ agency: string }>(
    'select distinct agency from core.customers where agency is not null order by agency',
  );
  const portfolios = await db.all<{ id: number }>(
    'select distinct portfolio_id::integer as id from ops.portfolio_customers order by id',
  );
  return {
    companies,
    agencies: agencies.map((r) => r.agency),
    portfolioIds: portfolios.map((r) => Number(r.id)),
  };
}
