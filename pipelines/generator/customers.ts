import type { Calendar } from './calendar.js';
import type { FxTable } from './fx.js';
import type { Customer } from './ledger.js';
import { roundCents } from './money.js';
import { drawAgency, drawCompanyName, drawOwner, drawPhone, slugify } from './names.js';
import { DRIFT_SHARES, MIN_MEAN_DELAY, PAYER_PROFILES, PAYER_TYPES, type DriftKind } from './payer-types.js';
import type { Rng } from './random.js';
import { parseTerms } from './terms.js';

const SEGMENTS = ['key_account', 'mid_market', 'smb', 'public'] as const;
const SEGMENT_SHARE = [0.05, 0.3, 0.57, 0.08];
const SEGMENT_VOLUME = [6, 2, 1, 1.5];
const SEGMENT_TICKET = [3, 1.5, 0.6, 1.2];
const TERMS = ['30', '45', '60', '45FM', '30FM'];
const TERMS_SHARE = [0.35, 0.15, 0.2, 0.15, 0.15];
const METHODS = ['transfer', 'sepa_debit', 'check', 'card', 'other'];
const METHOD_SHARE = [0.6, 0.2, 0.12, 0.05, 0.03];
const DELIVERIES = ['electronic', 'portal', 'paper'];
const DELIVERY_SHARE = [0.5, 0.2, 0.3];
const EURO_COUNTRIES = ['FR', 'BE', 'DE', 'ES', 'IT'];
const EURO_COUNTRY_SHARE = [0.85, 0.05, 0.04, 0.03, 0.03];
const COUNTRY_OF: Record<string, string> = {
  USD: 'US',
  GBP: 'GB',
  CHF: 'CH',
  JPY: 'JP',
  CNY: 'CN',
  XOF: 'SN',
};
const DRIFTS = Object.keys(DRIFT_SHARES) as DriftKind[];
const NEW_CUSTOMER_SHARE = 0.12;
const CHURN_SHARE = 0.08;
const FOREIGN_SHARE = 0.2;

/** Draws every customer: public record, payer type, drift, activity span, size, companies and habits. */
export function buildCustomers(
  rng: Rng,
  count: number,
  companyCount: number,
  fx: FxTable,
  calendar: Calendar,
): Customer[] {
  const last = calendar.lastDay;
  const groupCount = Math.max(1, Math.floor(count / 25));
  const customers: Customer[] = [];
  for (let index = 0; index < count; index++) {
    const type = PAYER_TYPES[rng.pickWeighted(PAYER_TYPES.map((t) => PAYER_PROFILES[t].share))]!;
    const isNew = index > 0 && rng.chance(NEW_CUSTOMER_SHARE);
    const joinDay = isNew ? rng.int(Math.floor(last * 0.6), last) : 0;
    const leaveDay =
      !isNew && index > 0 && rng.chance(CHURN_SHARE) ? rng.int(Math.floor(last * 0.3), last) : last;
    const drift = DRIFTS[rng.pickWeighted(DRIFTS.map((d) => DRIFT_SHARES[d]))]!;
    const currency =
      fx.currencies.length > 1 && rng.chance(FOREIGN_SHARE) ? rng.int(1, fx.currencies.length - 1) : 0;
    const country = drawCountry(rng, fx.currencies[currency]!);
    const segment = rng.pickWeighted(SEGMENT_SHARE);
    const medianEur = rng.logNormal(Math.log(1200), 0.8) * SEGMENT_TICKET[segment]!;
    const medianCents = roundCents((medianEur * 100) / fx.initial[currency]!, 100);
    const terms =
      SEGMENTS[segment] === 'public' && rng.chance(0.7) ? '60' : TERMS[rng.pickWeighted(TERMS_SHARE)]!;
    const name = drawCompanyName(rng);
    customers.push({
      index,
      id: 'CU' + String(index + 1).padStart(6, '0'),
      name,
      country,
      currency,
      segment: SEGMENTS[segment]!,
      terms,
      parsedTerms: parseTerms(terms),
      creditLimitCents: roundCents(medianCents * rng.uniform(5, 20), 100_000),
      email: `compta@${slugify(name) || 'client'}.${country.toLowerCase()}`,
      phone: drawPhone(rng, country),
      owner: drawOwner(rng),
      agency: drawAgency(rng),
      groupId: rng.chance(0.12) ? 'G' + String(rng.int(1, groupCount)).padStart(4, '0') : '',
      method: METHODS[rng.pickWeighted(METHOD_SHARE)]!,
      delivery: DELIVERIES[rng.pickWeighted(DELIVERY_SHARE)]!,
      type,
      drift,
      driftDays: drawDriftDays(rng, drift, PAYER_PROFILES[type].meanDelay),
      joinDay,
      leaveDay,
      isNew,
      weight: rng.logNormal(0, 1) * SEGMENT_VOLUME[segment]!,
      medianCents,
      amountSigma: rng.uniform(0.4, 0.8),
      companies: drawCompanies(rng, companyCount),
      paymentRun: rng.chance(0.2) ? (rng.chance(0.5) ? rng.int(1, 5) : 100 + rng.pick([5, 10, 15, 25])) : 0,
    });
  }
  return customers;
}

function drawCountry(rng: Rng, currency: string): string {
  if (currency === 'EUR') return EURO_COUNTRIES[rng.pickWeighted(EURO_COUNTRY_SHARE)]!;
  return COUNTRY_OF[currency] ?? currency.slice(0, 2);
}

function drawDriftDays(rng: Rng, drift: DriftKind, meanDelay: number): number {
  if (drift === 'deteriorating') return Math.round(rng.uniform(15, 45));
  if (drift === 'improving') return Math.round(Math.max(-rng.uniform(10, 25), MIN_MEAN_DELAY - meanDelay));
  return 0;
}

/** Main company first (C1 most often); about one customer in four also buys from other companies. */
function drawCompanies(rng: Rng, companyCount: number): number[] {
  if (companyCount === 1) return [0];
  const main = rng.chance(0.5) ? 0 : rng.int(0, companyCount - 1);
  const companies = [main];
  for (let c = 0; c < companyCount; c++) {
    if (c !== main && rng.chance(0.25 / Math.max(1, companyCount - 1) + 0.1)) companies.push(c);
  }
  return companies;
}
