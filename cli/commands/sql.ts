import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import type { CliContext } from '../context.js';
import { printJson, printTable } from '../output.js';
import { checkOutputPath, writeFileAtomically } from '../../warehouse/sql/atomic-file.js';
import { guardReadQuery } from '../../warehouse/sql/guard.js';
import { DEFAULT_SQL_LIMITS, openSqlWarehouse } from '../../warehouse/sql/open.js';
import { readQueryRows, streamQuery } from '../../warehouse/sql/run.js';
import { writeCsv } from '../../warehouse/sql/write-csv.js';
import { writeParquet } from '../../warehouse/sql/write-parquet.js';

export const SQL_FORMATS = ['table', 'csv', 'json', 'parquet'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

export interface SqlCommandOptions {
  format: SqlFormat;
  out?: string;
  /** Row cap for table and json output (csv and parquet are unlimited). */
  maxRows: number;
  timeoutSeconds: number;
  /** Where notices such as "truncated" go (stderr in the CLI). */
  notice?: (text: string) => void;
}

export function registerSqlCommand(program: Command, context: () => CliContext): void {
  program
    .command('sql')
    .description('Run one read-only SQL query on the warehouse (core.*, marts.*, …); see docs/sql.md')
    .argument('<query>', 'one SELECT statement (WITH, FROM, VALUES, DESCRIBE, SHOW and SUMMARIZE also work)')
    .addOption(new Option('--format <format>', 'output format').choices(SQL_FORMATS).default('table'))
    .option('--out <file>', 'write the result to this file instead of the standard output')
    .option('--max-rows <n>', 'row cap for table and json output', parsePositive, 100_000)
    .option('--timeout <seconds>', 'stop the query after this many seconds', parsePositive, 300)
    .action(
      async (
        query: string,
        options: { format: SqlFormat; out?: string; maxRows: number; timeout: number },
      ) => {
        await runSqlCommand(context(), query, {
          format: options.format,
          out: options.out,
          maxRows: options.maxRows,
          timeoutSeconds: options.timeout,
          notice: (text) => process.stderr.write(text + '\n'),
        });
      },
    );
}

/** Guard first, then run: a refused query opens no output file and writes nothing anywhere. */
export async function runSqlCommand(
  context: CliContext,
  query: string,
  options: SqlCommandOptions,
): Promise<void> {
  if (options.format === 'parquet' && !options.out) {
    throw new EncoursError('bad_input', '--format parquet writes a binary file: add --out FILE.parquet');
  }
  const out = options.out === undefined ? undefined : checkOutputPath(options.out);
  const db = await openSqlWarehouse(context.config, DEFAULT_SQL_LIMITS);
  try {
    const guarded = await guardReadQuery(db, query);
    const timeoutMs = options.timeoutSeconds * 1000;
    if (options.format === 'csv' || options.format === 'parquet') {
      const format = options.format;
      const rows = await streamQuery(db, guarded, { timeoutMs }, (result) =>
        out === undefined
          ? writeCsv(result, context.stdout)
          : writeFileAtomically(out, (temp) =>
              format === 'parquet'
                ? writeParquet(result, temp, DEFAULT_SQL_LIMITS.memoryLimit)
                : writeCsvFile(result, temp),
            ),
      );
      if (out !== undefined) options.notice?.(`wrote ${rows} rows to ${out}`);
      return;
    }
    const result = await readQueryRows(db, guarded, { maxRows: options.maxRows, timeoutMs });
    if (result.truncated) {
      options.notice?.(
        `showing the first ${options.maxRows} rows only; for the whole result use --format csv or --format parquet with --out FILE`,
      );
    }
    const render = (stream: NodeJS.WritableStream) =>
      options.format === 'json'
        ? printJson(stream, result.rows)
        : printTable(stream, result.rows, result.columns);
    if (out === undefined) render(context.stdout);
    else await writeFileAtomically(out, (temp) => writeRendered(temp, render));
  } finally {
    db.close();
  }
}

async function writeCsvFile(result: Parameters<typeof writeCsv>[0], path: string): Promise<number> {
  const file = createWriteStream(path, { flags: 'wx' });
  try {
    const rows = await writeCsv(result, file);
    file.end();
    await finished(file);
    return rows;
  } catch (error) {
    file.destroy();
    throw error;
  }
}

async function writeRendered(path: string, render: (stream: NodeJS.WritableStream) => void): Promise<void> {
  const buffer = new PassThrough();
  const file = createWriteStream(path, { flags: 'wx' });
  buffer.pipe(file);
  render(buffer);
  buffer.end();
  await finished(file);
}

function parsePositive(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new InvalidArgumentError('expected a positive whole number');
  return value;
}
