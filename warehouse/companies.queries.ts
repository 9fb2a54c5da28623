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
