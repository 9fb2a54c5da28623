import type { EntityCounts } from '../load.js';
import type { Warehouse } from '../../warehouse/db.js';
import { sqlString } from './sql.js';
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
  const status = `status_${shape.table}`;
  await tx.run(`create temp table ${status} as
    with current_versions as (
      select ${keys}, arg_max(row_hash, (load_id, source_line)) as current_hash from ${shape.raw} group by all
    )
    select t.*, case when c.current_hash is null then 'inserted'
                     when c.current_hash = t.row_hash then 'unchanged' else 'updated' end as status
    from ${shape.table} t left join current_versions c using (${keys})`);
  await tx.run(`insert into ${shape.raw} (load_id, source_file, source_line, ${shape.columns.join(', ')}, row_hash)
    select ${lineage.loadId}, ${sqlString(lineage.sourceFile)}, line, ${shape.columns.join(', ')}, row_hash
    from ${status} where status <> 'unchanged'`);
  const rows = await tx.all<{ status: keyof EntityCounts; n: string }>(
    `select status, count(*) as n from ${status} group by status`,
  );
  const counts: EntityCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
