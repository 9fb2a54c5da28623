import { addDays } from '../../lib/dates.js';
import type { Warehouse } from '../db.js';
import { computeKpis, findDefaultAsOf, type KpiReport } from '../kpi/index.js';
import { listPromisesDue } from '../ops/commitments.queries.js';
import { createOpsDb, type OpsDb } from '../ops/database.js';
import type { User } from '../ops/users.table.js';
import { loadAccessScope } from './access-scope.js';
import { findVisibleCustomers } from './customer-card.queries.js';
import { listCustomers } from './customers.queries.js';
import { withScopedWarehouse } from './scoped-session.js';

export interface Digest {
  to: string;
  subject: string;
  text: string;
  data: {
    asOf: string;
    currency: string;
    net_ar: number;
    overdue: number;
    dso: number | null;
    /** DSO change over the previous `days` (null when either is undefined). */
    dso_change: number | null;
    promises_due: { customer_id: string; name: string; amount: string; promised_date: string }[];
    top_overdue: { customer_id: string; name: string; overdue: string }[];
  };
}

/**
 * The cash-reporting digest of one user, over *their* scope only: net receivable, overdue, DSO and its change over the
 * period, promises due in the next period, the largest overdue customers. Reads only; the caller sends it (a Temporal
 * schedule, weekly by default). asOf defaults to the latest ledger date; `ops` defaults to one over the warehouse,
 * closed before returning.
 */
export async function buildDigest(
  db: Warehouse,
  user: Pick<User, 'id' | 'role' | 'email' | 'name'>,
  options: { ops?: OpsDb; asOf?: string; days?: number; top?: number } = {},
): Promise<Digest> {
  const ops = options.ops ?? createOpsDb(db);
  const days = options.days ?? 7;
  try {
    const scope = await loadAccessScope(ops, user);
    return await withScopedWarehouse(db, scope, async (w) => {
      const asOf = options.asOf ?? (await findDefaultAsOf(w));
      const now = await computeKpis(w, { asOf });
      const before = await computeKpis(w, { asOf: addDays(asOf, -days) });
      const due = await listPromisesDue(ops, asOf, addDays(asOf, days));
      const names = await findVisibleCustomers(
        w,
        due.map((p) => p.customer_id),
      );
      const promises = due
        .filter((p) => names.has(p.customer_id))
        .map((p) => ({
          customer_id: p.customer_id,
          name: names.get(p.customer_id)!,
          amount: p.amount,
          promised_date: p.promised_date,
        }));
      const top = (
        await listCustomers(w, {
          asOf,
          overdue: true,
          sort: { by: 'overdue', descending: true },
          limit: options.top ?? 5,
        })
      ).items;
      const data = {
        asOf,
        currency: now.currency,
        net_ar: now.aging.net_ar,
        overdue: overdueOf(now),
        dso: now.dso.simple,
        dso_change:
          now.dso.simple === null || before.dso.simple === null
            ? null
            : round(now.dso.simple - before.dso.simple),
        promises_due: promises,
        top_overdue: top.map((c) => ({ customer_id: c.customer_id, name: c.name, overdue: c.overdue })),
      };
      return {
        to: user.email,
        subject: `encours: receivables as of ${asOf}`,
        text: formatDigest(user.name, data, days),
        data,
      };
    });
  } finally {
    if (!options.ops) await ops.destroy();
  }
}

/** The overdue buckets added up in integer cents (they are already rounded to cents). */
function overdueOf(k: KpiReport): number {
  const cents = [k.aging.days_1_30, k.aging.days_31_60, k.aging.days_61_90, k.aging.days_over_90].reduce(
    (sum, v) => sum + Math.round(v * 100),
    0,
  );
  return cents / 100;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function formatDigest(name: string, d: Digest['data'], days: number): string {
  const money = (v: number | string) =>
    `${Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${d.currency}`;
  const dso = d.dso === null ? 'n/a' : `${d.dso.toFixed(1)} days`;
  const change =
    d.dso_change === null
      ? ''
      : ` (${d.dso_change >= 0 ? '+' : ''}${d.dso_change.toFixed(1)} over ${days} days)`;
  const lines = [
    `Hello ${name},`,
    '',
    `Your receivables as of ${d.asOf}:`,
    `  Net receivable  ${money(d.net_ar)}`,
    `  Overdue         ${money(d.overdue)}`,
    `  DSO             ${dso}${change}`,
    '',
    d.promises_due.length
      ? `Promises due in the next ${days} days:`
      : `No promise due in the next ${days} days.`,
    ...d.promises_due.map((p) => `  ${p.promised_date}  ${p.name} (${p.customer_id})  ${money(p.amount)}`),
    '',
    d.top_overdue.length ? 'Largest overdue balances:' : 'Nothing overdue.',
    ...d.top_overdue.map((c) => `  ${c.name} (${c.customer_id})  ${money(c.overdue)}`),
    '',
    '— encours',
  ];
  return lines.join('\n');
}
