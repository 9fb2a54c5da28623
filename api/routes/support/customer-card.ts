import { EncoursError } from '../../../lib/errors.js';
import type { Warehouse } from '../../../warehouse/db.js';
import { findDefaultAsOf } from '../../../warehouse/kpi/index.js';
import { assertFxRates } from '../../../warehouse/kpi/scope.js';
import { listAudit } from '../../../warehouse/ops/audit.queries.js';
import { listCustomerComments } from '../../../warehouse/ops/collaboration.queries.js';
import {
  listCustomerDisputes,
  listCustomerDunning,
  listCustomerPromises,
} from '../../../warehouse/ops/commitments.queries.js';
import { findCustomerSettings } from '../../../warehouse/ops/customer-settings.queries.js';
import type { CustomerSettings } from '../../../warehouse/ops/customer-settings.table.js';
import {
  findCustomer,
  readCustomerAging,
  readOpenItems,
  readPayments,
  readScoreHistory,
  type CustomerIdentity,
} from '../../../warehouse/scope/customer-card.queries.js';
import { compareMoney } from '../../../lib/money.js';
import type { ApiServices } from './services.js';
import { buildTimeline } from './timeline.js';

/** The customer, or a 404 that is the same whether the customer does not exist or is outside the caller's scope. */
export async function requireCustomer(db: Warehouse, customerId: string): Promise<CustomerIdentity> {
  const customer = await findCustomer(db, customerId);
  if (!customer)
    throw new EncoursError(
      'not_found',
      `no customer "${customerId}"; search the list with GET /api/customers?q=…`,
    );
  return customer;
}

/** The credit limit in force: the one set in the application, else the ledger's. */
export function effectiveCreditLimit(customer: CustomerIdentity, settings: CustomerSettings | undefined) {
  if (settings?.credit_limit != null) return { limit: settings.credit_limit, source: 'application' as const };
  if (customer.credit_limit !== null) return { limit: customer.credit_limit, source: 'ledger' as const };
  return { limit: null, source: 'none' as const };
}

/** What the card shows from the ledger: the same for every request of a scope, customer, date and data generation. */
async function readCardLedger(db: Warehouse, customerId: string, asOfAsked: string | undefined) {
  // issued together: the request's own queries still run one after the other on its connection, the memo reads
  // (payments, invoices) on connections of their own, and no query waits for the previous one's round trip
  const [customer, asOf] = await Promise.all([
    requireCustomer(db, customerId),
    asOfAsked ?? findDefaultAsOf(db),
  ]);
  const [, aging, openItems, payments, scores] = await Promise.all([
    assertFxRates(db, [asOf], null),
    readCustomerAging(db, customerId, asOf),
    readOpenItems(db, customerId, asOf),
    readPayments(db, customerId),
    readScoreHistory(db, customerId),
  ]);
  return { asOf, customer, aging, openItems, payments, scores };
}

/**
 * Everything the customer card shows, read through the caller's scoped warehouse. With `scopeKey` (scopeKeyOf of the
 * request), the ledger part is kept in `services.cards` per scope, customer, date asked and data generation (two
 * scopes never share an entry, and a customer out of scope is a 404 that is not kept); the ops part (settings,
 * disputes, timeline) is read on every request, since it changes outside the data generation.
 */
export async function readCustomerCard(
  services: ApiServices,
  db: Warehouse,
  customerId: string,
  asOfAsked?: string,
  scopeKey?: string,
) {
  const read = () => readCardLedger(db, customerId, asOfAsked);
  // the ledger part and the ops reads side by side: each is a round trip through DuckDB's queue under load
  const [ledger, settings, disputes, comments, promises, reminders, changes] = await Promise.all([
    scopeKey === undefined
      ? read()
      : services.cards.remember(
          { scope: scopeKey, route: 'customer-card', query: { customerId, asOf: asOfAsked } },
          read,
        ),
    findCustomerSettings(services.ops, customerId),
    listCustomerDisputes(services.ops, customerId),
    listCustomerComments(services.ops, customerId),
    listCustomerPromises(services.ops, customerId),
    listCustomerDunning(services.ops, customerId),
    listAudit(services.ops, { entity: 'customer', entityId: customerId }),
  ]);
  const { asOf, customer, aging, openItems, payments, scores } = ledger;
  const disputeAudit = (
    await Promise.all(
      disputes.map((d) => listAudit(services.ops, { entity: 'dispute', entityId: String(d.id) })),
    )
  ).flat();
  const timeline = buildTimeline({
    comments,
    promises,
    disputes,
    reminders,
    changes: [...changes, ...disputeAudit],
  });
  const { limit, source } = effectiveCreditLimit(customer, settings);
  const openDisputes = new Map(
    disputes.filter((d) => d.status === 'open').map((d) => [`${d.company_id}/${d.document_id}`, d.id]),
  );
  const overdue = openItems.filter((i) => i.days_past_due > 0);
  return {
    asOf,
    currency: aging.total.currency,
    customer,
    settings: {
      credit_limit: limit,
      credit_limit_source: source,
      credit_hold: settings?.credit_hold ?? false,
      hold_reason: settings?.hold_reason ?? null,
      reminders_paused_until: settings?.reminders_paused_until ?? null,
      pause_reason: settings?.pause_reason ?? null,
    },
    kpis: {
      aging: aging.total,
      byCurrency: aging.byCurrency,
      exposure: aging.total.net_ar,
      over_limit: limit !== null && compareMoney(aging.total.net_ar, limit) > 0,
      open_invoices: openItems.length,
      overdue_invoices: overdue.length,
      oldest_days_past_due: overdue.length ? Math.max(...overdue.map((i) => i.days_past_due)) : null,
    },
    openItems: openItems.map((i) => ({
      ...i,
      open_dispute_id: openDisputes.get(`${i.company_id}/${i.document_id}`) ?? null,
    })),
    payments,
    scores,
    timeline,
  };
}
