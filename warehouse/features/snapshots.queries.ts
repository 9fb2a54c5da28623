import type { Session } from './session.js';
import { sqlDate } from './session.js';
import type { Sample } from './points.queries.js';

/**
 * f_points for the invoices open at the end of each snapshot date s (seen at s + 1), with the timing labels:
 * y_k = cash (payment allocations) received in week k = (s+7(k-1), s+7k] as a share of the amount open at s,
 * for k = 1..weeks. The caller must only pass snapshots whose weeks are fully known (s + 7 * weeks <= cutoff).
 * Point ids follow snapshot order, so the last points form a time-ordered validation slice.
 */
export async function createSnapshotPoints(
  session: Session,
  snapshots: readonly string[],
  weeks: number,
  sample: Sample,
): Promise<number> {
  if (snapshots.length === 0) {
    await session.run(`create or replace temp table f_points as select * from (select 1) where false`);
    return 0;
  }
  await session.run(`create or replace temp table f_snapshot_dates as
    select unnest([${snapshots.map(sqlDate).join(', ')}]) as s`);
  const pairs = `from f_snapshot_dates d join f_invoices i
    on i.issue_date <= d.s and (i.settled_date is null or i.settled_date > d.s)`;
  const [row] = await session.all<{ n: string }>(`select count(*) as n ${pairs}`);
  const total = Number(row?.n ?? 0);
  const modulus = 1_000_003;
  const keep =
    total <= sample.maxRows
      ? 'true'
      : `(hash(i.document_id, i.company_id, d.s, ${Math.trunc(sample.seed)}) % ${modulus}) < ${Math.floor((sample.maxRows / total) * modulus)}`;
  const cash = Array.from({ length: weeks }, (_, i) => i + 1).map(
    (k) => `coalesce(sum(a.amount) filter (where a.source_type = 'payment' and a.date > p.s + ${7 * (k - 1)}
                      and a.date <= p.s + ${7 * k}), 0) as cash_${k}`,
  );
  const labels = Array.from(
    { length: weeks },
    (_, i) => `least(greatest(cash_${i + 1} / open_amount, 0), 1) as y_${i + 1}`,
  );
  await session.run(`
    create or replace temp table f_points as
    with pairs as (select d.s, i.* ${pairs} where ${keep}),
    flows as (
      select p.s, p.company_id, p.document_id,
             coalesce(sum(a.amount) filter (where a.date <= p.s), 0) as allocated, ${cash.join(', ')}
      from pairs p left join f_allocations a
        on a.company_id = p.company_id and a.document_id = p.document_id and a.date <= p.s + ${7 * weeks}
      group by all
    ),
    chosen as (
      select p.*, f.* exclude (s, company_id, document_id), p.s + 1 as known_before,
             p.amount - f.allocated as open_amount, (p.amount - f.allocated) / p.amount as open_frac
      from pairs p join flows f using (s, company_id, document_id)
      where p.amount - f.allocated > 0.005
    )
    select (row_number() over (order by s, company_id, document_id) - 1)::integer as point_id,
           company_id, document_id, customer_id, known_before, issue_date, due_date, amount * rate as amount_rc,
           rate, currency, delivery, open_frac, open_amount, days_late, settled_date, s as snapshot, ${labels.join(', ')}
    from chosen`);
  const [count] = await session.all<{ n: string }>('select count(*) as n from f_points');
  return Number(count?.n ?? 0);
}

/**
 * Snapshot dates for a timing model trained at `cutoff`: every `step` days going back from cutoff - 7 * weeks, never
 * before `earliest`. A step that is not a multiple of 7 spreads the snapshots over every weekday.
 */
export function listSnapshotDates(
  cutoff: string,
  earliest: string,
  weeks: number,
  step = 9,
  max = 120,
): string[] {
  const dates: string[] = [];
  const last = Date.parse(cutoff + 'T00:00:00Z') - 7 * weeks * 86_400_000;
  const first = Date.parse(earliest + 'T00:00:00Z');
  for (let t = last; t >= first && dates.length < max; t -= step * 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates.reverse();
}
