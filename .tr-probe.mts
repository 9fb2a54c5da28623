import { openDuckDb } from './warehouse/db.ts';
import { listModels } from './warehouse/transform.ts';
const db = await openDuckDb('/tmp/pt/w-c12.duckdb');
const models = listModels();
const ar = models.find((m) => m.name === '01_ar_movements.sql')!;
const withs = ar.sql.slice(ar.sql.indexOf('with invoices as'), ar.sql.indexOf('invoice_closing as'));
const q = withs.trim().replace(/,\s*$/, '') + ' select count(*) from allocations';
await db.transaction(async (tx) => {
  for (const m of ['03_documents.sql', '04_payments.sql', '05_allocations.sql']) await tx.run(models.find((x) => x.name === m)!.sql);
  let t = Date.now();
  console.log(await tx.all(q), 'allocations cte', Date.now() - t, 'ms');
  t = Date.now();
  console.log(await tx.all(`select count(*) from core.allocations a join core.documents i on i.company_id = a.company_id and i.document_id = a.document_id`), 'simple join', Date.now() - t);
  const plan = (await tx.all<{ explain_value: string }>('explain analyze ' + q))[0]!.explain_value;
  console.log(plan.slice(0, 6000));
  throw new Error('rollback');
}).catch((e) => console.log(String(e).slice(0, 100)));
db.close();
