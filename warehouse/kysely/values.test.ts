import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, sql } from 'kysely';
import { openDuckDb, type Warehouse } from '../db.js';
import { DuckDbDialect } from './dialect.js';

interface ValuesTable {
  amount: string;
  due: string;
  big: string;
  ok: boolean;
  doc: unknown;
  seen_at: Date;
  raw: Uint8Array | null;
  n: number;
  note: string | null;
}
interface TestDb {
  v: ValuesTable;
}

let warehouse: Warehouse;
let db: Kysely<TestDb>;

beforeEach(async () => {
  warehouse = await openDuckDb(':memory:');
  await warehouse.run(`create table v (amount decimal(18,2), due date, big bigint, ok boolean, doc json,
    seen_at timestamptz, raw blob, n double, note varchar)`);
  db = new Kysely<TestDb>({ dialect: new DuckDbDialect({ instance: warehouse.instance }) });
});

afterEach(async () => {
  await db.destroy();
  warehouse.close();
});

describe('DuckDB ↔ JS values through kysely', () => {
  it('maps DECIMAL, DATE, BIGINT, BOOLEAN, JSON, TIMESTAMPTZ, BLOB, DOUBLE and NULL both ways', async () => {
    const at = new Date('2025-03-04T05:06:07.089Z');
    await db
      .insertInto('v')
      .values({
        amount: '9999999999999999.99',
        due: '2025-02-28',
        big: '9007199254740993',
        ok: false,
        doc: { ids: ['F1', 'F2'], nested: { x: 1 } },
        seen_at: at,
        raw: new Uint8Array([0, 255, 7]),
        n: 0.5,
        note: undefined as unknown as null,
      })
      .execute();
    const row = await db.selectFrom('v').selectAll().executeTakeFirstOrThrow();
    expect(row.raw).toBeInstanceOf(Uint8Array);
    expect({ ...row, raw: Array.from(row.raw ?? []) }).toEqual({
      amount: '9999999999999999.99',
      due: '2025-02-28',
      big: '9007199254740993',
      ok: false,
      doc: { ids: ['F1', 'F2'], nested: { x: 1 } },
      seen_at: at,
      raw: [0, 255, 7],
      n: 0.5,
      note: null,
    });
    expect(row.seen_at).toBeInstanceOf(Date);
    // exact arithmetic stays in SQL: 0.10 + 0.20 is 0.30, not 0.30000000000000004
    const [sum] = (
      await sql<{
        s: string;
      }>`select sum(x) as s from (values (${'0.10'}::decimal(18,2)), (${'0.20'}::decimal(18,2))) t(x)`.execute(
        db,
      )
    ).rows;
    expect(sum).toEqual({ s: '0.30' });
  });

  it('parses JSON nested in lists and structs, and returns lists, structs and huge integers', async () => {
    const { rows } = await sql<Record<string, unknown>>`
      select ['{"a":1}'::json] as l, {'j': '[1,2]'::json, 'd': date '2025-01-02'} as s,
             170141183460469231731687303715884105727::hugeint as h, 1.5::double as f`.execute(db);
    expect(rows).toEqual([
      {
        l: [{ a: 1 }],
        s: { j: [1, 2], d: '2025-01-02' },
        h: '170141183460469231731687303715884105727',
        f: 1.5,
      },
    ]);
  });

  it('binds a JSON array and filters on DATE and BIGINT given as strings', async () => {
    await db
      .insertInto('v')
      .values([
        {
          amount: '1.00',
          due: '2025-01-31',
          big: '1',
          ok: true,
          doc: ['a', 'b'],
          seen_at: new Date(0),
          raw: null,
          n: 1,
          note: 'x',
        },
        {
          amount: '2.00',
          due: '2025-02-01',
          big: '2',
          ok: true,
          doc: [],
          seen_at: new Date(0),
          raw: null,
          n: 2,
          note: 'y',
        },
      ])
      .execute();
    const rows = await db
      .selectFrom('v')
      .select(['note', 'doc'])
      .where('due', '<=', '2025-01-31')
      .where('big', '=', '1')
      .execute();
    expect(rows).toEqual([{ note: 'x', doc: ['a', 'b'] }]);
  });

  it('reads DATE as the same calendar day whatever the process time zone', async () => {
    await warehouse.run(`insert into v (due) values ('2025-01-01')`);
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(await db.selectFrom('v').select('due').execute()).toEqual([{ due: '2025-01-01' }]);
      }
    } finally {
      process.env.TZ = saved;
    }
  });

  it('streams a large result in chunks without holding it whole, and the connection is reusable after', async () => {
    await warehouse.run(
      `insert into v (amount, n) select (i / 100)::decimal(18,2), i from range(50000) t(i)`,
    );
    let count = 0;
    let chunks = 0;
    let last = -1;
    for await (const row of db.selectFrom('v').select(['n', 'amount']).orderBy('n').stream(5000)) {
      expect(row.n).toBe(last + 1);
      last = row.n;
      count++;
      if (count % 5000 === 0) chunks++;
    }
    expect(count).toBe(50000);
    expect(chunks).toBe(10);

    let early = 0;
    for await (const row of db.selectFrom('v').select('n').stream(100)) {
      expect(row.n).toBe(early);
      if (++early === 150) break;
    }
    const total = await db
      .selectFrom('v')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst();
    expect(total).toEqual({ n: '50000' });
  });
});
