import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../db.js';
import { computeAging, computeKpis, materializeKpiSnapshots } from '../kpi/index.js';
import { openTestWarehouse } from '../kpi/test-ledger.js';
import { limitedScope, type ResolvedGrant } from './access-scope.js';
import { withScopedWarehouse } from './scoped-session.js';
import { listCustomers } from './customers.queries.js';
import { runTransforms } from '../transform.js';
import { AS_OF, buildFixtureLedger, cutLedger, loadFixture, CUSTOMERS } from './test-fixture.js';

let full: Warehouse;
const rows = buildFixtureLedger();
const agencyOf = new Map(CUSTOMERS.map((c) => [c.id, c.agency]));

beforeAll(async () => {
  full = await openTestWarehouse();
  await loadFixture(full, rows);
  await materializeKpiSnapshots(full, ['2025-04-30', '2025-05-31', AS_OF]);
});

afterAll(() => full.close());

const cases: {
  name: string;
  grants: ResolvedGrant[];
  keep: (customer: string, company: string) => boolean;
}[] = [
  {
    name: 'a portfolio',
    grants: [{ customers: ['K1', 'K3'], companyId: null, agency: null }],
    keep: (k) => k === 'K1' || k === 'K3',
  },
  {
    name: 'a company',
    grants: [{ customers: null, companyId: 'C2', agency: null }],
    keep: (_k, c) => c === 'C2',
  },
  {
    name: 'an agency',
    grants: [{ customers: null, companyId: null, agency: 'South' }],
    keep: (k) => agencyOf.get(k) === 'South',
  },
  {
    name: 'a portfolio within a company, or an agency',
    grants: [
      { customers: ['K1', 'K2'], companyId: 'C1', agency: null },
      { customers: null, companyId: null, agency: 'West' },
    ],
    keep: (k, c) => ((k === 'K1' || k === 'K2') && c === 'C1') || agencyOf.get(k) === 'West',
  },
];

describe('a scoped session is the ledger of its scope', () => {
  it.each(cases)(
    '$name: KPIs, aging and the KPI trend equal those of the cut ledger',
    async ({ grants, keep }) => {
      const cut = await openTestWarehouse();
      try {
        await loadFixture(cut, cutLedger(rows, keep));
        await materializeKpiSnapshots(cut, ['2025-04-30', '2025-05-31', AS_OF]);
        const scope = limitedScope(grants);
        const scoped = await withScopedWarehouse(full, scope, async (db) => ({
          kpis: await computeKpis(db, { asOf: AS_OF }),
          aging: await computeAging(db, { asOf: AS_OF }),
          customers: await db.all<{ customer_id: string }>(
            'select customer_id from core.customers order by 1',
          ),
          trend: await db.all(
            'select * exclude (computed_at) from marts.kpi_daily order by as_of, company_id',
          ),
          documents: await db.all<{ n: string }>('select count(*) as n from core.documents'),
        }));
        expect(scoped.kpis).toEqual(await computeKpis(cut, { asOf: AS_OF }));
        expect(scoped.aging).toEqual(await computeAging(cut, { asOf: AS_OF }));
        expect(scoped.trend).toEqual(
          await cut.all('select * exclude (computed_at) from marts.kpi_daily order by as_of, company_id'),
        );
        expect(scoped.documents).toEqual(await cut.all('select count(*) as n from core.documents'));
        const expectedCustomers = [...new Set(cutLedger(rows, keep).documents!.map((d) => d[2]))].sort();
        expect(scoped.customers.map((c) => c.customer_id)).toEqual(expectedCustomers);
      } finally {
        cut.close();
      }
    },
  );

  it('leaves the warehouse unscoped for other connections, during and after a scoped session', async () => {
    const all = await full.all<{ n: string }>('select count(*) as n from core.customers');
    await withScopedWarehouse(
      full,
      limitedScope([{ customers: ['K1'], companyId: null, agency: null }]),
      async (db) => {
        expect(await db.all('select count(*) as n from core.customers')).toEqual([{ n: '1' }]);
        expect(await full.all('select count(*) as n from core.customers')).toEqual(all);
      },
    );
    expect(await full.all('select count(*) as n from core.customers')).toEqual(all);
  });

  it('an empty portfolio sees nothing, and a company filter on a company out of scope is unknown', async () => {
    await withScopedWarehouse(
      full,
      limitedScope([{ customers: [], companyId: null, agency: null }]),
      async (db) => {
        expect(await db.all('select count(*) as n from core.documents')).toEqual([{ n: '0' }]);
        expect((await computeKpis(db, { asOf: AS_OF })).aging.net_ar).toBe(0);
      },
    );
    await withScopedWarehouse(
      full,
      limitedScope([{ customers: null, companyId: 'C1', agency: null }]),
      async (db) => {
        await expect(computeKpis(db, { asOf: AS_OF, companyId: 'C2' })).rejects.toThrow(
          /unknown company "C2" \(known companies: C1\)/,
        );
      },
    );
  });

  it('ops rows follow the customer; ops tables without a customer are empty', async () => {
    await full.run(`insert into ops.users (email, name, role) values ('x@y.z', 'X', 'admin')`);
    await full.run(
      `insert into ops.promises (company_id, customer_id, amount, promised_date, created_by) values ('C1', 'K1', 1, '2025-07-01', 'system'), ('C1', 'K3', 2, '2025-07-01', 'system')`,
    );
    await withScopedWarehouse(
      full,
      limitedScope([{ customers: ['K1'], companyId: null, agency: null }]),
      async (db) => {
        expect(await db.all('select customer_id from ops.promises')).toEqual([{ customer_id: 'K1' }]);
        expect(await db.all('select * from ops.users')).toEqual([]);
        await expect(db.all('select * from raw.canonical_documents')).rejects.toThrow(/does not exist/);
      },
    );
  });

  it('a relation no rule knows is empty in a scoped session (default deny)', async () => {
    await full.run('create table marts.unknown_totals as select 1 as total');
    try {
      await withScopedWarehouse(
        full,
        limitedScope([{ customers: ['K1'], companyId: null, agency: null }]),
        async (db) => {
          expect(await db.all('select * from marts.unknown_totals')).toEqual([]);
        },
      );
    } finally {
      await full.run('drop table marts.unknown_totals');
    }
  });
});

describe('other ways into a scoped warehouse stay scoped', () => {
  it('withConnection and nested transactions see the same scope', async () => {
    await withScopedWarehouse(
      full,
      limitedScope([{ customers: ['K2'], companyId: null, agency: null }]),
      async (db) => {
        const viaConnection = await db.withConnection(async (c) =>
          (await c.runAndReadAll('select distinct customer_id from core.documents')).getRowObjectsJson(),
        );
        expect(viaConnection).toEqual([{ customer_id: 'K2' }]);
        expect(
          await db.transaction((tx) => tx.all('select distinct customer_id from core.payments')),
        ).toEqual([{ customer_id: 'K2' }]);
        expect(() => db.close()).toThrow(/closed by the code that opened it/);
      },
    );
  });
});

describe('memoised scope results follow the data', () => {
  it('a new import changes what a scope sees (pairs, ar_daily and the customer list are recomputed)', async () => {
    const scope = limitedScope([{ customers: ['K5'], companyId: null, agency: null }]);
    const read = () =>
      withScopedWarehouse(full, scope, async (db) => ({
        netAr: (await computeKpis(db, { asOf: AS_OF })).aging.net_ar,
        list: (await listCustomers(db, { asOf: AS_OF })).items.map((c) => [c.customer_id, c.net_ar]),
      }));
    const before = await read();
    await full.run(
      `insert into raw.canonical_documents (load_id, source_file, source_line, company_id, document_id, customer_id, type, issue_date, due_date, amount, currency, row_hash)
       values (2, 'late.csv', 1, 'C1', 'C1-LATE-1', 'K5', 'invoice', '2025-06-20', '2025-07-20', 1000.00, 'EUR', 0)`,
    );
    await runTransforms(full);
    const after = await read();
    expect(after.netAr).toBeCloseTo(before.netAr + 1000, 2);
    expect(Number(after.list[0]![1])).toBeCloseTo(Number(before.list[0]![1]) + 1000, 2);
    await full.run(`delete from raw.canonical_documents where document_id = 'C1-LATE-1'`);
    await runTransforms(full);
    expect((await read()).netAr).toBe(before.netAr);
  });
});

describe('customer list sort', () => {
  it('sorts amounts as numbers, not as their text', async () => {
    for (const descending of [true, false]) {
      const { items } = await listCustomers(full, { asOf: AS_OF, sort: { by: 'net_ar', descending } });
      const amounts = items.map((c) => Number(c.net_ar));
      const sorted = [...amounts].sort((a, b) => (descending ? b - a : a - b));
      expect(amounts).toEqual(sorted);
    }
  });
});
