import { EncoursError } from '../../lib/errors.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import { listCustomerDisputes, listCustomerPromises } from '../../warehouse/ops/commitments.queries.js';
import { findPaymentDetails } from '../../warehouse/ops/customer-settings.queries.js';
import {
  findCustomer,
  readOpenItems,
  type CustomerIdentity,
} from '../../warehouse/scope/customer-card.queries.js';
import type { ApiServices } from '../routes/support/services.js';
import type { InvoicePdfs } from './invoice-pdfs.js';
import { languageOf } from '../../workflows/dunning/plan.js';

/** What the customer sees through its portal link: its open invoices, its open promises and disputes, how to pay. */
export async function readPortalView(
  services: ApiServices,
  customerId: string,
  expiresAt: Date,
  pdfs: InvoicePdfs,
) {
  const customer = await requirePortalCustomer(services, customerId);
  const asOf = await findDefaultAsOf(services.db);
  const items = (await readOpenItems(services.db, customerId, asOf)).filter(
    (i) => !i.open_amount.startsWith('-'),
  );
  const disputes = (await listCustomerDisputes(services.ops, customerId)).filter((d) => d.status === 'open');
  const promises = (await listCustomerPromises(services.ops, customerId)).filter((p) => p.status === 'open');
  const details = await findPaymentDetails(services.ops, [...new Set(items.map((i) => i.company_id))]);
  return {
    customer: { customer_id: customer.customer_id, name: customer.name },
    /** The language of the customer's reminders (its country): the page's default. */
    language: languageOf({ country: customer.country, language: null }),
    asOf,
    expiresAt,
    invoices: items.map((i) => ({
      company_id: i.company_id,
      document_id: i.document_id,
      reference: i.reference,
      issue_date: i.issue_date,
      due_date: i.due_date,
      currency: i.currency,
      amount: i.amount,
      open_amount: i.open_amount,
      days_past_due: i.days_past_due,
      /** A PDF of the invoice is available (GET /api/portal/:token/invoices/:company/:document). */
      pdf: pdfs.find(i.company_id, i.document_id) !== undefined,
      disputed:
        i.disputed || disputes.some((d) => d.company_id === i.company_id && d.document_id === i.document_id),
    })),
    promises: promises.map((p) => ({
      id: p.id,
      amount: p.amount,
      promised_date: p.promised_date,
      document_ids: p.document_ids,
    })),
    disputes: disputes.map((d) => ({
      id: d.id,
      document_id: d.document_id,
      reason: d.reason,
      opened_at: d.opened_at,
    })),
    paymentDetails: details.map((d) => ({
      company_id: d.company_id,
      beneficiary: d.beneficiary,
      iban: d.iban,
      bic: d.bic,
      note: d.note,
    })),
  };
}

export type PortalView = Awaited<ReturnType<typeof readPortalView>>;

export async function requirePortalCustomer(
  services: ApiServices,
  customerId: string,
): Promise<CustomerIdentity> {
  const customer = await findCustomer(services.db, customerId);
  if (!customer)
    throw new EncoursError(
      'not_found',
      'this link does not lead anywhere any more; ask your supplier for a new one',
    );
  return customer;
}
