import { openDuckDb } from './warehouse/db.ts';
import { prepareWarehouse } from './warehouse/warehouse.ts';
import { listModels } from './warehouse/transform.ts';
const db = await openDuckDb('/tmp/pt/w-c12.duckdb');
await prepareWarehouse(db, 'EUR');
const models = listModels();
const ar = models.find((m) => m.name === '01_ar_movements.sql')!;
const fixed = ar.sql.replace('invoices as (', 'invoices as materialized (').replace('sources as (', 'sources as materialized (');
for (const [name, sql] of [['as is', ar.sql], ['materialized', fixed]] as const) {
  try {
    await db.transaction(async (tx) => {
      for (const m of ['03_documents.sql', '04_payments.sql', '05_allocations.sql']) await tx.run(models.find((x) => x.name === m)!.sql);
      const t = Date.now();
      await tx.run(sql);
      console.log(name, 'in tx:', Date.now() - t, 'ms');
      throw new Error('rollback');
    });
  } catch (e) { if (!String(e).includes('rollback')) console.log(String(e).slice(0, 300)); }
}
db.close();
