import { openDuckDb } from './warehouse/db.ts';
import { listModels } from './warehouse/transform.ts';
const db = await openDuckDb('/tmp/pt/w-c12.duckdb');
const models = listModels();
const ar = models.find((m) => m.name === '01_ar_movements.sql')!;
const variants: Record<string, string> = {
  noorder: ar.sql.replace(/select \* from final order by[^;]*;/, 'select * from final;'),
  countonly: ar.sql.replace('create or replace table marts.ar_movements as', 'select count(*) from (').replace(/order by[^;]*;\s*$/, ')'),
};
for (const [name, sql] of Object.entries(variants)) {
  await db.transaction(async (tx) => {
    for (const m of ['03_documents.sql', '04_payments.sql', '05_allocations.sql']) await tx.run(models.find((x) => x.name === m)!.sql);
    const t = Date.now();
    await tx.run(sql);
    console.log(name, Date.now() - t, 'ms');
    throw new Error('rollback');
  }).catch(() => undefined);
}
db.close();
