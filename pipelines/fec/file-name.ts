import { basename } from 'node:path';
import { isIsoDate } from '../../lib/dates.js';

/** What the legal FEC file name (`<SIREN>FEC<AAAAMMJJ>.txt`, closing date of the fiscal year) tells. */
export interface FecFileName {
  siren: string | null;
  /** Closing date of the fiscal year, YYYY-MM-DD. */
  closingDate: string | null;
}

const LEGAL_NAME = /^(\d{9})?\s*FEC\s*(\d{8})?/i;

export function parseFecFileName(path: string): FecFileName {
  const match = LEGAL_NAME.exec(basename(path));
  if (!match) return { siren: null, closingDate: null };
  const raw = match[2];
  const iso = raw ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : null;
  return { siren: match[1] ?? null, closingDate: iso && isIsoDate(iso) ? iso : null };
}

/** The company a FEC belongs to: --company, else the SIREN in its name, else 'default'. */
export function chooseCompanyId(path: string, explicit: string | undefined): string {
  if (explicit) return explicit;
  return parseFecFileName(path).siren ?? 'default';
}
