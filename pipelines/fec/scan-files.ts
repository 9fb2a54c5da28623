import { existsSync, statSync } from 'node:fs';
import { InputError } from '../../lib/errors.js';
import { scanFecFile, type FecEncoding } from './encoding.js';
import { chooseCompanyId, parseFecFileName } from './file-name.js';

/** A FEC checked for encoding and hashed: what is known before reading its lines. */
export interface ScannedFec {
  path: string;
  sha256: string;
  encoding: FecEncoding;
  companyId: string;
  /** From the file name's closing date; null: the year of the latest EcritureDate, known once read. */
  fiscalYear: number | null;
}

/**
 * First pass over every file, before the transaction: existence, encoding, hash. The first bad file stops
 * everything with its InputError. A file given twice (same content) is read once, with a warning.
 */
export async function scanFecFiles(
  paths: string[],
  companyOption: string | undefined,
  warnings: string[],
): Promise<ScannedFec[]> {
  const scanned: ScannedFec[] = [];
  for (const path of paths) {
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new InputError(
        { file: path },
        'no such file: give the path of a FEC export (<SIREN>FEC<AAAAMMJJ>.txt)',
      );
    }
    const { sha256, encoding } = await scanFecFile(path);
    const twin = scanned.find((p) => p.sha256 === sha256);
    if (twin) {
      warnings.push(`"${path}" has the same content as "${twin.path}"; it was read once`);
      continue;
    }
    if (encoding === 'windows-1252') warnings.push(`"${path}" was decoded as Windows-1252`);
    const closing = parseFecFileName(path).closingDate;
    const fiscalYear = closing ? Number(closing.slice(0, 4)) : null;
    scanned.push({ path, sha256, encoding, companyId: chooseCompanyId(path, companyOption), fiscalYear });
  }
  return scanned;
}
