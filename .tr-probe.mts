import { openDuckDb } from './warehouse/db.ts';
import { listModels } from './warehouse/transform.ts';
const db = await openDuckDb('/tmp/pt/w-c12.duckdb');
const models = listModels();
const ar = models.find((m) => m.name === '01_ar_movements.sql')!;
for (const [name, setting] of [['join_order disabled', "set disabled_optimizers = 'join_order'"], ['build_side_probe_side disabled', "set disabled_optimizers = 'build_side_probe_side'"]] as const) {
  try {
    await db.transaction(async (tx) => {
      for (const m of ['03_documents.sql', '04_payments.sql', '05_allocations.sql']) await tx.run(models.find((x) => x.name === m)!.sql);
      await tx.run(setting);
      const t = Date.now();
      await tx.run(ar.sql);
      console.log(name, 'in tx:', Date.now() - t, 'ms');
      await tx.run("reset disabled_optimizers");
      throw new Error('rollback');
    });
  } catch (e) { if (!String(e).includes('rollback')) console.log(String(e).slice(0, 300)); }
}
db.close();
