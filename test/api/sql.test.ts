import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { signIn, startTestApi, type TestApi } from './harness.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const sql = (person: Parameters<TestApi['as']>[0], payload: object, headers: Record<string, string> = {}) =>
  api.as(person, { method: 'POST', url: '/api/sql', payload, headers });

/**
 * Every file under ENCOURS_HOME with its size and time, to prove a refused query wrote nothing; the live warehouse
 * is left out (the API writes to it on every request: token last-use time).
 */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('warehouse.duckdb'))
    .map((e) => join(e.parentPath, e.name))
    .map((f) => `${f}:${statSync(f).size}:${statSync(f).mtimeMs}`)
    .sort();
}

describe('POST /api/sql', () => {
  it('admin and analyst only', async () => {
    for (const person of ['user', 'viewer'] as const)
      expect((await sql(person, { sql: 'select 1' })).statusCode).toBe(403);
    expect((await sql('anonymous', { sql: 'select 1' })).statusCode).toBe(401);
    expect((await sql('analyst', { sql: 'select 1 as one' })).json()).toMatchObject({
      columns: ['one'],
      rows: [{ one: 1 }],
      truncated: false,
      snapshot: 'warehouse-2025-06-30.duckdb',
    });
  });

  it('answers JSON with a row cap, CSV, Parquet and Arrow IPC, and audits each query', async () => {
    const capped = await sql('analyst', {
      sql: "select * from core.documents where type = 'invoice' order by document_id",
      maxRows: 3,
    });
    expect(capped.json().rows).toHaveLength(3);
    expect(capped.json().truncated).toBe(true);
    expect(capped.headers['x-encours-truncated']).toBe('true');
    expect(capped.json().rows[0]).toMatchObject({
      document_id: 'C1-INV-0001',
      amount: expect.stringMatching(/^\d+\.\d{2}$/),
    });

    const csv = await sql(
      'analyst',
      { sql: 'select customer_id, name from core.customers order by 1' },
      { accept: 'text/csv' },
    );
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\n')[0]).toBe('customer_id,name');
    expect(csv.body.trim().split('\n')).toHaveLength(6);

    const arrow = await sql('analyst', {
      sql: 'select customer_id from core.customers order by 1',
      format: 'arrow',
    });
    expect(tableFromIPC(arrow.rawPayload).getChild('customer_id')!.toArray()).toEqual([
      'K1',
      'K2',
      'K3',
      'K4',
      'K5',
    ]);

    const parquet = await sql('analyst', {
      sql: 'select document_id, amount from core.documents',
      format: 'parquet',
    });
    expect(parquet.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(parquet.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
    // read it back with DuckDB: the DECIMAL type survives
    const file = join(api.home, 'check.parquet');
    (await import('node:fs')).writeFileSync(file, parquet.rawPayload);
    const reader = await (await DuckDBInstance.create(':memory:')).connect();
    const typed = (
      await reader.runAndReadAll(`select typeof(amount) as t, count(*) as n from '${file}' group by all`)
    ).getRowObjectsJson();
    const [count] = await api.db.all<{ n: string }>('select count(*) as n from core.documents');
    expect(typed).toEqual([{ t: 'DECIMAL(18,2)', n: count!.n }]);

    const audit = await listAudit(api.ops, { entity: 'sql', actor: `user:${api.ids.analyst}` });
    expect(audit.map((a) => a.after?.format)).toEqual(
      expect.arrayContaining(['json', 'csv', 'arrow', 'parquet']),
    );
  });

  it('a failing query is 400 with DuckDB reason', async () => {
    const response = await sql('analyst', { sql: 'select no_such_column from core.documents' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/no_such_column/);
  });

  const target = join(tmpdir(), `encours-escape-${process.pid}`);
  const escapes: [string, RegExp][] = [
    [`copy core.documents to '${target}.csv'`, /COPY reads or writes files/],
    [`copy (select 1) to '${target}.parquet' (format parquet)`, /COPY reads or writes files/],
    [`export database '${target}'`, /EXPORT reads or writes files/],
    [`attach '${target}.duckdb' as other`, /ATTACH opens or switches databases/],
    ['install httpfs', /INSTALL installs or loads/],
    ['load httpfs', /LOAD installs or loads/],
    ['set enable_external_access = true', /SET changes settings/],
    ["set memory_limit = '64GB'", /SET changes settings/],
    ['pragma enable_profiling', /PRAGMA changes settings/],
    ['reset threads', /RESET changes settings/],
    ['create table core.x as select 1', /CREATE changes the schema/],
    ['drop table core.documents', /DROP changes the schema/],
    ["insert into core.customers (customer_id, name) values ('X', 'X')", /INSERT changes data/],
    ['update core.documents set amount = 0', /UPDATE changes data/],
    ['delete from core.payments', /DELETE changes data/],
    ['select 1; drop table core.documents', /one statement at a time/],
    ["select * from read_csv('/etc/passwd')", /read_csv\(\) reads files/],
    ["select * from glob('/etc/*')", /glob\(\) reads files/],
    ["select * from read_text('/etc/hostname')", /read_text\(\) reads files/],
    ["select * from '/etc/passwd'", /would be read as a file/],
    ["select * from read_parquet('https://example.com/x.parquet')", /read_parquet\(\) reads files/],
    ["select getenv('HOME')", /getenv\(\) reads the environment/],
    ["select * from query('select 1')", /query\(\) runs SQL given as text/],
    ['select * from ops.users', /ops schema/],
  ];

  it.each(escapes)('refuses %s with 400 and writes nothing', async (text, reason) => {
    const before = listFiles(api.home);
    for (const person of ['analyst', 'cora'] as const) {
      const response = await sql(person, { sql: text });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ error: 'bad_input', message: expect.stringMatching(reason) });
    }
    expect(listFiles(api.home)).toEqual(before);
    for (const suffix of ['.csv', '.parquet', '.duckdb', ''])
      expect(existsSync(`${target}${suffix}`)).toBe(false);
  });

  it('schema validation names the field', async () => {
    const missing = await sql('analyst', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/body\.sql is required/);
    const extra = await sql('analyst', { sql: 'select 1', unsafe: true });
    expect(extra.json().message).toMatch(/body\.unsafe is not a known field/);
    const format = await sql('analyst', { sql: 'select 1', format: 'xlsx' });
    expect(format.json().message).toMatch(/body\.format must be equal to one of the allowed values/);
  });
});

describe('without a snapshot', () => {
  it('publishes one from the warehouse first, then answers', async () => {
    const fresh = await startTestApi({ publishSnapshot: false, people: ['analyst'] });
    try {
      expect(existsSync(join(fresh.home, 'snapshots', 'latest'))).toBe(false);
      const { cookie, csrf } = await signIn(fresh, 'analyst');
      const response = await fresh.app.inject({
        method: 'POST',
        url: '/api/sql',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { sql: 'select count(*) as n from core.customers' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ rows: [{ n: '5' }], snapshot: 'warehouse-2025-07-01.duckdb' });
      expect(existsSync(join(fresh.home, 'snapshots', 'latest'))).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
