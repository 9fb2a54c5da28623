// Test support: a small two-company, two-currency ledger with agencies, owners and credit limits, and the same
// ledger cut down to some customers/companies (what a scoped session must be equivalent to).
import type { Warehouse } from '../db.js';
import { loadLedger, type LedgerRows } from '../kpi/test-ledger.js';
import { runTransforms } from '../transform.js';

export const AS_OF = '2025-06-30';

export interface FixtureCustomer {
  id: string;
  name: string;
  agency: string;
  owner: string | null;
  creditLimit: string | null;
  companies: string[];
}

export const CUSTOMERS: FixtureCustomer[] = [
  {
    id: 'K1',
    name: 'Alpha Bâtiment',
    agency: 'North',
    owner: 'sam@example.com',
    creditLimit: '5000.00',
    companies: ['C1', 'C2'],
  },
  {
    id: 'K2',
    name: 'Beta Logistique',
    agency: 'North',
    owner: 'sam@example.com',
    creditLimit: null,
    companies: ['C1'],
  },
  {
    id: 'K3',
    name: 'Gamma Santé',
    agency: 'South',
    owner: 'lou@example.com',
    creditLimit: '100000.00',
    companies: ['C1', 'C2'],
  },
  { id: 'K4', name: 'Delta Export', agency: 'South', owner: null, creditLimit: null, companies: ['C2'] },
  {
    id: 'K5',
    name: 'Epsilon Conseil',
    agency: 'West',
    owner: 'lou@example.com',
    creditLimit: '1000.00',
    companies: ['C1'],
  },
];

/** Deterministic rows: per customer and company, monthly invoices Jan–Jun 2025, most paid (some late, some partly). */
export function buildFixtureLedger(): LedgerRows {
  const rows: Required<Pick<LedgerRows, 'customers' | 'documents' | 'payments' | 'allocations' | 'fxRates'>> =
    {
      customers: CUSTOMERS.map((c) => ({ id: c.id, name: c.name, terms: '30' })),
      documents: [],
      payments: [],
      allocations: [],
      fxRates: [
        ['2024-12-31', 'USD', '0.9000'],
        ['2025-03-31', 'USD', '0.9200'],
      ],
    };
  let n = 0;
  for (const [ci, customer] of CUSTOMERS.entries()) {
    for (const company of customer.companies) {
      const currency = company === 'C2' && customer.id === 'K4' ? 'USD' : 'EUR';
      for (let month = 1; month <= 6; month++) {
        n++;
        const issue = `2025-0${month}-05`;
        const due = `2025-0${month + 1 > 9 ? 9 : month + 1}-04`;
        const amount = (1000 + 137 * ((n * 7 + ci) % 11)).toFixed(2);
        const doc = `${company}-INV-${String(n).padStart(4, '0')}`;
        rows.documents.push([company, doc, customer.id, 'invoice', issue, due, amount, currency]);
        const late = (n + ci) % 4; // 0: open, 1: on time, 2: late, 3: half paid
        if (late === 0 || month >= 5) continue;
        const payDay = late === 1 ? `2025-0${month + 1}-01` : `2025-0${month + 2}-15`;
        const paid = late === 3 ? (Number(amount) / 2).toFixed(2) : amount;
        const pay = `${company}-PAY-${String(n).padStart(4, '0')}`;
        rows.payments.push([company, pay, customer.id, payDay, paid, currency]);
        rows.allocations.push([company, pay, 'payment', doc, paid, payDay]);
      }
      if (customer.id === 'K2') {
        rows.documents.push([
          company,
          `${company}-CN-K2`,
          'K2',
          'credit_note',
          '2025-05-20',
          '2025-05-20',
          '250.00',
          'EUR',
        ]);
        rows.payments.push([company, `${company}-PAY-K2-OA`, 'K2', '2025-06-10', '400.00', 'EUR']);
      }
    }
  }
  return rows;
}

/** Loads the fixture and sets agencies, owners and credit limits on the customers. */
export async function loadFixture(db: Warehouse, rows: LedgerRows = buildFixtureLedger()): Promise<void> {
  await loadLedger(db, rows);
  for (const c of CUSTOMERS) {
    await db.run(
      `update raw.canonical_customers set agency = $1, owner = $2, credit_limit = $3::decimal(18,2) where customer_id = $4`,
      [c.agency, c.owner, c.creditLimit, c.id],
    );
  }
  await runTransforms(db);
}

/** The ledger with only the facts of the given (customer, company) pairs. */
export function cutLedger(
  rows: LedgerRows,
  keep: (customerId: string, companyId: string) => boolean,
): LedgerRows {
  const documents = (rows.documents ?? []).filter((d) => keep(d[2], d[0]));
  const payments = (rows.payments ?? []).filter((p) => keep(p[2], p[0]));
  const kept = new Set([
    ...documents.map((d) => `${d[0]}/${d[1]}`),
    ...payments.map((p) => `${p[0]}/${p[1]}`),
  ]);
  const customers = new Set([...documents.map((d) => d[2]), ...payments.map((p) => p[2])]);
  return {
    customers: (rows.customers ?? []).filter((c) => customers.has(c.id)),
    documents,
    payments,
    allocations: (rows.allocations ?? []).filter((a) => kept.has(`${a[0]}/${a[3]}`)),
    fxRates: rows.fxRates,
  };
}
