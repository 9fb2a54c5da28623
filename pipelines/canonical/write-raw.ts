import type { EntityCounts } from '../load.js';
import type { Warehouse } from '../../warehouse/db.js';
import { firstRow, sqlString } from './sql.js';
import type { TypedShape } from './typed.js';

/**
 * Appends this import's rows to the raw table where they differ from the current version of their key (the latest
 * load, then the latest line, as in staging): new keys are `inserted`, changed content `updated`, the rest skipped.
 */
export async function writeRawRows(
  tx: Warehouse,
  shape: TypedShape,
  lineage: { loadId: number; sourceFile: string },
): Promise<EntityCounts> {
  const keys = shape.keys.join(', ');
  const compared = `${shape.table} t left join (
      select ${keys}, arg_max(row_hash, (load_id, source_line)) as current_hash from ${shape.raw} group by all
    ) c using (${keys})`;
  const counted = await firstRow<{ inserted: string; updated: string; unchanged: string }>(
    tx,
    `select count(*) filter (where c.current_hash is null) as inserted,
            count(*) filter (where c.current_hash <> t.row_hash) as updated,
            count(*) filter (where c.current_hash = t.row_hash) as unchanged
     from ${compared}`,
  );
  const counts = {
    inserted: Number(counted?.inserted ?? 0),
    updated: Number(counted?.updated ?? 0),
    unchanged: Number(counted?.unchanged ?? 0),
  };
  if (counts.inserted + counts.updated === 0) return counts;
  await tx.run(`insert into ${shape.raw} (load_id, source_file, source_line, ${shape.columns.join(', ')}, row_hash)
    select ${lineage.loadId}, ${sqlString(lineage.sourceFile)}, t.line, ${shape.columns.map((c) => `t.${c}`).join(', ')}, t.row_hash
    from ${compared} where c.current_hash is distinct from t.row_hash`);
  return counts;
}
