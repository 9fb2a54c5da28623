import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../warehouse/db.ts';
import { prepareWarehouse } from '../warehouse/warehouse.ts';
import { generateLedger } from '../pipelines/generator/index.ts';
import { importCanonical } from '../pipelines/canonical/import.ts';
import { evaluateModel } from './evaluate.ts';
import { evaluateForecast } from './forecast-evaluate.ts';
const [customers, invoices, companies] = [Number(process.argv[2] ?? 500), Number(process.argv[3] ?? 30000), Number(process.argv[4] ?? 1)];
const dir = mkdtempSync(join(tmpdir(), 'gen-'));
let t = Date.now();
const rep = await generateLedger({ outDir: dir, customers, invoices, seed: 42, companies, currencies: companies > 1 ? ['EUR', 'USD'] : ['EUR'] });
console.log('generated', rep.invoices, rep.payments, Date.now() - t);
const db = await openDuckDb(join(dir, 'w.duckdb'));
await prepareWarehouse(db, 'EUR');
t = Date.now();
await importCanonical(db, dir);
console.log('imported', Date.now() - t);
console.log(await db.all(`select count(*) n, count(settled_date) s, avg((days_late>0)::int) pl, min(issue_date)::varchar a, max(issue_date)::varchar b from marts.features_invoices`));
for (const cutoff of ['2025-06-30']) {
  t = Date.now();
  console.log(JSON.stringify(await evaluateModel(db, { cutoff })), Date.now() - t);
}
t = Date.now();
const f = await evaluateForecast(db, { cutoffs: ['2025-03-31', '2025-06-30', '2025-09-30'], weeks: 8, training: { maxRows: 60000 } });
console.log(JSON.stringify(f.wape), Date.now() - t);
console.log(JSON.stringify(f.cutoffs[1]));
