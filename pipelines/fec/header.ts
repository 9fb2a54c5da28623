import { InputError } from '../../lib/errors.js';

/** The FEC columns (art. A47 A-1 LPF) in legal order, as encours names them. */
export const FEC_FIELDS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
] as const;
const VARIANT_FIELDS = ['Montant', 'Sens'] as const;
export type FecField = (typeof FEC_FIELDS)[number] | (typeof VARIANT_FIELDS)[number];

/** Columns a file may leave out (the currency pair is often missing from single-currency exports). */
const OPTIONAL: FecField[] = ['Montantdevise', 'Idevise'];

/** How the lines of one file are laid out, read from its header. */
export interface FecLayout {
  separator: '\t' | '|';
  /** Number of fields of every line. */
  width: number;
  /** Field index of each known column (-1 when absent). */
  index: Record<FecField, number>;
  amounts: 'debit-credit' | 'montant-sens';
  /** Columns beyond the legal ones (DateRglt, ModeRglt …), kept in raw.fec_lines.extra. */
  extras: { name: string; index: number }[];
  names: string[];
  missingOptional: FecField[];
}

const KNOWN = new Map<string, FecField>([...FEC_FIELDS, ...VARIANT_FIELDS].map((f) => [normalizeName(f), f]));

export function normalizeName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .replace(/^"|"$/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Reads the header line: separator, column positions, amount variant. Refuses a file that is not a FEC. */
export function readFecHeader(file: string, line: string): FecLayout {
  const separator = line.includes('\t') ? '\t' : line.includes('|') ? '|' : null;
  if (!separator) throw notFec(file, 'the first line has no tab or | separator');
  const names = line.split(separator).map((n) =>
    n
      .replace(/^\uFEFF/, '')
      .trim()
      .replace(/^"(.*)"$/, '$1'),
  );
  if (names.length > 1 && names[names.length - 1] === '') names.pop();
  const index = Object.fromEntries([...KNOWN.values()].map((f) => [f, -1])) as Record<FecField, number>;
  const extras: FecLayout['extras'] = [];
  names.forEach((name, i) => {
    const field = KNOWN.get(normalizeName(name));
    if (field && index[field] >= 0) {
      throw new InputError({ file, line: 1, column: name }, `column "${name}" appears twice in the header`);
    }
    if (field) index[field] = i;
    else extras.push({ name: name || `column${i + 1}`, index: i });
  });
  const amounts =
    index.Debit >= 0 || index.Credit >= 0 || index.Montant < 0 ? 'debit-credit' : 'montant-sens';
  const required = FEC_FIELDS.filter(
    (f) => !OPTIONAL.includes(f) && !(amounts === 'montant-sens' && isDebitCredit(f)),
  );
  if (amounts === 'montant-sens')
    required.push(...(VARIANT_FIELDS as unknown as (typeof FEC_FIELDS)[number][]));
  const missing = required.filter((f) => index[f] < 0);
  if (missing.length) throw notFec(file, `missing column(s) ${missing.join(', ')}`);
  if (amounts === 'debit-credit') moveToExtras(index, extras, names);
  const missingOptional = OPTIONAL.filter((f) => index[f] < 0);
  return { separator, width: names.length, index, amounts, extras, names, missingOptional };
}

function isDebitCredit(field: FecField): boolean {
  return field === 'Debit' || field === 'Credit';
}

/** With Debit/Credit present, Montant/Sens are ordinary extra columns. */
function moveToExtras(index: Record<FecField, number>, extras: FecLayout['extras'], names: string[]): void {
  for (const field of VARIANT_FIELDS) {
    if (index[field] >= 0) extras.push({ name: names[index[field]]!, index: index[field] });
    index[field] = -1;
  }
  extras.sort((a, b) => a.index - b.index);
}

function notFec(file: string, why: string): InputError {
  return new InputError(
    { file, line: 1 },
    `not a FEC: ${why}. The first line must name the 18 legal columns (JournalCode|JournalLib|EcritureNum|` +
      'EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|' +
      'EcritureLet|DateLet|ValidDate|Montantdevise|Idevise), separated by tabs or |',
  );
}
