// The overview's filters live in the URL (?asOf=&company=&currency=&agency=&portfolio=): shareable, and the back
// button works. Agency and portfolio narrow what the caller sees on every overview request (the API's view filters).

export interface ScopeFilters {
  asOf: string;
  company: string;
  currency: string;
  agency: string;
  /** A portfolio's id, as text ('' for none). */
  portfolio: string;
}

/** The choices of the filter bar (GET /api/filters), within the caller's scope. */
export interface FilterOptions {
  companies: Array<{ id: string; name: string | null }>;
  agencies: string[];
  portfolios: Array<{ id: number; name: string }>;
}

export function readFilters(params: URLSearchParams): ScopeFilters {
  return {
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(params.get('asOf') ?? '') ? params.get('asOf')! : '',
    company: params.get('company') ?? '',
    currency: (params.get('currency') ?? '').toUpperCase(),
    agency: params.get('agency') ?? '',
    portfolio: /^\d+$/.test(params.get('portfolio') ?? '') ? params.get('portfolio')! : '',
  };
}

/** The query string of the filters that are set. */
export function writeFilters(filters: ScopeFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The view filters as API query parameters (unset ones left out). */
export function viewFilterQuery(filters: Pick<ScopeFilters, 'agency' | 'portfolio'>): {
  agency?: string;
  portfolio?: string;
} {
  return {
    ...(filters.agency ? { agency: filters.agency } : {}),
    ...(filters.portfolio ? { portfolio: filters.portfolio } : {}),
  };
}

/** YYYY-MM-DD plus n days. */
export function shiftDate(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
