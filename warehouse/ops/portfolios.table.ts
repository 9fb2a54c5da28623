import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface PortfoliosTable {
  id: Generated<number>;
  name: string;
  created_at: Generated<Date>;
}

export type Portfolio = Selectable<PortfoliosTable>;
export type NewPortfolio = Insertable<PortfoliosTable>;
export type PortfolioUpdate = Updateable<PortfoliosTable>;

/** Which customers a portfolio holds (customer ids are group-wide, as in core.customers). */
export interface PortfolioCustomersTable {
  portfolio_id: number;
  customer_id: string;
}

export type PortfolioCustomer = Selectable<PortfolioCustomersTable>;
export type NewPortfolioCustomer = Insertable<PortfolioCustomersTable>;
