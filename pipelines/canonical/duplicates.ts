import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { firstRow } from './sql.js';
import type { TypedShape } from './typed.js';

export interface DuplicateContext {
  file: string;
  /** The column to name in messages (the id column of the file). */
  column: string;
  /** SQL expression over the typed table (alias t) shown as the duplicated id. */
  label: string;
}

/**
 * One row per key within the import. The same key with different content is refused (the file contradicts itself);
 * the same key with the same content is kept once, with a warning.
 */
export async function removeDuplicates(
  tx: Warehouse,
  shape: TypedShape,
  context: DuplicateContext,
): Promise<string[]> {
  const keys = shape.keys.join(', ');
  const matches = shape.keys.map((k) => `t.${k} = d.${k}`).join(' and ');
  // a narrow aggregate first, over one 64-bit hash of the keys (cheaper to group than the key strings): equal keys
  // hash alike, so no repeat is missed; a rare collision only sends a clean file through the exact test below
  const found = await firstRow<{ any: boolean }>(
    tx,
    `select exists (select 1 from ${shape.table} group by hash(${keys}) having count(*) > 1) as any`,
  );
  if (found?.any !== true) return [];
  await tx.run(`create or replace temp table dup_keys as
    select ${keys}, min(line) as first_line, arg_min(row_hash, line) as first_hash, count(*) as n
    from ${shape.table} group by all having count(*) > 1`);
  const conflict = await firstRow<{ line: number; first_line: number; label: string }>(
    tx,
    `select t.line, d.first_line, ${context.label} as label from ${shape.table} t join dup_keys d on ${matches}
     where t.row_hash <> d.first_hash order by t.line limit 1`,
  );
  if (conflict) {
    throw new InputError(
      { file: context.file, line: conflict.line, column: context.column },
      `${conflict.label} already appears on line ${conflict.first_line} with different content; ` +
        'keep one row per id (send a correction in a later import)',
    );
  }
  const repeated = await firstRow<{ n: string; line: number | null }>(
    tx,
    `select count(*) as n, min(t.line) as line from ${shape.table} t join dup_keys d on ${matches}
     where t.line <> d.first_line`,
  );
  if (!repeated || Number(repeated.n) === 0) return [];
  await tx.run(`delete from ${shape.table} t using dup_keys d where ${matches} and t.line <> d.first_line`);
  const file = context.file.split(/[\\/]/).pop();
  return [
    `${file}: ${repeated.n} row(s) repeat an earlier row exactly and were loaded once (first repeat on line ${repeated.line})`,
  ];
}
