import type { Warehouse } from '../../warehouse/db.js';

/** Per-company import settings a FEC import may set; undefined = keep what the company has (or the default). */
export interface FecSettings {
  unlettered?: 'unapplied' | 'oldest-first';
  defaultTerms?: string;
  receivablePrefix?: string;
  currency?: string;
  salesJournals?: string[];
  openingJournals?: string[];
}

interface CompanyRow {
  unlettered: string | null;
  default_terms: string | null;
  receivable_prefix: string | null;
  currency: string | null;
  source_format: string | null;
}

/** Records the settings of one company (meta.company_settings, meta.fec_settings). True when anything changed. */
export async function saveFecSettings(
  tx: Warehouse,
  companyId: string,
  settings: FecSettings,
): Promise<boolean> {
  const [old] = await tx.all<CompanyRow>(
    'select unlettered, default_terms, receivable_prefix, currency, source_format from meta.company_settings where company_id = $1',
    [companyId],
  );
  const next: CompanyRow = {
    unlettered: settings.unlettered ?? old?.unlettered ?? 'unapplied',
    default_terms: settings.defaultTerms ?? old?.default_terms ?? '30',
    receivable_prefix: settings.receivablePrefix ?? old?.receivable_prefix ?? '411',
    currency: settings.currency ?? old?.currency ?? null,
    source_format: old?.source_format ?? 'fec',
  };
  let changed = !old || (Object.keys(next) as (keyof CompanyRow)[]).some((k) => next[k] !== old[k]);
  if (changed) {
    await tx.run(
      `insert into meta.company_settings (company_id, unlettered, default_terms, receivable_prefix, currency, source_format)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (company_id) do update set unlettered = excluded.unlettered, default_terms = excluded.default_terms,
         receivable_prefix = excluded.receivable_prefix, currency = excluded.currency`,
      [
        companyId,
        next.unlettered,
        next.default_terms,
        next.receivable_prefix,
        next.currency,
        next.source_format,
      ],
    );
  }
  if (settings.salesJournals || settings.openingJournals) {
    changed = (await saveJournals(tx, companyId, settings)) || changed;
  }
  return changed;
}

async function saveJournals(tx: Warehouse, companyId: string, settings: FecSettings): Promise<boolean> {
  const [old] = await tx.all<{ sales: string | null; opening: string | null }>(
    `select array_to_string(sales_journals, ',') as sales, array_to_string(opening_journals, ',') as opening
     from meta.fec_settings where company_id = $1`,
    [companyId],
  );
  const sales = settings.salesJournals?.join(',') ?? old?.sales ?? null;
  const opening = settings.openingJournals?.join(',') ?? old?.opening ?? null;
  if (old && old.sales === sales && old.opening === opening) return false;
  await tx.run(
    `insert into meta.fec_settings values ($1, string_split(nullif($2, ''), ','), string_split(nullif($3, ''), ','))
     on conflict (company_id) do update set sales_journals = excluded.sales_journals,
       opening_journals = excluded.opening_journals`,
    [companyId, sales ?? '', opening ?? ''],
  );
  return true;
}
