import type { Warehouse } from '../../warehouse/db.js';
import { runTransforms } from '../../warehouse/transform.js';
import { withSession, type AppendColumn } from '../../warehouse/features/session.js';
import { createRng, type Rng } from '../random.js';

/**
 * A small ledger whose payment behaviour is known exactly, for tests: each invoice's delay is
 * round(N(mu, sigma)) days after its due date, with mu from the customer's payer type, a linear drift, and an
 * amount effect; so P(late) = P(N > 0.5) is known per invoice. Loaded through the raw layer and the SQL models.
 */
export const SYNTHETIC_TYPES = {
  early: { share: 0.15, mean: -8, sd: 4, neverPaid: 0 },
  on_time: { share: 0.3, mean: 0, sd: 3, neverPaid: 0.002 },
  slightly_late: { share: 0.25, mean: 8, sd: 6, neverPaid: 0.005 },
  late: { share: 0.18, mean: 25, sd: 12, neverPaid: 0.01 },
  chronic_late: { share: 0.12, mean: 60, sd: 25, neverPaid: 0.04 },
} as const;
export type SyntheticType = keyof typeof SYNTHETIC_TYPES;

export interface SyntheticOptions {
  customers: number;
  seed: number;
  start?: string;
  end?: string;
  /** Mean invoices per customer and month (default 2). */
  rate?: number;
  companies?: string[];
  /** Let about a third of the customers drift over time (default true). */
  drift?: boolean;
}

export interface SyntheticInvoice {
  companyId: string;
  documentId: string;
  customerId: string;
  type: SyntheticType;
  issueDate: string;
  dueDate: string;
  /** True P(days late > 0) and P(days late > 30) given what generated it. */
  pLate: number;
  pLate30: number;
}

export interface SyntheticLedger {
  invoices: SyntheticInvoice[];
  customerTypes: Map<string, SyntheticType>;
}

const DAY = 86_400_000;
const TYPES = Object.keys(SYNTHETIC_TYPES) as SyntheticType[];
const TERMS = [30, 45, 60];

export async function loadSyntheticLedger(
  db: Warehouse,
  options: SyntheticOptions,
): Promise<SyntheticLedger> {
  const ledger = simulate(options);
  await withSession(db, async (s) => {
    for (const table of RAW_TABLES) {
      const rows = ledger.rows[table.key];
      await s.run(
        `create or replace temp table t_${table.key} (${table.columns.map(([n, t]) => `${n} ${t === 'double' ? 'double' : 'varchar'}`).join(', ')})`,
      );
      await s.append(
        `t_${table.key}`,
        table.columns.map(
          ([, type], i) =>
            ({
              type: type === 'double' ? 'double' : 'varchar',
              values: rows.map((r) => r[i] as string | number),
            }) as AppendColumn,
        ),
      );
      const names = table.columns.map(([n]) => n);
      await s.run(`insert into raw.canonical_${table.raw} (load_id, source_file, source_line, ${names.join(', ')}, row_hash)
        select 1, 'synthetic', (row_number() over ()) + 1, ${names.join(', ')}, 0 from t_${table.key}`);
    }
  });
  await runTransforms(db);
  return { invoices: ledger.invoices, customerTypes: ledger.customerTypes };
}

type RowKey = 'cust' | 'doc' | 'pay' | 'alloc';
const RAW_TABLES: { key: RowKey; raw: string; columns: [string, string][] }[] = [
  {
    key: 'cust',
    raw: 'customers',
    columns: [
      ['customer_id', 'varchar'],
      ['name', 'varchar'],
      ['country', 'varchar'],
      ['currency', 'varchar'],
      ['segment', 'varchar'],
      ['payment_terms', 'varchar'],
      ['credit_limit', 'double'],
    ],
  },
  {
    key: 'doc',
    raw: 'documents',
    columns: [
      ['company_id', 'varchar'],
      ['document_id', 'varchar'],
      ['customer_id', 'varchar'],
      ['type', 'varchar'],
      ['issue_date', 'date'],
      ['due_date', 'date'],
      ['amount', 'double'],
      ['currency', 'varchar'],
      ['disputed', 'boolean'],
      ['delivery', 'varchar'],
    ],
  },
  {
    key: 'pay',
    raw: 'payments',
    columns: [
      ['company_id', 'varchar'],
      ['payment_id', 'varchar'],
      ['customer_id', 'varchar'],
      ['date', 'date'],
      ['amount', 'double'],
      ['currency', 'varchar'],
      ['method', 'varchar'],
    ],
  },
  {
    key: 'alloc',
    raw: 'allocations',
    columns: [
      ['company_id', 'varchar'],
      ['source_id', 'varchar'],
      ['source_type', 'varchar'],
      ['document_id', 'varchar'],
      ['amount', 'double'],
      ['date', 'date'],
    ],
  },
];

interface Simulated extends SyntheticLedger {
  rows: Record<RowKey, unknown[][]>;
}

function simulate(options: SyntheticOptions): Simulated {
  const rng = createRng(options.seed);
  const start = Date.parse((options.start ?? '2023-01-01') + 'T00:00:00Z') / DAY;
  const end = Date.parse((options.end ?? '2025-12-31') + 'T00:00:00Z') / DAY;
  const companies = options.companies ?? ['C1'];
  const rows = {
    cust: [] as unknown[][],
    doc: [] as unknown[][],
    pay: [] as unknown[][],
    alloc: [] as unknown[][],
  };
  const invoices: SyntheticInvoice[] = [];
  const customerTypes = new Map<string, SyntheticType>();
  for (let c = 0; c < options.customers; c++) {
    const id = 'S' + String(c + 1).padStart(5, '0');
    const type = TYPES[rng.pickWeighted(TYPES.map((t) => SYNTHETIC_TYPES[t].share))]!;
    customerTypes.set(id, type);
    const terms = TERMS[rng.int(0, TERMS.length - 1)]!;
    const segment = rng.chance(0.3) ? 'key_account' : 'smb';
    const drawn = rng.chance(0.2) ? rng.uniform(10, 30) : rng.chance(0.15) ? -rng.uniform(5, 15) : 0;
    const drift = options.drift === false ? 0 : drawn;
    const join = rng.chance(0.15) ? rng.int(start, end - 120) : start;
    const median = Math.exp(rng.uniform(Math.log(300), Math.log(20_000)));
    rows.cust.push([id, `Synthetic ${c + 1}`, 'FR', 'EUR', segment, String(terms), Math.round(median * 8)]);
    const rate = (options.rate ?? 2) * rng.uniform(0.4, 1.8);
    const profile = SYNTHETIC_TYPES[type];
    for (
      let day = join + rng.int(0, 20);
      day <= end;
      day += Math.max(1, Math.round(rng.exponential(30 / rate)))
    ) {
      const n = invoices.length;
      const companyId = companies[n % companies.length]!;
      const documentId = 'INV' + String(n + 1).padStart(7, '0');
      const amount = Math.round(median * Math.exp(0.6 * rng.normal()) * 100) / 100;
      const due = day + terms;
      const progress = (day - start) / Math.max(1, end - start);
      const mean =
        profile.mean + drift * progress + (amount > 2.5 * median ? 6 : 0) + (isDecember(due) ? 4 : 0);
      const sd = profile.sd;
      const pLate = 1 - normalCdf((0.5 - mean) / sd);
      const pLate30 = 1 - normalCdf((30.5 - mean) / sd);
      invoices.push({
        companyId,
        documentId,
        customerId: id,
        type,
        issueDate: iso(day),
        dueDate: iso(due),
        pLate,
        pLate30,
      });
      rows.doc.push([
        companyId,
        documentId,
        id,
        'invoice',
        iso(day),
        iso(due),
        amount,
        'EUR',
        false,
        'electronic',
      ]);
      if (rng.chance(profile.neverPaid)) continue;
      const paid = due + Math.round(mean + sd * rng.normal());
      const instalment = rng.chance(0.1) && paid - day > 10 ? Math.round(amount * 50) / 100 : 0;
      if (instalment > 0)
        pay(rows, companyId, id, documentId, day + Math.round((paid - day) / 2), instalment, end);
      pay(
        rows,
        companyId,
        id,
        documentId,
        Math.max(paid, day),
        Math.round((amount - instalment) * 100) / 100,
        end,
      );
    }
  }
  return { invoices, customerTypes, rows };
}

function pay(
  rows: { pay: unknown[][]; alloc: unknown[][] },
  company: string,
  customer: string,
  doc: string,
  day: number,
  amount: number,
  end: number,
): void {
  if (day > end || amount <= 0) return;
  const id = 'PAY' + String(rows.pay.length + 1).padStart(7, '0');
  rows.pay.push([company, id, customer, iso(day), amount, 'EUR', 'transfer']);
  rows.alloc.push([company, id, 'payment', doc, amount, iso(day)]);
}

function iso(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function isDecember(day: number): boolean {
  return new Date(day * DAY).getUTCMonth() === 11;
}

/** Standard normal CDF (Zelen & Severo 26.2.17, |error| < 7.5e-8). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return x >= 0 ? 1 - tail : tail;
}

export type { Rng };
