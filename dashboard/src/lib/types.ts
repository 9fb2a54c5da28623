// The JSON the dashboard reads, as the API's route schemas describe it (api/routes/*.ts). Money: numbers rounded
// to cents in the KPI routes, exact decimal strings everywhere else.

export type BucketKey = 'not_due' | 'days_1_30' | 'days_31_60' | 'days_61_90' | 'days_over_90';
export const BUCKETS: readonly BucketKey[] = [
  'not_due',
  'days_1_30',
  'days_31_60',
  'days_61_90',
  'days_over_90',
];
export const OVERDUE_BUCKETS: readonly BucketKey[] = [
  'days_1_30',
  'days_31_60',
  'days_61_90',
  'days_over_90',
];

export interface AgingBuckets {
  not_due: number;
  days_1_30: number;
  days_31_60: number;
  days_61_90: number;
  days_over_90: number;
  unapplied: number;
  net_ar: number;
}

/** GET /api/kpi (the `encours kpi --json` shape). Ratios are null when undefined. */
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

/** GET /api/aging */
export interface AgingReport {
  asOf: string;
  currency: string;
  by: 'customer' | 'company';
  rows: (AgingBuckets & { key: string; name?: string | null })[];
  totals: AgingBuckets;
}

export interface KpiTrendPoint {
  asOf: string;
  currency: string;
  net_ar: string;
  not_due: string;
  overdue: string;
  unapplied: string;
  dso_simple: number | null;
  dso_countback: number | null;
  bpdso: number | null;
  add: number | null;
  cei: number | null;
  collection_rate: number | null;
}

/** GET /api/kpi/trend */
export interface KpiTrend {
  company: string;
  from: string;
  to: string;
  points: KpiTrendPoint[];
}

export interface ForecastWeek {
  week: number;
  start: string;
  end: string;
  expected: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface ForecastSeries {
  company_id: string;
  currency: string;
  open_amount: number;
  weeks: ForecastWeek[];
  beyond: number;
}

/** GET /api/forecast (the `encours forecast --json` shape). */
/** GET /api/forecast/actuals: collected per week since asOf on the invoices open then (weeks fully past only). */
export interface ForecastActuals {
  asOf: string;
  through: string;
  weeks: { week: number; start: string; end: string; amount: number }[];
}

export interface CashForecast {
  asOf: string;
  weeks: number;
  method: 'model' | 'avg_delay';
  model_version: string | null;
  reporting_currency: string;
  consolidated: ForecastSeries;
  by_company: ForecastSeries[];
  promises: number;
}

/** One row of GET /api/customers */
export interface CustomerListItem {
  customer_id: string;
  name: string;
  country: string | null;
  currency: string | null;
  segment: string | null;
  agency: string | null;
  owner: string | null;
  credit_limit: string | null;
  net_ar: string;
  not_due: string;
  overdue: string;
  days_over_90: string;
  risk_class: string | null;
  profile: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface CustomerAging {
  currency: string;
  not_due: string;
  days_1_30: string;
  days_31_60: string;
  days_61_90: string;
  days_over_90: string;
  unapplied: string;
  net_ar: string;
}

export interface OpenItem {
  company_id: string;
  document_id: string;
  reference: string | null;
  currency: string;
  issue_date: string;
  due_date: string;
  amount: string;
  open_amount: string;
  days_past_due: number;
  bucket: BucketKey;
  disputed: boolean;
  open_dispute_id?: number | null;
}

export interface TimelineEvent {
  at: string;
  kind: 'comment' | 'promise' | 'dispute' | 'dispute_closed' | 'reminder' | 'change' | 'payment';
  actor: string;
  summary: string;
  id?: string | null;
  data?: Record<string, unknown>;
}

export interface ScorePoint {
  as_of: string;
  risk_class: string;
  model_class: string;
  overridden: boolean;
  profile: string;
  p_late: number | null;
  expected_days_late: number | null;
  reasons: unknown;
}

/** GET /api/customers/:id */
export interface CustomerCard {
  asOf: string;
  currency: string;
  customer: {
    customer_id: string;
    name: string;
    country?: string | null;
    currency?: string | null;
    segment?: string | null;
    payment_terms?: string | null;
    email?: string | null;
    phone?: string | null;
    owner?: string | null;
    agency?: string | null;
    group_id?: string | null;
  };
  settings: {
    credit_limit: string | null;
    credit_limit_source: 'application' | 'ledger' | 'none';
    credit_hold: boolean;
    hold_reason?: string | null;
    reminders_paused_until: string | null;
    pause_reason?: string | null;
  };
  kpis: {
    aging: CustomerAging;
    byCurrency: CustomerAging[];
    exposure: string;
    over_limit: boolean;
    open_invoices: number;
    overdue_invoices: number;
    oldest_days_past_due?: number | null;
  };
  openItems: OpenItem[];
  payments: {
    company_id: string;
    payment_id: string;
    date: string;
    amount: string;
    currency: string;
    method: string;
    allocated: string;
  }[];
  scores: ScorePoint[];
  timeline: TimelineEvent[];
}

export interface AppUser {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'user' | 'viewer' | 'analyst';
  disabled: boolean;
  created_at?: string;
}

export interface AppNotification {
  id: number;
  kind: string;
  entity: string;
  entity_id: string;
  message: string;
  created_at: string;
  read_at: string | null;
}
