import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../db.js';
import { openTestWarehouse } from '../kpi/test-ledger.js';
import { ALL_SCOPE, limitedScope, type AccessScope } from './access-scope.js';
import { readOpenItems, readPayments } from './customer-card.queries.js';
import { withScopedWarehouse } from './scoped-session.js';
import { AS_OF, CUSTOMERS, loadFixture } from './test-fixture.js';

// The card reads payments and invoices from memo tables sorted by customer and the open amounts from the customer's
// movements; these are the plain reads over core.documents, core.payments and core.allocations they replace, run in
// the same scoped session: both must give the same rows in every scope.
const paymentsOverCore = (db: Warehouse, customerId: string) =>
  db.all(
    `select p.company_id, p.payment_id, p.date::varchar as date, p.amount::varchar as amount, p.currency, p.method,
            coalesce(sum(a.amount), 0)::decimal(18,2)::varchar as allocated
     from core.payments p
     left join core.allocations a on a.company_id = p.company_id and a.source_type = 'payment' and a.source_id = p.payment_id
     where p.customer_id = $1
     group by p.company_id, p.payment_id, p.date, p.amount, p.currency, p.method
     order by p.date desc, p.payment_id limit 100`,
    [customerId],
  );
const openItemsOverCore = (db: Warehouse, customerId: string, asOf: string) =>
  db.all(
    `with open as (
       select company_id, item_id as document_id, currency, sum(amount) as open_amount from marts.ar_movements
       where item_type = 'invoice' and customer_id = $2 and effective_date <= $1::date
         and (closed_date is null or closed_date > $1::date)
       group by all having sum(amount) <> 0
     )
     select o.company_id, o.document_id, d.reference, o.currency, d.issue_date::varchar as issue_date, d.due_date::varchar as due_date,
            d.amount::varchar as amount, o.open_amount::decimal(18,2)::varchar as open_amount,
            ($1::date - d.due_date)::integer as days_past_due,
            case when d.due_date >= $1::date then 'not_due' when d.due_date >= $1::date - 30 then 'days_1_30'
                 when d.due_date >= $1::date - 60 then 'days_31_60' when d.due_date >= $1::date - 90 then 'days_61_90'
                 else 'days_over_90' end as bucket,
            d.disputed
     from open o join core.documents d using (company_id, document_id)
     where d.customer_id = $2
     order by d.due_date, o.company_id, o.document_id`,
    [asOf, customerId],
  );

let db: Warehouse;
beforeAll(async () => {
  db = await openTestWarehouse();
  await loadFixture(db);
});
afterAll(() => db.close());

const scopes: [string, AccessScope][] = [
  ['the whole group', ALL_SCOPE],
  ['a portfolio', limitedScope([{ customers: ['K1', 'K3'], companyId: null, agency: null }])],
  ['a company', limitedScope([{ customers: null, companyId: 'C2', agency: null }])],
];

describe('customer card reads', () => {
  it.each(scopes)(
    'in %s, payments and open items equal the plain reads over the core tables',
    async (_name, scope) => {
      await withScopedWarehouse(db, scope, async (w) => {
        let seen = 0;
        for (const { id } of CUSTOMERS) {
          const payments = await readPayments(w, id);
          expect(payments).toEqual(await paymentsOverCore(w, id));
          for (const asOf of ['2025-02-28', '2025-04-15', AS_OF]) {
            const items = await readOpenItems(w, id, asOf);
            expect(items).toEqual(await openItemsOverCore(w, id, asOf));
            seen += items.length;
          }
          seen += payments.length;
        }
        expect(seen).toBeGreaterThan(0);
      });
    },
  );
});
