import type { Warehouse } from '../../../warehouse/db.js';
import { findDefaultAsOf } from '../../../warehouse/kpi/index.js';
import {
  findCustomerSettings,
  listCustomersFlaggedOverLimit,
  saveCustomerSettings,
} from '../../../warehouse/ops/customer-settings.queries.js';
import { readCreditLimitsPassed } from '../../../warehouse/scope/alerts.queries.js';
import {
  findCustomer,
  readCustomerAging,
  type CustomerIdentity,
} from '../../../warehouse/scope/customer-card.queries.js';
import { withAudit } from './audit.js';
import { notifyCustomerOwner } from './commitments.js';
import { effectiveCreditLimit } from './customer-card.js';
import { compareMoney } from '../../../lib/money.js';
import { sendMails } from './notify.js';
import type { ApiServices } from './services.js';

/** What a credit check needs: the API's services, or the nightly worker's (warehouse, ops tables, mailer). */
export type CreditAlertDeps = Pick<ApiServices, 'db' | 'ops' | 'mailer' | 'log' | 'now'>;

export interface CreditCheck {
  exposure: string;
  limit: string | null;
  over: boolean;
  /** True when this check alerted the owner (the exposure has just passed the limit). */
  alerted: boolean;
}

/**
 * Compares the customer's exposure (net receivable in the reporting currency, as of the latest ledger date) with the
 * credit limit in force, and alerts the owner once when it passes the limit (again only after it went back under).
 * Called after every credit change; the nightly pipeline can call it for every customer with a limit.
 */
export async function checkCreditLimit(
  services: CreditAlertDeps,
  db: Warehouse,
  customer: CustomerIdentity,
): Promise<CreditCheck> {
  const settings = await findCustomerSettings(services.ops, customer.customer_id);
  const { limit } = effectiveCreditLimit(customer, settings);
  const asOf = await findDefaultAsOf(db);
  const exposure = (await readCustomerAging(db, customer.customer_id, asOf)).total.net_ar;
  const over = limit !== null && compareMoney(exposure, limit) > 0;
  const alerted = await recordCreditState(services, customer, { exposure, limit, over, asOf }, settings);
  return { exposure, limit, over, alerted };
}

/**
 * Flags the customer over its limit and alerts the owner when it has just passed it, or clears the flag when it went
 * back under; nothing when the state is unchanged. Returns whether the owner was alerted.
 */
async function recordCreditState(
  services: CreditAlertDeps,
  customer: CustomerIdentity,
  /** exposure null: not read (the customer is known to be under its limit). */
  state: { exposure: string | null; limit: string | null; over: boolean; asOf: string },
  settings: { over_limit_since: Date | null } | undefined,
): Promise<boolean> {
  const { exposure, limit, over, asOf } = state;
  const alerted = over && !settings?.over_limit_since;
  if (!alerted && !(!over && settings?.over_limit_since)) return false;
  const mails = await withAudit(services.ops, 'system', async (trx) => {
    const change = await saveCustomerSettings(trx, customer.customer_id, {
      over_limit_since: over ? services.now() : null,
      updated_by: 'system',
    });
    const mails = alerted
      ? await notifyCustomerOwner(services, trx, customer, {
          kind: 'credit_limit',
          entity: 'customer',
          entityId: customer.customer_id,
          message: `${customer.name} (${customer.customer_id}) owes ${exposure} as of ${asOf}, above its credit limit of ${limit}`,
          subject: `encours: ${customer.name} is over its credit limit`,
        })
      : [];
    return {
      result: mails,
      changes: [
        {
          action: over ? 'over_limit' : 'under_limit',
          entity: 'customer',
          entityId: customer.customer_id,
          before: change.before ?? null,
          after: change.after,
        },
      ],
    };
  });
  await sendMails(services, mails);
  return alerted;
}

/**
 * The credit check of every customer whose state may have changed with the ledger: those over their limit as of the
 * latest ledger date, and those flagged over it before (who may be back under). Run by the nightly pipeline after
 * the load, so that an owner hears of a limit passed by new invoices, not only of one passed by a credit change.
 */
export async function checkCreditLimits(
  deps: CreditAlertDeps,
): Promise<{ checked: number; over: number; alerted: number; cleared: number }> {
  const asOf = await findDefaultAsOf(deps.db);
  const over = await readCreditLimitsPassed(deps.db, { asOf, limit: 1_000_000 });
  const flagged = await listCustomersFlaggedOverLimit(deps.ops);
  const ids = [...new Set([...over.map((a) => a.customer_id), ...flagged])].sort();
  const exposures = new Map(over.map((a) => [a.customer_id, a]));
  const wasOver = new Set(flagged);
  let alerted = 0;
  let cleared = 0;
  for (const id of ids) {
    // the list of customers over their limit is complete: a flagged one not in it is back under; a customer whose
    // state is unchanged needs no write (and no per-customer read)
    const now = exposures.get(id);
    if ((now !== undefined) === wasOver.has(id)) continue;
    const customer = await findCustomer(deps.db, id);
    if (!customer) continue;
    const settings = await findCustomerSettings(deps.ops, id);
    const state =
      now !== undefined
        ? { exposure: now.amount, limit: now.limit, over: true, asOf }
        : { exposure: null, limit: null, over: false, asOf };
    if (await recordCreditState(deps, customer, state, settings)) alerted += 1;
    else if (!state.over) cleared += 1;
  }
  return { checked: ids.length, over: over.length, alerted, cleared };
}
