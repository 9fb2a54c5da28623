import type { Warehouse } from '../../../warehouse/db.js';
import { findDefaultAsOf } from '../../../warehouse/kpi/index.js';
import {
  findCustomerSettings,
  saveCustomerSettings,
} from '../../../warehouse/ops/customer-settings.queries.js';
import { readCustomerAging, type CustomerIdentity } from '../../../warehouse/scope/customer-card.queries.js';
import { withAudit } from './audit.js';
import { notifyCustomerOwner } from './commitments.js';
import { effectiveCreditLimit } from './customer-card.js';
import { compareMoney } from '../../../lib/money.js';
import { sendMails } from './notify.js';
import type { ApiServices } from './services.js';

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
  services: ApiServices,
  db: Warehouse,
  customer: CustomerIdentity,
): Promise<CreditCheck> {
  const settings = await findCustomerSettings(services.ops, customer.customer_id);
  const { limit } = effectiveCreditLimit(customer, settings);
  const asOf = await findDefaultAsOf(db);
  const exposure = (await readCustomerAging(db, customer.customer_id, asOf)).total.net_ar;
  const over = limit !== null && compareMoney(exposure, limit) > 0;
  const alerted = over && !settings?.over_limit_since;
  if (alerted || (!over && settings?.over_limit_since)) {
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
  }
  return { exposure, limit, over, alerted };
}
