/**
 * Measures the quality bar on a warehouse (generated or real): `model evaluate` at a cutoff and `forecast evaluate`
 * at several cutoffs, printed as JSON lines. Usage:
 *   node --import tsx models/bench/quality-report.ts WAREHOUSE.duckdb --cutoff 2025-06-30 --cutoffs 2025-03-31,2025-06-30,2025-09-30
 */
import { parseArgs } from 'node:util';
import { openDuckDb } from '../../warehouse/db.js';
import { prepareWarehouse } from '../../warehouse/warehouse.js';
import { evaluateModel } from '../evaluate.js';
import { evaluateForecast } from '../forecast-evaluate.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cutoff: { type: 'string', default: '2025-06-30' },
    cutoffs: { type: 'string', default: '2025-03-31,2025-06-30,2025-09-30' },
    weeks: { type: 'string', default: '8' },
  },
});
const db = await openDuckDb(positionals[0]!, { settings: { threads: '2' } });
await prepareWarehouse(db, 'EUR');
let started = Date.now();
const model = await evaluateModel(db, { cutoff: values.cutoff! });
process.stdout.write(`${JSON.stringify({ model, seconds: (Date.now() - started) / 1000 })}\n`);
started = Date.now();
const forecast = await evaluateForecast(db, {
  cutoffs: values.cutoffs!.split(','),
  weeks: Number(values.weeks),
});
process.stdout.write(
  `${JSON.stringify({ forecast: forecast.wape, seconds: (Date.now() - started) / 1000 })}\n`,
);
db.close();
