import { openDuckDb } from './warehouse/db.ts';
import { listModels } from './warehouse/transform.ts';
const db = await openDuckDb('/tmp/pt/w-c12.duckdb');
const models = listModels();
const ar = models.find((m) => m.name === '01_ar_movements.sql')!;
for (const rebuild of [['04_payments.sql'], ['05_allocations.sql'], ['03_documents.sql', '04_payments.sql', '05_allocations.sql']]) {
  await db.transaction(async (tx) => {
    for (const name of rebuild) await tx.run(models.find((m) => m.name === name)!.sql);
    const t2 = Date.now();
    await tx.run(ar.sql);
    console.log(rebuild.join('+'), '-> ar_movements', Date.now() - t2, 'ms');
    throw new Error('rollback');
  }).catch(() => undefined);
}
db.close();
