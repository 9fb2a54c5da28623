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
 * much as the insert: it also keeps DuckDB from writing in order on both threads). Returns a query giving the rows it
 * appended, in the raw table's shape: over the typed table when that holds exactly them (cheaper to read than the rows
 * just written in the transaction), else over the raw table.
 */
export async function insertRawRows(
  tx: Warehouse,
  shape: TypedShape,
  lineage: { loadId: number; sourceFile: string },
): Promise<string> {
  const columns = shape.columns.map((c) => `t.${c}`).join(', ');
  const everyRow = await isRawEmpty(tx, shape);
  const from = everyRow
    ? `${shape.table} t`
    : `${compareWithCurrent(shape)} where c.current_hash is distinct from t.row_hash`;
  const rows = `select ${lineage.loadId}::bigint as load_id, ${sqlString(lineage.sourceFile)} as source_file,
    t.line as source_line, ${columns}, t.row_hash from ${from}`;
  await tx.run(`insert into ${shape.raw} (load_id, source_file, source_line, ${shape.columns.join(', ')}, row_hash)
    ${rows}`);
  return everyRow ? rows : `select * from ${shape.raw} where load_id = ${lineage.loadId}`;
}
