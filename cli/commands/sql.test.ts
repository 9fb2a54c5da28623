import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadConfig, type Config } from '../../lib/config.js';
import { createSilentLog } from '../../lib/log.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { openSqlWarehouse } from '../../warehouse/sql/open.js';
import type { CliContext } from '../context.js';
import { runSqlCommand, type SqlCommandOptions } from './sql.js';

let home: string;
let config: Config;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'encours-sql-'));
  config = loadConfig({ ENCOURS_HOME: home });
  const db = await openWarehouse(config);
  await db.run(`
    insert into core.documents by name
      select 'ACME' as company_id, 'F' || i as document_id, 'K' || (i % 7) as customer_id, 'invoice' as type,
             date '2025-01-01' + (i % 90)::integer as issue_date, date '2025-01-31' + (i % 90)::integer as due_date,
             (i * 10.01)::decimal(18,2) as amount, 'EUR' as currency, false as disputed
      from range(1, 3001) t(i);
    create or replace macro marts.due_before(d) as table select document_id, amount from core.documents where due_date < d;
    insert into ops.users (email, name, role, password_hash) values ('ada@x.io', 'Ada', 'admin', 'secret-hash');`);
  db.close();
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

function capture(): { stream: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(parts).toString('utf8') };
}

async function run(query: string, options: Partial<SqlCommandOptions> = {}, cfg: Config = config) {
  const out = capture();
  const notices: string[] = [];
  const context: CliContext = {
    config: cfg,
    log: createSilentLog(),
    stdout: out.stream,
    withWarehouse: () => Promise.reject(new Error('not used')),
  };
  await runSqlCommand(context, query, {
    format: 'table',
    maxRows: 100_000,
    timeoutSeconds: 60,
    notice: (t) => notices.push(t),
    ...options,
  });
  return { stdout: out.text(), notices };
}

let outDirs = 0;
function outDir(): string {
  const dir = join(home, `out-${++outDirs}`);
  mkdirSync(dir);
  return dir;
}

describe('encours sql', () => {
  it('prints a table', async () => {
    const { stdout } = await run(
      "select document_id, amount from core.documents where document_id in ('F1', 'F2') order by 1",
    );
    expect(stdout).toContain('document_id');
    expect(stdout).toMatch(/F1\s*│\s*10\.01/);
    expect(stdout).toMatch(/F2\s*│\s*20\.02/);
  });

  it('prints JSON that parses back with exact decimals', async () => {
    const { stdout } = await run(
      'select customer_id, sum(amount) as total, count(*) as n, min(due_date) as first_due from core.documents group by 1 order by 1',
      { format: 'json' },
    );
    const rows = JSON.parse(stdout) as Record<string, string>[];
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({
      customer_id: 'K0',
      total: expect.any(String),
      n: '428',
      first_due: '2025-01-31',
    });
    const total = rows.reduce((s, r) => s + BigInt(r.total!.replace('.', '')), 0n);
    expect(total).toBe(4_506_001_500n); // in cents: 10.01 × (1 + … + 3000) = 45 060 015.00
  });

  it('caps table and json output and says so', async () => {
    const { stdout, notices } = await run('select * from core.documents', { format: 'json', maxRows: 5 });
    expect(JSON.parse(stdout)).toHaveLength(5);
    expect(notices.join('\n')).toMatch(/first 5 rows only.*--format csv or --format parquet/);
  });

  it('streams CSV to stdout without a cap, and to a file with --out', async () => {
    const { stdout } = await run(
      'select document_id, amount, due_date, disputed from core.documents order by amount',
      {
        format: 'csv',
        maxRows: 10,
      },
    );
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3000);
    expect(rows[0]).toEqual({
      document_id: 'F1',
      amount: '10.01',
      due_date: '2025-02-01',
      disputed: 'false',
    });

    const dir = outDir();
    const file = join(dir, 'docs.csv');
    const { notices } = await run('select \'a,"b"\' as tricky, [1, 2] as list from range(3)', {
      format: 'csv',
      out: file,
    });
    expect(notices).toEqual([`wrote 3 rows to ${file}`]);
    expect(parse(readFileSync(file, 'utf8'), { columns: true })).toEqual(
      Array.from({ length: 3 }, () => ({ tricky: 'a,"b"', list: '[1,2]' })),
    );
    expect(readdirSync(dir)).toEqual(['docs.csv']);
  });

  it('writes JSON and table output to --out', async () => {
    const dir = outDir();
    await run("select 'x' as a", { format: 'json', out: join(dir, 'r.json') });
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toEqual([{ a: 'x' }]);
  });

  it('writes Parquet that DuckDB reads back with its types', async () => {
    const dir = outDir();
    const file = join(dir, 'docs.parquet');
    await run('select document_id, amount, due_date, customer_id from core.documents', {
      format: 'parquet',
      out: file,
    });
    const check = await DuckDBInstance.create(':memory:');
    const connection = await check.connect();
    const reader = await connection.runAndReadAll(
      `select count(*) as n, sum(amount) as total, typeof(any_value(amount)) as amount_type,
              typeof(any_value(due_date)) as due_type, max(due_date) as last_due from read_parquet('${file}')`,
    );
    expect(reader.getRowObjectsJson()).toEqual([
      {
        n: '3000',
        total: '45060015.00',
        amount_type: 'DECIMAL(18,2)',
        due_type: 'DATE',
        last_due: '2025-04-30',
      },
    ]);
    connection.closeSync();
    check.closeSync();
    expect(readdirSync(dir)).toEqual(['docs.parquet']);
  });

  it('allows the warehouse table macros', async () => {
    const { stdout } = await run("select count(*) as n from marts.due_before(date '2025-02-02')", {
      format: 'json',
    });
    expect(JSON.parse(stdout)).toEqual([{ n: '67' }]); // due 2025-01-31 or 2025-02-01: i % 90 in {0, 1}
  });

  it.each([
    ["copy core.documents to 'x.csv'", /COPY reads or writes files/],
    ["select * from read_csv('/etc/passwd')", /read_csv\(\) reads files/],
    ['select * from ops.users', /ops schema/],
    ['delete from core.documents', /DELETE changes data/],
  ])('refuses %s and writes nothing', async (query, reason) => {
    const homeFiles = () => readdirSync(home).filter((f) => !f.startsWith('out-'));
    const before = homeFiles();
    for (const format of ['csv', 'parquet', 'json'] as const) {
      const dir = outDir();
      await expect(run(query, { format, out: join(dir, 'result.' + format) })).rejects.toThrow(reason);
      expect(readdirSync(dir)).toEqual([]);
    }
    expect(homeFiles()).toEqual(before);
  });

  it('leaves no file when the query fails while running', async () => {
    const dir = outDir();
    await expect(
      run("select case when i = 5000 then error('boom') else i end from range(10000) t(i)", {
        format: 'csv',
        out: join(dir, 'r.csv'),
      }),
    ).rejects.toThrow(/the query failed: .*boom/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops a query at the time limit', async () => {
    await expect(
      run('select count(*) from range(1000000000000) a', { format: 'json', timeoutSeconds: 1 }),
    ).rejects.toThrow(/stopped after 1 s \(the time limit\)/);
  });

  it('runs on an instance that is read-only, cannot read files and cannot be reconfigured', async () => {
    const db = await openSqlWarehouse(config);
    try {
      const [settings] = await db.all(
        `select current_setting('access_mode') as mode, current_setting('enable_external_access') as external,
                current_setting('lock_configuration') as locked`,
      );
      expect(settings).toEqual({ mode: 'read_only', external: false, locked: true });
      await expect(db.all("select * from read_csv('/etc/passwd')")).rejects.toThrow(/Permission Error/);
      await expect(db.run('set enable_external_access = true')).rejects.toThrow(/configuration/);
      await expect(db.run('create table core.x (a int)')).rejects.toThrow(/read-only/);
    } finally {
      db.close();
    }
  });

  it('tells the user to import first when there is no warehouse', async () => {
    const empty = loadConfig({ ENCOURS_HOME: join(home, 'nothing-here') });
    await expect(run('select 1', {}, empty)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/no warehouse at .* yet: import data first/),
    });
    expect(existsSync(join(home, 'nothing-here'))).toBe(false);
  });

  it('requires --out for parquet and an existing output folder', async () => {
    await expect(run('select 1', { format: 'parquet' })).rejects.toThrow(
      /--format parquet writes a binary file: add --out/,
    );
    await expect(run('select 1', { format: 'csv', out: join(home, 'no-such-dir', 'x.csv') })).rejects.toThrow(
      /folder .* does not exist/,
    );
  });

  it('works end to end from the encours binary, with exit code 0, and refuses with a message and exit code 1', () => {
    const env = { ...process.env, ENCOURS_HOME: home };
    const ok = spawnSync('node', ['bin/encours.js', 'sql', 'select 1 + 1 as two', '--format', 'json'], {
      env,
      encoding: 'utf8',
    });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([{ two: 2 }]);
    const refused = spawnSync('node', ['bin/encours.js', 'sql', "attach 'x.db'"], { env, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^error: SQL refused: ATTACH opens or switches databases/);
  });
});
