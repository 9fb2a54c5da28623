import type { Warehouse } from '../db.js';
import { addDays } from '../../lib/dates.js';

export interface ActualWeek {
  week: number;
  start: string;
  end: string;
  /** Payments allocated in the week to the invoices open at the as-of date, in the reporting currency. */
  amount: number;
}

/**
 * What was actually collected, week by week after `asOf`, on the invoices the forecast as of `asOf` covers (open at
 * the end of that day): payment allocations whose effective date falls in week k = (asOf + 7(k-1), asOf + 7k],
 * converted at the rates of `asOf` as the forecast's consolidated series is. Only the weeks the ledger has fully
 * seen (ending on or before `through`, its latest date) are returned: a week still running is not an actual.
 */
export async function readForecastActuals(
  db: Warehouse,
  q: { asOf: string; weeks: number; through: string; companyId?: string },
): Promise<ActualWeek[]> {
  const complete = Math.min(q.weeks, Math.floor(daysBetween(q.asOf, q.through) / 7));
  if (complete <= 0) return [];
  const rows = await db.all<{ week: number; amount: number | null }>(
    `with open_invoices as (
       select distinct company_id, item_id
       from marts.ar_movements
       where kind = 'invoice' and effective_date <= $1::date and (closed_date is null or closed_date > $1::date)
         and ($3::varchar is null or company_id = $3)
     ),
     paid as (
       select ceil((m.effective_date - $1::date) / 7)::integer as week, m.currency, -sum(m.amount) as amount
       from marts.ar_movements m semi join open_invoices o on o.company_id = m.company_id and o.item_id = m.item_id
       where m.kind = 'invoice_paid' and m.item_type = 'invoice'
         and m.effective_date > $1::date and m.effective_date <= $1::date + 7 * $2::integer
         and ($3::varchar is null or m.company_id = $3)
       group by all
     )
     select p.week, sum(p.amount * coalesce(r.rate, error('no exchange rate for ' || p.currency || ' on or before ' || $1)))::double as amount
     from paid p left join marts.fx_rates_at([$1::date], $3) r using (currency)
     group by p.week`,
    [q.asOf, complete, q.companyId ?? null],
  );
  const byWeek = new Map(rows.map((r) => [Number(r.week), Number(r.amount ?? 0)]));
  return Array.from({ length: complete }, (_, i) => ({
    week: i + 1,
    start: addDays(q.asOf, 7 * i + 1),
    end: addDays(q.asOf, 7 * (i + 1)),
    amount: Math.round((byWeek.get(i + 1) ?? 0) * 100) / 100,
  }));
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
