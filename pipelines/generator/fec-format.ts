import type { BufferedFile } from './buffered-file.js';
import { formatCentsComma } from './money.js';

/** The 18 columns of art. A47 A-1 LPF, in legal order. */
// prettier-ignore
export const FEC_COLUMNS = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum',
  'CompAuxLib', 'PieceRef', 'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet',
  'ValidDate', 'Montantdevise', 'Idevise',
] as const;

export const FEC_HEADER = FEC_COLUMNS.join('|') + '\n';

/** VT sales (invoices, credit notes), BQ bank (payments), AN opening entries ("à nouveaux"). */
export type JournalCode = 'VT' | 'BQ' | 'AN';

export const JOURNAL_LABELS: Record<JournalCode, string> = {
  VT: 'Journal des ventes',
  BQ: 'Banque',
  AN: 'A nouveaux',
};

/** Account number and label, as the two columns CompteNum|CompteLib. */
export const ACCOUNTS = {
  receivable: '411000|Clients',
  sales: '706000|Prestations de services',
  vat: '445710|TVA collectée',
  bank: '512000|Banque',
  opening: '890000|Bilan d’ouverture',
} as const;

export type Account = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

/**
 * Writes FEC lines into a file without building per-line objects (the hot path of FEC generation): `begin`
 * sets what the entry's lines share, `setPiece` the piece columns, then one call per line.
 */
export class FecLineWriter {
  private head = '';
  private piece = '';
  private tail = '';
  private currency = '';

  constructor(private readonly file: BufferedFile) {}

  /** A new entry (EcritureNum): journal, number, date (YYYYMMDD, also ValidDate), Idevise ('' = company currency). */
  begin(journal: JournalCode, num: string, date: string, currency: string): void {
    this.head = `${journal}|${JOURNAL_LABELS[journal]}|${num}|${date}|`;
    this.tail = `|${date}|`;
    this.currency = currency;
  }

  setPiece(pieceRef: string, pieceDate: string, label: string): void {
    this.piece = `${pieceRef}|${pieceDate}|${label}|`;
  }

  /**
   * One line: `aux` is "CompAuxNum|CompAuxLib" ('|' for none); `signed` company-currency cents (positive =
   * Debit); `foreign` the unsigned Montantdevise in cents, written only when the entry has a currency.
   */
  writeLine(
    account: Account,
    aux: string,
    signed: number,
    letter: string,
    letterDate: string,
    foreign: number,
  ): void {
    const amounts = signed >= 0 ? `${formatCentsComma(signed)}|0,00|` : `0,00|${formatCentsComma(-signed)}|`;
    const devise = this.currency === '' ? '|' : `${formatCentsComma(foreign)}|${this.currency}`;
    this.file.write(
      `${this.head}${account}|${aux}|${this.piece}${amounts}${letter}|${letterDate}${this.tail}${devise}\n`,
    );
  }
}
