import { InputError } from '../../lib/errors.js';
import { FieldError, parseFecAmount, parseFecDate } from './fields.js';
import type { FecLayout } from './header.js';

export interface LineStats {
  lines: number;
  /** Latest EcritureDate seen (gives the fiscal year when the file name does not). */
  lastDate: string | null;
  /** Lines with both Debit and Credit non-zero (accepted; their net is used). */
  bothSides: number;
  firstBothSides: number;
}

/** Converts one data line into the intermediate format (line number, then fields: see STAGED_COLUMNS in queries). */
export type LineConverter = (line: string, lineNo: number, stats: LineStats) => string;

const SEP = '\x1f';
/** The common shape of an amount: optional spaces and sign, zero padding, a decimal comma and 2 decimals. */
const USUAL_AMOUNT = /^ *([+-]?)0*(\d{1,16}),(\d\d) *$/;

/** Builds the converter of one file's layout (field positions resolved once, not per line). */
export function createLineConverter(file: string, layout: FecLayout): LineConverter {
  const {
    JournalCode: journal,
    JournalLib: journalLib,
    EcritureNum: num,
    EcritureDate: date,
    CompteNum: account,
    CompteLib: accountLib,
    CompAuxNum: aux,
    CompAuxLib: auxLib,
    PieceRef: ref,
    PieceDate: pieceDate,
    EcritureLib: label,
    EcritureLet: letter,
    DateLet: dateLet,
    ValidDate: validDate,
    Montantdevise: foreign,
    Idevise: currency,
  } = layout.index;
  const { width, separator } = layout;
  const fail = (lineNo: number, index: number, reason: string) =>
    new InputError({ file, line: lineNo, column: layout.names[index] }, reason);
  const dateAt = (fields: string[], index: number, lineNo: number) => {
    try {
      return parseFecDate(fields[index]!) ?? '';
    } catch (error) {
      throw error instanceof FieldError ? fail(lineNo, index, error.message) : error;
    }
  };
  const amountAt = (fields: string[], index: number, lineNo: number) => {
    if (index < 0) return '';
    const text = fields[index]!;
    const usual = USUAL_AMOUNT.exec(text);
    if (usual)
      return (
        (usual[1] === '-' && (usual[2] !== '0' || usual[3] !== '00') ? '-' : '') + usual[2] + '.' + usual[3]
      );
    try {
      return parseFecAmount(text) ?? '';
    } catch (error) {
      throw error instanceof FieldError ? fail(lineNo, index, error.message) : error;
    }
  };
  const readAmounts = createAmountReader(layout, amountAt, fail);

  return (line, lineNo, stats) => {
    const fields = (line.includes('\r') ? line.replace(/\r/g, ' ') : line).split(separator);
    if (fields.length !== width && !(fields.length === width + 1 && fields[width] === '')) {
      throw new InputError(
        { file, line: lineNo },
        `${fields.length} fields where the header has ${width} (separator "${separator === '\t' ? 'tab' : '|'}"); ` +
          'check for a separator inside a label or a truncated line',
      );
    }
    const ecritureDate = dateAt(fields, date, lineNo);
    if (ecritureDate === '') throw fail(lineNo, date, 'EcritureDate is empty');
    const [debit, credit] = readAmounts(fields, lineNo);
    if (debit !== '0.00' && credit !== '0.00' && stats.bothSides++ === 0) stats.firstBothSides = lineNo;
    if (stats.lastDate === null || ecritureDate > stats.lastDate) stats.lastDate = ecritureDate;
    stats.lines++;
    // one join: a flat string (a chain of + leaves a rope that costs more to flatten and to collect later)
    return [
      lineNo,
      clean(fields[journal]!),
      clean(fields[journalLib]!),
      clean(fields[num]!),
      ecritureDate,
      clean(fields[account]!),
      clean(fields[accountLib]!),
      clean(fields[aux]!),
      clean(fields[auxLib]!),
      clean(fields[ref]!),
      dateAt(fields, pieceDate, lineNo),
      clean(fields[label]!),
      debit,
      credit,
      clean(fields[letter]!),
      dateAt(fields, dateLet, lineNo),
      dateAt(fields, validDate, lineNo),
      amountAt(fields, foreign, lineNo),
      currency < 0 ? '' : clean(fields[currency]!).toUpperCase(),
      extrasJson(layout, fields),
    ].join(SEP);
  };
}

type AmountAt = (fields: string[], index: number, lineNo: number) => string;
type Fail = (lineNo: number, index: number, reason: string) => InputError;

function createAmountReader(layout: FecLayout, amountAt: AmountAt, fail: Fail) {
  const { Debit: debit, Credit: credit, Montant: montant, Sens: sens } = layout.index;
  if (layout.amounts === 'debit-credit') {
    return (fields: string[], lineNo: number): [string, string] => [
      amountAt(fields, debit, lineNo) || '0.00',
      amountAt(fields, credit, lineNo) || '0.00',
    ];
  }
  return (fields: string[], lineNo: number): [string, string] => {
    const amount = amountAt(fields, montant, lineNo) || '0.00';
    const direction = clean(fields[sens]!).toUpperCase();
    if (direction === 'D' || direction === '+1' || direction === '1') return [amount, '0.00'];
    if (direction === 'C' || direction === '-1') return ['0.00', amount];
    if (direction === '' && amount === '0.00') return ['0.00', '0.00'];
    throw fail(lineNo, sens, `Sens must be D (debit) or C (credit), got "${direction}"`);
  };
}

/** Trims a field and removes surrounding double quotes (some tools quote every field). */
function clean(value: string): string {
  if (value === '') return value;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first > 34 && last > 34) return value;
  const trimmed = value.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/""/g, '"').trim();
  }
  return trimmed;
}

function extrasJson(layout: FecLayout, fields: string[]): string {
  if (layout.extras.length === 0) return '';
  let extra: Record<string, string> | null = null;
  for (const { name, index } of layout.extras) {
    const value = clean(fields[index] ?? '');
    if (value !== '') (extra ??= {})[name] = value;
  }
  return extra ? JSON.stringify(extra) : '';
}
