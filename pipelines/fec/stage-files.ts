import { join } from 'node:path';
import type { Log } from '../../lib/log.js';
import type { Warehouse } from '../../warehouse/db.js';
import type { LoadedFile } from '../load.js';
import { setFiscalYear, stageFecFile } from './queries.js';
import type { ScannedFec } from './scan-files.js';
import { transcodeFecFile, type TranscodedFec } from './transcode.js';

/**
 * Second pass, inside the import transaction: decodes and checks every line, and bulk-loads the result into
 * raw.fec_lines under the load id, chunk by chunk while the next chunk is being written.
 */
export async function stageFecFiles(
  tx: Warehouse,
  loadId: number,
  files: ScannedFec[],
  tempDir: string,
  warnings: string[],
  log: Log,
): Promise<LoadedFile[]> {
  const loaded: LoadedFile[] = [];
  for (const [i, file] of files.entries()) {
    const started = Date.now();
    const result = await transcodeAndStage(tx, loadId, file, join(tempDir, `fec-${i}`));
    const fiscalYear = file.fiscalYear ?? Number((result.lastDate ?? '0').slice(0, 4));
    await setFiscalYear(tx, loadId, file.path, file.companyId, fiscalYear);
    warnings.push(...describeFile(file.path, result));
    log.info(
      {
        file: file.path,
        lines: result.lines,
        encoding: file.encoding,
        companyId: file.companyId,
        fiscalYear,
        ms: Date.now() - started,
      },
      'staged FEC',
    );
    loaded.push({ path: file.path, sha256: file.sha256, rows: result.lines });
  }
  return loaded;
}

async function transcodeAndStage(
  tx: Warehouse,
  loadId: number,
  file: ScannedFec,
  prefix: string,
): Promise<TranscodedFec> {
  let loading: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const onChunk = (chunk: string) => {
    loading = loading
      .then(() =>
        failure === null
          ? stageFecFile(tx, {
              loadId,
              sourceFile: file.path,
              companyId: file.companyId,
              fiscalYear: 0,
              path: chunk,
            })
          : undefined,
      )
      .catch((error: unknown) => {
        failure ??= error;
      });
  };
  let result: TranscodedFec;
  try {
    result = await transcodeFecFile(file.path, file.encoding, prefix, onChunk);
  } finally {
    await loading;
  }
  if (failure !== null) throw failure;
  return result;
}

function describeFile(path: string, result: TranscodedFec): string[] {
  const warnings: string[] = [];
  if (result.layout.missingOptional.length) {
    warnings.push(
      `"${path}" has no ${result.layout.missingOptional.join('/')} column: amounts are taken in the company currency`,
    );
  }
  if (result.bothSides) {
    warnings.push(
      `"${path}": ${result.bothSides} line(s) have both Debit and Credit non-zero (first: line ` +
        `${result.firstBothSides}); their net amount was used`,
    );
  }
  if (result.lines === 0) warnings.push(`"${path}" has a header but no lines`);
  return warnings;
}
