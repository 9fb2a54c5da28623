import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type Warehouse } from '../db.js';
import { guardReadQuery, SqlRefusedError } from './guard.js';
import { lockedSettings } from './open.js';

let db: Warehouse;

beforeAll(async () => {
  db = await openDuckDb(':memory:', { settings: lockedSettings() });
  await db.run(`
    create schema core; create schema marts; create schema ops;
    create table core.documents (document_id varchar, amount decimal(18,2), due_date date);
    create table ops.users (id integer, email varchar, password_hash varchar);
    create macro marts.open_items(as_of) as table select * from core.documents where due_date <= as_of;`);
});

afterAll(() => db.close());

async function refusal(sql: string): Promise<SqlRefusedError> {
  const error = await guardReadQuery(db, sql).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected "${sql}" to be refused`).toBeInstanceOf(SqlRefusedError);
  return error as SqlRefusedError;
}

describe('guardReadQuery accepts read statements', () => {
  it.each([
    'select * from core.documents',
    "SELECT sum(amount) FROM core.documents WHERE due_date < DATE '2025-01-01';",
    'with late as (select * from core.documents where due_date < current_date) select count(*) from late',
    'from core.documents limit 5',
    'table core.documents',
    'values (1, 2), (3, 4)',
    'describe core.documents',
    'show tables',
    'summarize core.documents',
    'select * from core.documents union all select * from core.documents',
    "select * from marts.open_items(date '2025-06-30')",
    'select * from range(10) r(i), unnest([1, 2]) u(x)',
    "select table_name from duckdb_tables() where schema_name = 'core'",
    '-- a comment\nselect 1 /* inline */ as x',
    "select 'read_csv(''x.csv'')' as not_a_call",
  ])('%s', async (sql) => {
    await expect(guardReadQuery(db, sql)).resolves.toEqual({ sql });
  });
});

describe('guardReadQuery refuses', () => {
  it.each([
    ['insert into core.documents values (1, 2, null)', /INSERT changes data.*read-only/],
    ['update core.documents set amount = 0', /UPDATE changes data/],
    ['delete from core.documents', /DELETE changes data/],
    ['create table core.x (a int)', /CREATE changes the schema/],
    ['drop table core.documents', /DROP changes the schema/],
    ['alter table core.documents add column y int', /ALTER changes the schema/],
    ["copy core.documents to '/tmp/out.csv'", /COPY reads or writes files.*--out FILE/],
    ["copy core.documents from '/tmp/in.csv'", /COPY reads or writes files/],
    ["export database '/tmp/db'", /EXPORT reads or writes files/],
    ["attach '/tmp/other.duckdb' as other", /ATTACH opens or switches databases/],
    ['detach other', /DETACH opens or switches/],
    ['use memory', /USE opens or switches/],
    ['install httpfs', /INSTALL installs or loads DuckDB extensions/],
    ['load httpfs', /LOAD installs or loads/],
    ['pragma enable_profiling', /PRAGMA changes settings.*locked/],
    ['set enable_external_access = true', /SET changes settings/],
    ['reset memory_limit', /RESET changes settings/],
    ['call pragma_version()', /CALL changes settings or calls procedures/],
    ['begin transaction', /BEGIN manages transactions/],
    ['checkpoint', /CHECKPOINT manages transactions or storage/],
    ['explain select 1', /EXPLAIN is not supported/],
    ['select 1; select 2', /one statement at a time/],
    ['select 1; drop table core.documents', /one statement at a time/],
  ])('%s', async (sql, reason) => {
    const error = await refusal(sql);
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(reason);
  });

  it.each([
    ["select * from read_csv('/etc/passwd')", 'read_csv'],
    ["select * from read_csv_auto('x.csv')", 'read_csv_auto'],
    ["select * from read_parquet('x.parquet')", 'read_parquet'],
    ["select * from parquet_scan('x.parquet')", 'parquet_scan'],
    ["select * from read_json('x.json')", 'read_json'],
    ["select * from read_json_auto('x.json')", 'read_json_auto'],
    ["select * from read_ndjson('x.json')", 'read_ndjson'],
    ["select * from glob('/etc/*')", 'glob'],
    ["select * from read_text('/etc/hostname')", 'read_text'],
    ["select * from read_blob('/etc/hostname')", 'read_blob'],
    ["select * from sniff_csv('x.csv')", 'sniff_csv'],
    ["select * from parquet_metadata('x.parquet')", 'parquet_metadata'],
    ["select (select count(*) from read_csv('x.csv')) as n", 'read_csv'],
    ["with f as (select * from read_parquet('s3://b/x.parquet')) select * from f", 'read_parquet'],
    ["select 1 as a union all select * from read_csv('x.csv')", 'read_csv'],
    ["select * from core.documents d, lateral (select * from glob('*'))", 'glob'],
    ["select * from core.documents where document_id in (select * from read_text('ids.txt'))", 'read_text'],
  ])('file reader %s', async (sql, fn) => {
    const error = await refusal(sql);
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain(`${fn}() reads files or remote data`);
  });

  it('reports where the refused function is', async () => {
    const error = await refusal("select *\nfrom core.documents,\n     read_csv('x.csv')");
    expect(error).toMatchObject({ line: 3, column: 6 });
    expect(error.message).toMatch(/^SQL refused at line 3, column 6: read_csv\(\) reads files/);
  });

  it.each([
    ["select * from 'data.csv'", /"data.csv" would be read as a file or URL/],
    ["select * from 's3://bucket/x.parquet'", /"s3:\/\/bucket\/x.parquet" would be read as a file/],
    ["select * from 'https://example.com/x.csv'", /would be read as a file or URL/],
    ["summarize '/etc/passwd'", /would be read as a file or URL/],
    ["select * from query('select 1')", /query\(\) runs SQL given as text/],
    ["select * from query_table('core.documents')", /query_table\(\) runs SQL given as text/],
    ["select * from json_execute_serialized_sql('{}')", /json_execute_serialized_sql\(\) runs SQL/],
    ['select * from force_checkpoint()', /force_checkpoint\(\) changes the database state/],
    ['select * from enable_logging()', /enable_logging\(\) changes the database state/],
    ['select * from duckdb_settings()', /table function duckdb_settings\(\) is not allowed/],
    ["select getenv('HOME')", /getenv\(\) reads the environment/],
    ['select * from ops.users', /ops schema .* is not open to SQL/],
    ['describe ops.users', /ops schema/],
    ['select email from core.documents join ops.users u on true', /ops schema/],
  ])('%s', async (sql, reason) => {
    const error = await refusal(sql);
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(reason);
  });

  it('a syntax error, with its line and column, as bad input', async () => {
    const error = await refusal('select amount,\n  from core.documents where');
    expect(error.code).toBe('bad_input');
    expect(error.message).toMatch(/^SQL refused at line 2, column \d+: syntax error/);
  });

  it.each(['', '   ', ';', '-- only a comment'])('an empty query %j', async (sql) => {
    const error = await refusal(sql);
    expect(error.code).toBe('bad_input');
    expect(error.message).toMatch(/the query is empty/);
  });
});
