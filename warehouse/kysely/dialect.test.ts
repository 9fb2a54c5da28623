import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, sql, type Generated } from 'kysely';
import { openDuckDb, type Warehouse } from '../db.js';
import { DuckDbDialect } from './dialect.js';

interface ItemsTable {
  id: Generated<number>;
  name: string;
  amount: string;
  due: string | null;
  big: string | null;
  ok: boolean | null;
  doc: unknown;
  seen_at: Date | null;
}
interface TestDb {
  'app.items': ItemsTable;
}

let warehouse: Warehouse;
let db: Kysely<TestDb>;

beforeEach(async () => {
  warehouse = await openDuckDb(':memory:');
  await warehouse.run(`
    create schema app;
    create sequence app.items_seq;
    create table app.items (
      id integer primary key default nextval('app.items_seq'), name varchar not null,
      amount decimal(18,2) not null, due date, big bigint, ok boolean, doc json, seen_at timestamptz);
    create view app.big_items as select * from app.items where amount > 100;`);
  db = new Kysely<TestDb>({ dialect: new DuckDbDialect({ instance: warehouse.instance }) });
});

afterEach(async () => {
  await db.destroy();
  warehouse.close();
});

function insertItem(name: string, amount: string) {
  return db
    .insertInto('app.items')
    .values({ name, amount, due: null, big: null, ok: null, doc: null, seen_at: null });
}

describe('DuckDbDialect', () => {
  it('compiles PostgreSQL-style $n parameters', () => {
    const compiled = db
      .selectFrom('app.items')
      .selectAll()
      .where('name', '=', 'a')
      .where('amount', '>', '1')
      .compile();
    expect(compiled.sql).toBe('select * from "app"."items" where "name" = $1 and "amount" > $2');
    expect(compiled.parameters).toEqual(['a', '1']);
  });

  it('inserts, selects, updates and deletes with parameters, reporting affected rows', async () => {
    const inserted = await db
      .insertInto('app.items')
      .values([
        { name: 'a', amount: '10.50', due: null, big: null, ok: true, doc: null, seen_at: null },
        { name: 'b', amount: '20.25', due: null, big: null, ok: false, doc: null, seen_at: null },
      ])
      .executeTakeFirstOrThrow();
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);

    const rows = await db
      .selectFrom('app.items')
      .select(['name', 'amount'])
      .where('amount', '>', '15')
      .execute();
    expect(rows).toEqual([{ name: 'b', amount: '20.25' }]);

    const updated = await db
      .updateTable('app.items')
      .set({ amount: '11.00' })
      .where('name', '=', 'a')
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
    const deleted = await db.deleteFrom('app.items').where('name', 'in', ['a', 'zzz']).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(1n);
    expect(await db.selectFrom('app.items').select('name').execute()).toEqual([{ name: 'b' }]);
  });

  it('returns rows from INSERT/UPDATE/DELETE … RETURNING', async () => {
    const first = await insertItem('a', '1.10').returning(['id', 'name', 'amount']).executeTakeFirstOrThrow();
    const second = await insertItem('b', '2.20').returningAll().executeTakeFirstOrThrow();
    expect(first).toEqual({ id: 1, name: 'a', amount: '1.10' });
    expect(second.id).toBe(2);
    const updated = await db.updateTable('app.items').set({ ok: true }).returning(['id', 'ok']).execute();
    expect(updated).toHaveLength(2);
    const deleted = await db.deleteFrom('app.items').where('id', '=', 1).returning('name').execute();
    expect(deleted).toEqual([{ name: 'a' }]);
  });

  it('keeps a query whose only column is named count (kysely-duckdb drops it)', async () => {
    await insertItem('a', '1.00').execute();
    const rows = await db
      .selectFrom('app.items')
      .select(sql<string>`count(*)`.as('count'))
      .execute();
    expect(rows).toEqual([{ count: '1' }]);
    const fn = await db
      .selectFrom('app.items')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst();
    expect(fn).toEqual({ n: '1' });
  });

  it('commits a kysely transaction', async () => {
    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('app.items')
        .values({ name: 'tx', amount: '5.00', due: null, big: null, ok: null, doc: null, seen_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('app.items').set({ amount: '6.00' }).where('id', '=', row.id).execute();
      return row.id;
    });
    expect(await warehouse.all('select id, amount from app.items')).toEqual([{ id, amount: '6.00' }]);
  });

  it('rolls back a kysely transaction that throws, leaving nothing behind', async () => {
    await insertItem('kept', '1.00').execute();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('app.items')
          .values({ name: 'gone', amount: '2.00', due: null, big: null, ok: null, doc: null, seen_at: null })
          .execute();
        await trx.deleteFrom('app.items').where('name', '=', 'kept').execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await warehouse.all('select name from app.items')).toEqual([{ name: 'kept' }]);
  });

  it('rolls back when a statement fails inside the transaction, and the pool stays usable', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('app.items')
          .values({ id: 7, name: 'x', amount: '1', due: null, big: null, ok: null, doc: null, seen_at: null })
          .execute();
        await trx
          .insertInto('app.items')
          .values({
            id: 7,
            name: 'dup',
            amount: '1',
            due: null,
            big: null,
            ok: null,
            doc: null,
            seen_at: null,
          })
          .execute();
      }),
    ).rejects.toThrow(/Duplicate key|constraint/i);
    expect(await db.selectFrom('app.items').selectAll().execute()).toEqual([]);
    await insertItem('after', '1.00').execute();
    expect(await db.selectFrom('app.items').select('name').execute()).toEqual([{ name: 'after' }]);
  });

  it('serialises concurrent statements of one transaction on its connection', async () => {
    await db.transaction().execute(async (trx) => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          trx
            .insertInto('app.items')
            .values({
              name: `n${i}`,
              amount: `${i}.00`,
              due: null,
              big: null,
              ok: null,
              doc: null,
              seen_at: null,
            })
            .execute(),
        ),
      );
    });
    const [total] = await warehouse.all<{ n: string; s: string }>(
      'select count(*) n, sum(amount) s from app.items',
    );
    expect(total).toEqual({ n: '20', s: '190.00' });
  });

  it('supports read-only transactions and refuses isolation levels DuckDB lacks', async () => {
    const seen = await db
      .transaction()
      .setAccessMode('read only')
      .execute((trx) => trx.selectFrom('app.items').selectAll().execute());
    expect(seen).toEqual([]);
    await expect(
      db
        .transaction()
        .setAccessMode('read only')
        .execute(async (trx) => {
          await trx
            .insertInto('app.items')
            .values({ name: 'x', amount: '1', due: null, big: null, ok: null, doc: null, seen_at: null })
            .execute();
        }),
    ).rejects.toThrow(/read.only/i);
    await expect(
      db
        .transaction()
        .setIsolationLevel('read committed')
        .execute(async () => undefined),
    ).rejects.toThrow(/snapshot isolation/);
  });

  it('introspects schemas, tables, views and columns', async () => {
    const schemas = (await db.introspection.getSchemas()).map((s) => s.name);
    expect(schemas).toEqual(expect.arrayContaining(['app', 'main']));
    const tables = await db.introspection.getTables();
    const items = tables.find((t) => t.schema === 'app' && t.name === 'items');
    const view = tables.find((t) => t.schema === 'app' && t.name === 'big_items');
    expect(items?.isView).toBe(false);
    expect(view?.isView).toBe(true);
    expect(items?.columns.find((c) => c.name === 'id')).toMatchObject({
      dataType: 'INTEGER',
      isNullable: false,
      isAutoIncrementing: true,
      hasDefaultValue: true,
    });
    expect(items?.columns.find((c) => c.name === 'amount')).toMatchObject({
      dataType: 'DECIMAL(18,2)',
      isNullable: false,
    });
    expect(items?.columns.find((c) => c.name === 'due')).toMatchObject({
      dataType: 'DATE',
      isNullable: true,
      hasDefaultValue: false,
    });
  });

  it('leaves the warehouse instance open when kysely is destroyed', async () => {
    await insertItem('a', '1.00').execute();
    await db.destroy();
    expect(await warehouse.all('select name from app.items')).toEqual([{ name: 'a' }]);
    await expect(db.selectFrom('app.items').selectAll().execute()).rejects.toThrow(/destroyed/);
    db = new Kysely<TestDb>({ dialect: new DuckDbDialect({ instance: warehouse.instance }) });
  });
});
