import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { prepareRelation } from './csv-relation.js';
import type { CsvFile } from './read-file.js';
import type { ColumnSpec } from './spec.js';
import { firstRow, ident, sqlString } from './sql.js';

const NUMBER = `'-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)'`;

/** One check on one cell: a SQL condition that is true when the value is wrong, and the reason (a SQL expression). */
interface CellCheck {
  failsWhen: string;
  reason: string;
}

/**
 * The exact reason for the first wrong cell among the rows the typed table flagged (`bad`): the flag is a cheap test
 * computed while typing every row; this precise pass reads only the flagged lines again (by line, then column order).
 * A flagged row that passes every precise check is fine (the cheap test may be stricter, e.g. `1.500`).
 */
export async function reportRowProblem(tx: Warehouse, file: CsvFile, table: string): Promise<void> {
  const flagged = await firstRow<{ n: string }>(tx, `select count(*) as n from ${table} where bad`);
  if (!file.path || Number(flagged?.n) === 0) return;
  const relation = await prepareRelation(tx, file);
  const branches = file.spec.columns
    .filter((c) => file.present.has(c.name))
    .flatMap((c) => checksFor(c).map((check) => ({ column: c.name, ...check })))
    .map((b) => `when ${b.failsWhen} then ${sqlString(b.column + '\t')} || ${b.reason}`);
  const found = await firstRow<{ line: number; problem: string }>(
    tx,
    `select line, problem from (select line, case ${branches.join('\n')} end as problem from ${relation} t
       where line in (select line from ${table} where bad))
     where problem is not null order by line limit 1`,
  );
  if (!found) return;
  const [column, reason] = found.problem.split('\t') as [string, string];
  throw new InputError({ file: file.path, line: found.line, column }, reason);
}

function checksFor(column: ColumnSpec): CellCheck[] {
  const v = ident(column.name);
  const shown = `'"' || left(${v}, 40) || '"'`;
  const checks: CellCheck[] = [];
  if (column.required) {
    checks.push({
      failsWhen: `${v} is null`,
      reason: `'the value is empty; every row needs a ${column.name}'`,
    });
  }
  const kind = column.kind;
  if (typeof kind === 'object') {
    const allowed = kind.oneOf.map(sqlString).join(', ');
    checks.push({
      failsWhen: `lower(${v}) not in (${allowed})`,
      reason: `${shown} || ' is not an accepted value; use one of ${kind.oneOf.join(', ')}'`,
    });
    return checks;
  }
  switch (kind) {
    case 'date':
      checks.push({
        failsWhen: `not regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') or try_cast(${v} as date) is null`,
        reason: `${shown} || ' is not a real date written YYYY-MM-DD (e.g. 2025-01-31)'`,
      });
      break;
    case 'money': {
      const hint = column.negativeHint ? ` (${column.negativeHint})` : '';
      checks.push(...numberChecks(v, shown, `amounts are positive${hint}`));
      checks.push(
        {
          failsWhen: `regexp_matches(${v}, '\\.[0-9]{2}[0-9]*[1-9]')`,
          reason: `${shown} || ' has more than 2 decimals; amounts are in currency units with cents at most'`,
        },
        {
          failsWhen: `try_cast(${v} as decimal(18,2)) is null`,
          reason: `${shown} || ' is too large (at most 16 digits before the decimal point)'`,
        },
      );
      break;
    }
    case 'rate':
      checks.push(...numberChecks(v, shown, 'rates are positive'), {
        failsWhen: `coalesce(try_cast(${v} as decimal(18,8)), 0) <= 0`,
        reason: `${shown} || ' is not a usable rate; give 1 unit of the currency in the reporting currency, greater than 0'`,
      });
      break;
    case 'bool':
      checks.push({
        failsWhen: `try_cast(${v} as boolean) is null`,
        reason: `${shown} || ' is not a yes/no value; use true or false'`,
      });
      break;
    case 'currency':
      checks.push({
        failsWhen: `not regexp_full_match(${v}, '[A-Za-z]{3}')`,
        reason: `${shown} || ' is not a currency code; use the ISO 4217 code (e.g. EUR, USD)'`,
      });
      break;
    case 'terms':
      checks.push({
        failsWhen: `not main.valid_terms(${v})`,
        reason: `${shown} || ' are not valid payment terms; write days net (30) or days after the end of the month (45FM)'`,
      });
      break;
    case 'text':
      break;
  }
  return checks;
}

function numberChecks(v: string, shown: string, rule: string): CellCheck[] {
  return [
    {
      failsWhen: `not regexp_full_match(${v}, ${NUMBER})`,
      reason: `${shown} || ' is not a number; write it with a dot decimal and no spaces or thousands separators (e.g. 1234.56)'`,
    },
    {
      failsWhen: `starts_with(${v}, '-') and regexp_matches(${v}, '[1-9]')`,
      reason: `${shown} || ${sqlString(' is negative; ' + rule)}`,
    },
  ];
}
