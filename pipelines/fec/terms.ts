import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../lib/errors.js';

/** Payment terms as encours reads them: N days net, or NFM = end of the issue month + N days. */
export const TERMS_PATTERN = /^\d{1,3}\s*(FM)?$/i;

const ID_COLUMNS = ['customer_id', 'compauxnum', 'customer', 'client', 'code_client'];
const TERMS_COLUMNS = ['payment_terms', 'terms', 'conditions', 'delai'];
const NAME_COLUMNS = ['name', 'compauxlib', 'nom', 'raison_sociale'];

/**
 * Reads a customers/terms CSV (customer_id, payment_terms, optional name and other columns; comma or semicolon)
 * and writes it in the intermediate format for loadTerms. Returns the number of rows.
 */
export function transcodeTermsFile(path: string, target: string): number {
  const text = readFileSync(path, 'utf8');
  const firstLine = text.split('\n', 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (h: string[]) => h.map((n) => n.trim().toLowerCase()),
      delimiter,
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError({ file: path, line }, `not a readable CSV: ${(error as Error).message}`);
  }
  const header = Object.keys(records[0]?.record ?? {});
  const idColumn = ID_COLUMNS.find((c) => header.includes(c));
  const termsColumn = TERMS_COLUMNS.find((c) => header.includes(c));
  if (!idColumn || !termsColumn) {
    throw new InputError(
      { file: path, line: 1 },
      'a terms file needs the columns customer_id and payment_terms (e.g. 30, 60, 45FM)',
    );
  }
  const nameColumn = NAME_COLUMNS.find((c) => header.includes(c));
  const seen = new Map<string, number>();
  const rows = records.map(({ record, info }) => {
    const id = record[idColumn]!;
    const terms = record[termsColumn]!.toUpperCase();
    if (id === '')
      throw new InputError({ file: path, line: info.lines, column: idColumn }, 'customer_id is empty');
    if (seen.has(id)) {
      throw new InputError(
        { file: path, line: info.lines, column: idColumn },
        `customer "${id}" is listed twice (also line ${seen.get(id)}); keep one row per customer`,
      );
    }
    seen.set(id, info.lines);
    if (terms !== '' && !TERMS_PATTERN.test(terms)) {
      throw new InputError(
        { file: path, line: info.lines, column: termsColumn },
        `"${record[termsColumn]}" is not a payment term: write days net (30, 60) or days after end of month (45FM)`,
      );
    }
    const attributes = Object.fromEntries(
      Object.entries(record).filter(([k, v]) => v !== '' && ![idColumn, termsColumn, nameColumn].includes(k)),
    );
    const extra = Object.keys(attributes).length ? JSON.stringify(attributes) : '';
    return [info.lines, id, nameColumn ? record[nameColumn] : '', terms, extra]
      .map(stripControls)
      .join('\x1f');
  });
  writeFileSync(target, rows.length ? rows.join('\n') + '\n' : '');
  return rows.length;
}

function stripControls(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- the intermediate file uses \x1f as its separator
  return String(value ?? '').replace(/[\x00-\x1f]/g, ' ');
}
