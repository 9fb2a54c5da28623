import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../lib/errors.js';
import type { Log } from '../../lib/log.js';
import { scanFecFile, type FecEncoding } from './encoding.js';
import { chooseCompanyId, parseFecFileName } from './file-name.js';
import { transcodeFecFile } from './transcode.js';

/** A FEC read, checked and transcoded, ready to be bulk-loaded. */
export interface PreparedFec {
  path: string;
  sha256: string;
  encoding: FecEncoding;
  companyId: string;
  fiscalYear: number;
  lines: number;
  /** The intermediate file (UTF-8, normalized fields). */
  staged: string;
}

/**
 * Reads every file (outside any transaction: nothing touches the warehouse yet). The first bad file stops
 * everything with its InputError. A file given twice (same content) is read once.
 */
export async function prepareFecFiles(
  paths: string[], companyOption: string | undefined, tempDir: string, warnings: string[], log: Log,
): Promise<PreparedFec[]> {
  const prepared: PreparedFec[] = [];
  for (const [i, path] of paths.entries()) {
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new InputError({ file: path }, 'no such file: give the path of a FEC export (<SIREN>FEC<AAAAMMJJ>.txt)');
    }
    const scanned = await scanFecFile(path);
    const twin = prepared.find((p) => p.sha256 === scanned.sha256);
    if (twin) {
      warnings.push(`"${path}" has the same content as "${twin.path}"; it was read once`);
      continue;
    }
    const staged = join(tempDir, `fec-${i}.txt`);
    const result = await transcodeFecFile(path, scanned.encoding, staged);
    const closing = parseFecFileName(path).closingDate;
    const fiscalYear = Number((closing ?? result.lastDate ?? '0').slice(0, 4));
    if (scanned.encoding === 'windows-1252') warnings.push(`"${path}" was decoded as Windows-1252`);
    if (result.layout.missingOptional.length) {
      warnings.push(`"${path}" has no ${result.layout.missingOptional.join('/')} column: amounts are taken in the company currency`);
    }
    if (result.bothSides) {
      warnings.push(
        `"${path}": ${result.bothSides} line(s) have both Debit and Credit non-zero (first: line ` +
          `${result.firstBothSides}); their net amount was used`,
      );
    }
    if (result.lines === 0) warnings.push(`"${path}" has a header but no lines`);
    const companyId = chooseCompanyId(path, companyOption);
    log.info({ file: path, lines: result.lines, encoding: scanned.encoding, companyId, fiscalYear }, 'read FEC');
    prepared.push({ path, sha256: scanned.sha256, encoding: scanned.encoding, companyId, fiscalYear,
      lines: result.lines, staged });
  }
  return prepared;
}
