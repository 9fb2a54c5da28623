// The overview's filters live in the URL (?asOf=&company=&currency=): shareable, and the back button works.

export interface ScopeFilters {
  asOf: string;
  company: string;
  currency: string;
}

export function readFilters(params: URLSearchParams): ScopeFilters {
  return {
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(params.get('asOf') ?? '') ? params.get('asOf')! : '',
    company: params.get('company') ?? '',
    currency: (params.get('currency') ?? '').toUpperCase(),
  };
}

/** The query string of the filters that are set. */
export function writeFilters(filters: ScopeFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** YYYY-MM-DD plus n days. */
export function shiftDate(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
