import { listValue } from '@duckdb/node-api';
import { InputError, describeError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { locateStructureError, type CsvFile } from './read-file.js';
import { ident, sqlString } from './sql.js';

/**
 * The file as a SQL relation read by DuckDB's `read_csv` (strict, every column as text): `line` (physical line of the
 * row's start), every contract column trimmed with NULL for empty, and `attributes` (unknown columns as JSON).
 * An absent file is an empty relation with the same columns. Rows come in file order, so `row_number() over ()`
 * numbers them; `lines_<entity>` corrects for quoted line breaks and blank lines when the Node scan found some.
 */
export async function prepareRelation(tx: Warehouse, file: CsvFile): Promise<string> {
  const { spec } = file;
  if (!file.path) {
    const columns = spec.columns.map((c) => `null::varchar as ${ident(c.name)}`).join(', ');
    return `(select null::integer as line, ${columns}, null::json as attributes where false)`;
  }
  const cell = (i: number) => `nullif(trim(r.c${i}), '')`;
  const select = spec.columns.map((c) => {
    const i = file.names.indexOf(c.name);
    return i < 0 ? `null::varchar as ${ident(c.name)}` : `${cell(i)} as ${ident(c.name)}`;
  });
  const extras = file.names
    .map((name, i) => ({ key: file.originals[i]!, i, known: file.present.has(name) }))
    .filter((e) => !e.known)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const attributes =
    extras.length === 0 || !spec.keepsAttributes
      ? 'null::json'
      : `case when ${extras.map((e) => `${cell(e.i)} is null`).join(' and ')} then null::json
         else json_object(${extras.map((e) => `${sqlString(e.key)}, ${cell(e.i)}`).join(', ')}) end`;
  const types = file.names.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const read = `(select row_number() over () - 1 as record, * from read_csv(${sqlString(file.path)}, header = true,
      auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false,
      columns = {${types}}))`;
  let from = `${read} r`;
  let line = 'r.record + 2';
  if (file.steps.length > 0) {
    const lines = `lines_${spec.entity}`;
    await tx.run(
      `create or replace temp table ${lines} as select unnest($1::bigint[]) as record, unnest($2::integer[]) as extra`,
      [listValue(file.steps.map((s) => s[0])), listValue(file.steps.map((s) => s[1]))],
    );
    from += ` asof left join ${lines} s on r.record >= s.record`;
    line = 'r.record + 2 + coalesce(s.extra, 0)';
  }
  return `(select (${line})::integer as line, ${select.join(', ')}, ${attributes} as attributes from ${from})`;
}

/** Runs a statement that reads the file; DuckDB's CSV errors become an InputError naming the line when it can be found. */
export async function runReadingFile(tx: Warehouse, file: CsvFile, sql: string): Promise<void> {
  try {
    await tx.run(sql);
  } catch (error) {
    if (!file.path || !/csv|line/i.test(describeError(error))) throw error;
    throw (
      locateStructureError(file) ??
      new InputError(
        { file: file.path },
        `the file is not valid CSV (${describeError(error).split('\n')[0]})`,
      )
    );
  }
}
