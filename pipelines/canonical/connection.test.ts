import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { importCanonical } from './import.js';
import { openTestWarehouse, writeCanonicalFolder } from './testing.js';

let db: Warehouse;
beforeEach(async () => {
  db = await openTestWarehouse();
});
afterEach(() => db.close());

/** The warehouse, with `meanwhile` committed on another connection just before the import's transaction opens. */
function committingBeforeBegin(meanwhile: () => Promise<void>): Warehouse {
  return {
    ...db,
    withConnection: <T>(work: (c: DuckDBConnection) => Promise<T>) =>
      db.withConnection((connection) => {
        const run = connection.run.bind(connection);
        const hooked = new Proxy(connection, {
          get(target, key) {
            if (key !== 'run') return Reflect.get(target, key) as unknown;
            return async (sql: string, ...rest: unknown[]) => {
              if (sql === 'begin transaction') await meanwhile();
              return (run as (...a: unknown[]) => unknown)(sql, ...rest);
            };
          },
        });
        return work(hooked);
      }),
  };
}

describe('checks made before the import transaction', () => {
  const folder = () =>
    writeCanonicalFolder({
      'customers.csv': 'customer_id,name\nK,KAPPA\n',
      'invoices.csv': 'document_id,customer_id,issue_date,amount,company_id\nK1,K,2025-01-15,100,c1\n',
      'payments.csv': 'payment_id,customer_id,date,amount,company_id\nX,K,2025-02-01,60,c1\n',
      'allocations.csv': 'source_id,document_id,amount\nX,K1,60\n',
    });

  it('resolves allocation sources again when an import committed in between', async () => {
    // another import commits a credit note "X" of company c2: the source id becomes ambiguous
    const meanwhile = async () => {
      await db.run(`insert into meta.loads (load_id, format, files, started_at, status)
                    values (nextval('meta.load_seq'), 'canonical', '[]', now(), 'committed')`);
      await db.run(`insert into core.documents (company_id, document_id, customer_id, type, issue_date, due_date,
                      amount, currency, disputed, source, load_id)
                    values ('c2', 'X', 'K', 'credit_note', '2025-01-01', '2025-01-01', 10, 'EUR', false, 'canonical', 99)`);
    };
    const refused = await importCanonical(committingBeforeBegin(meanwhile), folder()).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).message).toMatch(/source "X" is ambiguous/);
    expect(await db.all('select * from raw.canonical_allocations')).toEqual([]);
  });

  it('keeps what it checked when nothing committed in between', async () => {
    const report = await importCanonical(
      committingBeforeBegin(async () => undefined),
      folder(),
    );
    expect(report.counts.allocations).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const rows = await db.all(`select source_id, source_type, company_id from core.allocations`);
    expect(rows).toEqual([{ source_id: 'X', source_type: 'payment', company_id: 'c1' }]);
  });
});
