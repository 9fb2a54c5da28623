import { openDuckDb } from './warehouse/db.ts';
import { prepareWarehouse } from './warehouse/warehouse.ts';
import { importFec } from './pipelines/fec/import.ts';
import { createLog } from './lib/log.ts';
const D = process.argv[2];
const db = await openDuckDb('/tmp/pt/w-c12.duckdb');
await prepareWarehouse(db, 'EUR');
const t = Date.now();
try {
  const r = await importFec(db, [`${D}/drop/C3/937457513FEC20231231.txt`], { companyId: 'C3', termsFile: `${D}/demo/C3-terms.csv` }, createLog('debug'));
  console.log('ok', Date.now() - t, JSON.stringify(r.counts));
} catch (e) { console.log('ERR', Date.now() - t, e); }
db.close();
