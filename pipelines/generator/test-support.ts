import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateLedger, type GenerateOptions } from './index.js';

/** Helpers shared by the generator's tests (not a test file itself). */

export type Row = Record<string, string>;

const tempDirs: string[] = [];

export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `encours-gen-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes the folders this test file generated into (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function generateInto(label: string, options: Omit<GenerateOptions, 'outDir'>) {
  const outDir = makeTempDir(label);
  return { outDir, report: await generateLedger({ ...options, outDir }) };
}

export function readCsv(path: string): Row[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[];
}

/** Parses "1234.56" or "1234,56" into integer cents. */
export function toCents(text: string): number {
  const [units = '0', decimals = ''] = text.replace(',', '.').split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

export function daysBetween(fromIso: string, toIso: string): number {
  return (Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000;
}

export interface FecLine {
  file: string;
  journal: string;
  num: string;
  date: string;
  account: string;
  aux: string;
  pieceRef: string;
  pieceDate: string;
  debit: number;
  credit: number;
  letter: string;
  letterDate: string;
  foreign: number | null;
  currency: string;
  fields: number;
}

/** FEC files of one company folder, in year order. */
export function listFecFiles(companyDir: string): string[] {
  return readdirSync(companyDir)
    .filter((name) => /^\d{9}FEC\d{8}\.txt$/.test(name))
    .sort()
    .map((name) => join(companyDir, name));
}

export function readFec(path: string): { header: string; lines: FecLine[] } {
  const [header = '', ...rows] = readFileSync(path, 'utf8')
    .split('\n')
    .filter((row) => row !== '');
  const lines = rows.map((row) => {
    const f = row.split('|');
    return {
      file: path,
      journal: f[0]!,
      num: f[2]!,
      date: f[3]!,
      account: f[4]!,
      aux: f[6]!,
      pieceRef: f[8]!,
      pieceDate: f[9]!,
      debit: toCents(f[11]!),
      credit: toCents(f[12]!),
      letter: f[13]!,
      letterDate: f[14]!,
      foreign: f[16] ? toCents(f[16]) : null,
      currency: f[17] ?? '',
      fields: f.length,
    };
  });
  return { header, lines };
}

/** YYYYMMDD → YYYY-MM-DD. */
export function isoOf(fecDate: string): string {
  return `${fecDate.slice(0, 4)}-${fecDate.slice(4, 6)}-${fecDate.slice(6, 8)}`;
}
