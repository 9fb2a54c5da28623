import { listValue } from '@duckdb/node-api';
import type { Warehouse } from './db.js';

export interface CompanyName {
  company_id: string;
  name: string;
}

/** Display names of companies (core.companies: the configured name, else the company id). */
export async function findCompanyNames(
  db: Pick<Warehouse, 'all'>,
  companyIds: readonly string[],
): Promise<CompanyName[]> {
  if (companyIds.length === 0) return [];
  const [exists] = await db.all<{ n: string }>(
    `select count(*) as n from information_schema.tables where table_schema = 'core' and table_name = 'companies'`,
  );
  if (Number(exists?.n ?? 0) === 0) return [];
  return db.all<CompanyName>(
    `select company_id, name from core.companies where list_contains(?::varchar[], company_id) order by company_id`,
    [listValue([...companyIds])],
  );
}

export interface CompanyOverview {
  company_id: string;
  name: string;
  /** The configured currency first, then the other currencies of its documents and payments. */
  currencies: string[];
  documents: number;
  customers: number;
  /** First and last date of its documents (issue) and payments; null for a configured company without facts. */
  first_date: string | null;
  last_date: string | null;
}

export interface LatestFxRate {
  currency: string;
  date: string;
  /** 1 unit of currency in the reporting currency (DECIMAL as a string). */
  rate: string;
}

async function tableExists(db: Pick<Warehouse, 'all'>, schema: string, table: string): Promise<boolean> {
  const [row] = await db.all<{ n: number }>(
    `select count(*)::integer as n from information_schema.tables where table_schema = ? and table_name = ?`,
    [schema, table],
  );
  return Number(row?.n ?? 0) > 0;
}

/** Every company (core.companies) with its currencies, document and customer counts and the dates its facts span. */
export async function listCompanyOverview(db: Pick<Warehouse, 'all'>): Promise<CompanyOverview[]> {
  if (!(await tableExists(db, 'core', 'companies'))) return [];
  return db.all<CompanyOverview>(
    `with facts as (
       select company_id, customer_id, currency, issue_date as date, 1 as document from core.documents
       union all
       select company_id, customer_id, currency, date, 0 as document from core.payments
     ),
     per_company as (
       select company_id,
              sum(document)::integer as documents,
              count(distinct customer_id) filter (where document = 1)::integer as customers,
              list_sort(list_distinct(list(currency))) as seen,
              strftime(min(date), '%Y-%m-%d') as first_date,
              strftime(max(date), '%Y-%m-%d') as last_date
       from facts group by company_id
     )
     select c.company_id, c.name,
            list_concat([c.currency], list_filter(coalesce(f.seen, []::varchar[]), x -> x <> c.currency)) as currencies,
            coalesce(f.documents, 0) as documents, coalesce(f.customers, 0) as customers,
            f.first_date, f.last_date
     from core.companies c left join per_company f using (company_id)
     order by c.company_id`,
  );
}

/** The latest rate of each currency of core.fx_rates and the date it is for. */
export async function listLatestFxRates(db: Pick<Warehouse, 'all'>): Promise<LatestFxRate[]> {
  if (!(await tableExists(db, 'core', 'fx_rates'))) return [];
  return db.all<LatestFxRate>(
    `select currency, strftime(max(date), '%Y-%m-%d') as date, arg_max(rate, date)::varchar as rate
     from core.fx_rates group by currency order by currency`,
  );
}
