// The set-based SQL (running balances in marts.ar_daily, closed items skipped in marts.ar_movements) against a
// literal, document-by-document reading of DESIGN.md §4 on a generated ledger, at many dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/dates.js';
import type { Warehouse } from '../db.js';
import { runTransforms } from '../transform.js';
import { generateBenchLedger } from './bench-ledger.js';
import { computeAging, computeKpis } from './index.js';
import { openTestWarehouse } from './test-ledger.js';

const DATES = [
  '2023-01-20',
  '2023-03-31',
  '2023-08-15',
  '2024-02-29',
  '2024-07-01',
  '2024-12-31',
  '2025-06-30',
  '2026-01-31',
  '2026-06-30',
];

// Only the EUR facts, so that no conversion is involved; every amount is open amount = amount - allocations <= d.
const LITERAL = `
with dates as (select unnest(string_split($1, ',')::date[]) as as_of),
invoices as (select * from core.documents where type = 'invoice' and currency = 'EUR'),
credits as (
  select company_id, payment_id as id, 'payment' as kind, date, amount from core.payments where currency = 'EUR'
  union all
  select company_id, document_id, 'credit_note', issue_date, amount from core.documents
  where type = 'credit_note' and currency = 'EUR'
),
open_invoices as (
  select d.as_of, i.due_date, d.as_of - i.due_date as dpd, i.amount - coalesce((
    select sum(a.amount) from core.allocations a
    where a.company_id = i.company_id and a.document_id = i.document_id and a.date <= d.as_of), 0) as open
  from dates d join invoices i on i.issue_date <= d.as_of
),
unapplied as (
  select d.as_of, -sum(c.amount - coalesce((
    select sum(a.amount) from core.allocations a
    where a.company_id = c.company_id and a.source_id = c.id and a.source_type = c.kind and a.date <= d.as_of), 0)) as unapplied
  from dates d join credits c on c.date <= d.as_of group by d.as_of
)
select d.as_of::varchar as as_of,
  coalesce((select sum(open) from open_invoices o where o.as_of = d.as_of and dpd <= 0), 0) as not_due,
  coalesce((select sum(open) from open_invoices o where o.as_of = d.as_of and dpd between 1 and 30), 0) as days_1_30,
  coalesce((select sum(open) from open_invoices o where o.as_of = d.as_of and dpd between 31 and 60), 0) as days_31_60,
  coalesce((select sum(open) from open_invoices o where o.as_of = d.as_of and dpd between 61 and 90), 0) as days_61_90,
  coalesce((select sum(open) from open_invoices o where o.as_of = d.as_of and dpd > 90), 0) as days_over_90,
  coalesce((select unapplied from unapplied u where u.as_of = d.as_of), 0) as unapplied,
  coalesce((select sum(case type when 'invoice' then amount else -amount end) from core.documents
            where currency = 'EUR' and issue_date > d.as_of - 90 and issue_date <= d.as_of), 0) as sales_90,
  coalesce((select sum(case type when 'invoice' then amount else -amount end) from core.documents
            where currency = 'EUR' and issue_date > d.as_of - 30 and issue_date <= d.as_of), 0) as sales_30,
  coalesce((select sum(a.amount) from core.allocations a join invoices i using (company_id, document_id)
            where a.source_type = 'payment' and a.date > d.as_of - 30 and a.date <= d.as_of
              and i.due_date <= d.as_of), 0) as cash,
  coalesce((select sum(i.amount - coalesce((select sum(a.amount) from core.allocations a
              where a.company_id = i.company_id and a.document_id = i.document_id and (a.date <= d.as_of - 30
                 or (a.source_type = 'credit_note' and a.date <= d.as_of))), 0))
            from invoices i where i.due_date <= d.as_of and i.issue_date <= d.as_of), 0) as collection_base
from dates d order by 1`;

type Literal = Record<string, string>;
let db: Warehouse;
let literal: Map<string, Literal>;
let dailySales: { date: string; sales: string }[];

beforeAll(async () => {
  db = await openTestWarehouse();
  await generateBenchLedger(db, 3000);
  await runTransforms(db);
  const rows = await db.all<Literal>(LITERAL, [[...DATES, ...DATES.map((d) => addDays(d, -30))].join(',')]);
  literal = new Map(rows.map((r) => [r.as_of!, r]));
  dailySales = await db.all(
    `select issue_date::varchar as date, sum(case type when 'invoice' then amount else -amount end) as sales
     from core.documents where currency = 'EUR' group by 1 order by 1`,
  );
});

/** DSO countback read literally: the month to date, then whole months, at most 24, until the AR is used up. */
function countback(asOf: string, ar: number): number | null {
  const salesIn = (after: string, upTo: string) =>
    dailySales.filter((s) => s.date > after && s.date <= upTo).reduce((sum, s) => sum + Number(s.sales), 0);
  const monthEnd = (k: number) => {
    const d = new Date(asOf + 'T00:00:00Z');
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - k, 0)).toISOString().slice(0, 10);
  };
  let left = ar;
  let days = 0;
  let upper = asOf;
  for (let k = 0; k < 24; k++) {
    const lower = monthEnd(k);
    const periodDays = (Date.parse(upper) - Date.parse(lower)) / 86_400_000;
    const sales = salesIn(lower, upper);
    if (k === 0 && left <= 0) return sales === 0 ? null : (left / sales) * periodDays;
    if (left < sales) return days + (left / sales) * periodDays;
    left -= sales;
    days += periodDays;
    if (Math.abs(left) < 0.005) return days;
    upper = lower;
  }
  return days;
}
afterAll(() => db?.close());

const money = (row: Literal, column: string) => Number(row[column]);
const ratio = (n: number, d: number, scale: number) => (d === 0 ? null : (n / d) * scale);

describe.each(DATES)('as of %s, EUR facts', (asOf) => {
  it('equals the literal definitions', async () => {
    const ref = literal.get(asOf)!;
    const before = literal.get(addDays(asOf, -30))!;
    const buckets = [
      'not_due',
      'days_1_30',
      'days_31_60',
      'days_61_90',
      'days_over_90',
      'unapplied',
    ] as const;
    const netAr = buckets.reduce((sum, b) => sum + money(ref, b), 0);
    const netAr30 = buckets.reduce((sum, b) => sum + money(before, b), 0);
    const kpi = await computeKpis(db, { asOf, currency: 'EUR' });
    for (const b of buckets) expect(kpi.aging[b], b).toBeCloseTo(money(ref, b), 2);
    expect(kpi.aging.net_ar).toBeCloseTo(netAr, 2);
    const [s90, s30, notDue] = [money(ref, 'sales_90'), money(ref, 'sales_30'), money(ref, 'not_due')];
    const expected = {
      dso: ratio(netAr, s90, 90),
      bpdso: ratio(notDue, s90, 90),
      cei: ratio(netAr30 + s30 - netAr, netAr30 + s30 - notDue, 100),
      collection_rate: ratio(money(ref, 'cash'), money(ref, 'collection_base'), 100),
    };
    expect(kpi.dso.simple).toBeCloseTo(expected.dso!, 3);
    expect(kpi.bpdso).toBeCloseTo(expected.bpdso!, 3);
    expect(kpi.cei).toBeCloseTo(expected.cei!, 3);
    expect(kpi.collection_rate).toBeCloseTo(expected.collection_rate!, 3);
    expect(kpi.dso.countback).toBeCloseTo(countback(asOf, netAr)!, 3);
    if (asOf > '2023-06-01' && asOf < '2026-01-01')
      expect(
        Object.values(kpi.aging).every((v) => v !== 0),
        'every column in use',
      ).toBe(true);
    const aging = await computeAging(db, { asOf, currency: 'EUR' });
    expect(aging.totals).toEqual(kpi.aging);
  });
});
