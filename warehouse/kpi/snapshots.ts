import { bumpDataGeneration } from '../data-generation.js';
import { EncoursError } from '../../lib/errors.js';
import { isIsoDate } from '../../lib/dates.js';
import type { Warehouse } from '../db.js';
import { assertFxRates } from './scope.js';

/**
 * Writes marts.kpi_daily for each date: the group (company_id '*') and every company, consolidated into the
 * reporting currency. Set-based: one marts.kpis() call for all dates, so a year of days costs about one query.
 * Rows already there for these dates are replaced; all or nothing. Returns the number of rows written.
 */
export async function materializeKpiSnapshots(db: Warehouse, dates: readonly string[]): Promise<number> {
  const bad = dates.find((d) => !isIsoDate(d));
  if (bad !== undefined)
    throw new EncoursError('bad_input', `snapshot date must be written YYYY-MM-DD, got "${bad}"`);
  if (dates.length === 0) return 0;
  const list = [...new Set(dates)].sort().join(',');
  await assertFxRates(db, list.split(','), null);
  const written = await db.transaction(async (tx) => {
    await tx.run(
      `delete from marts.kpi_daily where as_of in (select unnest(string_split($1, ',')::date[]))`,
      [list],
    );
    await tx.run(
      `insert into marts.kpi_daily by name
       select * exclude (as_of), as_of, now() as computed_at from marts.kpis(string_split($1, ',')::date[])`,
      [list],
    );
    const [row] = await tx.all<{ n: string }>(
      `select count(*) as n from marts.kpi_daily where as_of in (select unnest(string_split($1, ',')::date[]))`,
      [list],
    );
    return Number(row!.n);
  });
  bumpDataGeneration(db); // cached KPI trends (api/routes/kpi.ts) are out of date
  return written;
}
