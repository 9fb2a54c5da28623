import type { CsvFile } from './read-file.js';
import type { ColumnSpec } from './spec.js';
import { ident, sqlString } from './sql.js';

/** The typed value of a text column (alias `t`); NULL where the text does not convert (the row is then flagged). */
export function typedValue(column: ColumnSpec): string {
  const v = `t.${ident(column.name)}`;
  const kind = column.kind;
  if (typeof kind === 'object') return `lower(${v})`;
  switch (kind) {
    case 'date':
      return `try_cast(${v} as date)`;
    case 'money':
      return `try_cast(${v} as decimal(18,2))`;
    case 'rate':
      return `try_cast(${v} as decimal(18,8))`;
    case 'bool':
      return `try_cast(${v} as boolean)`;
    case 'currency':
      return `upper(${v})`;
    case 'terms':
      return `replace(upper(${v}), ' ', '')`;
    case 'text':
      return v;
  }
}

/**
 * A cheap SQL test, true for every row that some precise check of check-rows would refuse (and possibly a few more):
 * one regular expression or cast per typed column, computed in the same pass that types the rows.
 */
export function cheapProblem(file: CsvFile): string {
  const tests = file.spec.columns.filter((c) => file.present.has(c.name)).flatMap((c) => cheapTests(c));
  return tests.length === 0 ? 'false' : `coalesce(${tests.join(' or ')}, false)`;
}

function cheapTests(column: ColumnSpec): string[] {
  const v = `t.${ident(column.name)}`;
  const tests = column.required ? [`${v} is null`] : [];
  const kind = column.kind;
  if (typeof kind === 'object')
    return [...tests, `lower(${v}) not in (${kind.oneOf.map(sqlString).join(', ')})`];
  const typed = typedValue(column);
  switch (kind) {
    case 'date':
      return [
        ...tests,
        `(${v} is not null and (not regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') or ${typed} is null))`,
      ];
    case 'money':
      return [...tests, `not regexp_full_match(${v}, '[0-9]{1,16}(\\.[0-9]{1,2})?')`];
    case 'rate':
      return [...tests, `not regexp_full_match(${v}, '[0-9]{1,10}(\\.[0-9]{1,8})?')`, `${typed} <= 0`];
    case 'bool':
      return [...tests, `(${v} is not null and ${typed} is null)`];
    case 'currency':
      return [...tests, `not regexp_full_match(${v}, '[A-Za-z]{3}')`];
    case 'terms':
      return [...tests, `not main.valid_terms(${v})`];
    case 'text':
      return tests;
  }
}
