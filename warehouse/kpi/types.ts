/** The aged balance by due date (DESIGN.md §4): money in the report's currency, rounded to cents. */
export interface AgingBuckets {
  not_due: number;
  days_1_30: number;
  days_31_60: number;
  days_61_90: number;
  days_over_90: number;
  /** Credit not allocated to any invoice (payments on account, unused credit notes): zero or negative. */
  unapplied: number;
  net_ar: number;
}

export const AGING_COLUMNS = [
  'not_due',
  'days_1_30',
  'days_31_60',
  'days_61_90',
  'days_over_90',
  'unapplied',
  'net_ar',
] as const satisfies readonly (keyof AgingBuckets)[];

/** What `encours kpi --json` prints. Ratios have 4 decimals; null where the denominator is zero. */
export interface KpiReport {
  asOf: string;
  currency: string;
  aging: AgingBuckets;
  dso: { simple: number | null; countback: number | null };
  bpdso: number | null;
  add: number | null;
  cei: number | null;
  collection_rate: number | null;
}

/** Which facts a figure covers: the group or one company; every currency converted, or one currency as is. */
export interface KpiScope {
  /** As-of date YYYY-MM-DD; default: the latest date with ledger data, or today if earlier. */
  asOf?: string;
  /** One company; default (or '*', as in marts.kpi_daily): the group. */
  companyId?: string;
  /** Only the facts in this currency, unconverted; default: all, in the reporting currency. */
  currency?: string;
}

export type AgingKey = 'customer' | 'company';

export interface AgingRow extends AgingBuckets {
  /** customer_id or company_id */
  key: string;
}

/** What `encours aging --json` prints. */
export interface AgingReport {
  asOf: string;
  currency: string;
  by: AgingKey;
  rows: AgingRow[];
  totals: AgingBuckets;
}
