import type { Session } from './session.js';
import { sqlDate } from './session.js';
import type { AppendColumn } from './session.js';

/**
 * Replaces the scores of one scoring date, all or nothing: marts.customer_scores rows of asOf, marts.invoice_scores
 * (only the latest scoring is kept), marts.cash_forecast rows of asOf. Each table gets columns in its declared order.
 */
export async function replaceScores(
  session: Session,
  asOf: string,
  tables: { customers: AppendColumn[]; invoices: AppendColumn[]; forecast: AppendColumn[] },
): Promise<void> {
  const d = sqlDate(asOf);
  await session.run('begin transaction');
  try {
    await session.run(`delete from marts.customer_scores where as_of = ${d}`);
    await session.run('delete from marts.invoice_scores');
    await session.run(`delete from marts.cash_forecast where as_of = ${d}`);
    await stageAndInsert(session, 'customer_scores', tables.customers, ['reasons']);
    await stageAndInsert(session, 'invoice_scores', tables.invoices, []);
    await stageAndInsert(session, 'cash_forecast', tables.forecast, []);
    await session.run('commit');
  } catch (error) {
    await session.run('rollback').catch(() => undefined);
    throw error;
  }
}

/**
 * Appends into a temp copy of the table's columns as varchar/double, then inserts with SQL casts. The columns are the
 * warehouse's own: an API in the same process attaches a catalog of scope views with the same schema and table names.
 */
async function stageAndInsert(
  session: Session,
  table: string,
  columns: AppendColumn[],
  json: string[],
): Promise<void> {
  const names = (
    await session.all<{ column_name: string }>(`select column_name from information_schema.columns
    where table_catalog = current_database() and table_schema = 'marts' and table_name = '${table}'
    order by ordinal_position`)
  ).map((c) => c.column_name);
  if (names.length !== columns.length)
    throw new Error(`marts.${table} has ${names.length} columns, ${columns.length} given`);
  const stage = `stage_${table}`;
  await session.run(
    `create or replace temp table ${stage} (${names.map((n, i) => `${n} ${columns[i]!.type}`).join(', ')})`,
  );
  await session.append(stage, columns);
  const select = names.map((n) => (json.includes(n) ? `${n}::json` : n)).join(', ');
  await session.run(`insert into marts.${table} select ${select} from ${stage}`);
  await session.run(`drop table ${stage}`);
}
