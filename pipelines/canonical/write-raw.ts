import type { EntityCounts } from '../load.js';
import type { Warehouse } from '../../warehouse/db.js';
import { firstRow, sqlString } from './sql.js';
import type { TypedShape } from './typed.js';

/** This import's rows next to the current version of their key in raw (latest load, then latest line, as in staging). */
function compareWithCurrent(shape: TypedShape): string {
  const keys = shape.keys.join(', ');
  return `${shape.table} t left join (
      select ${keys}, arg_max(row_hash, (load_id, source_line)) as current_hash from ${shape.raw} group by all
    ) c using (${keys})`;
}

/** True when the raw table holds no row yet (a first load): every row of the import is then new, no join needed. */
async function isRawEmpty(tx: Warehouse, shape: TypedShape): Promise<boolean> {
  const found = await firstRow<{ any: boolean }>(tx, `select exists (select 1 from ${shape.raw}) as any`);
  return found?.any !== true;
}

/** New keys are `inserted`, changed content `updated`, identical rows `unchanged`. */
export async function countRawChanges(tx: Warehouse, shape: TypedShape): Promise<EntityCounts> {
  if (await isRawEmpty(tx, shape)) {
    const counted = await firstRow<{ n: string }>(tx, `select count(*) as n from ${shape.table}`);
    return { inserted: Number(counted?.n ?? 0), updated: 0, unchanged: 0 };
  }
  const counted = await firstRow<{ inserted: string; updated: string; unchanged: string }>(
    tx,
    `select count(*) filter (where c.current_hash is null) as inserted,
            count(*) filter (where c.current_hash <> t.row_hash) as updated,
            count(*) filter (where c.current_hash = t.row_hash) as unchanged
     from ${compareWithCurrent(shape)}`,
  );
  return {
    inserted: Number(counted?.inserted ?? 0),
    updated: Number(counted?.updated ?? 0),
    unchanged: Number(counted?.unchanged ?? 0),
  };
}

/**
 * Appends the inserted and updated rows to the raw table with their lineage, in file order. Into an empty raw table
 * every row goes, straight from the typed table (the join against current versions would find none, and costs as
 * much as the insert: it also keeps DuckDB from writing in order on both threads).
 */
export async function insertRawRows(
  tx: Warehouse,
  shape: TypedShape,
  lineage: { loadId: number; sourceFile: string },
): Promise<void> {
  const columns = shape.columns.map((c) => `t.${c}`).join(', ');
  const from = (await isRawEmpty(tx, shape))
    ? `${shape.table} t`
    : `${compareWithCurrent(shape)} where c.current_hash is distinct from t.row_hash`;
  await tx.run(`insert into ${shape.raw} (load_id, source_file, source_line, ${shape.columns.join(', ')}, row_hash)
    select ${lineage.loadId}, ${sqlString(lineage.sourceFile)}, t.line, ${columns}, t.row_hash from ${from}`);
}
