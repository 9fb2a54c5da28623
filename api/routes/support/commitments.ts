import { EncoursError } from '../../../lib/errors.js';
import type { Warehouse } from '../../../warehouse/db.js';
import { findOpenDispute, insertDispute, insertPromise } from '../../../warehouse/ops/commitments.queries.js';
import type { Dispute } from '../../../warehouse/ops/disputes.table.js';
import type { PaymentPromise } from '../../../warehouse/ops/promises.table.js';
import { findUserByEmail } from '../../../warehouse/ops/users.queries.js';
import {
  findCustomerDocuments,
  listCustomerCompanies,
  type CustomerIdentity,
} from '../../../warehouse/scope/customer-card.queries.js';
import { withAudit } from './audit.js';
import type { MailMessage } from './mailer.js';
import { canSeeCustomer, notify, sendMails } from './notify.js';
import type { ApiServices } from './services.js';

export interface PromiseInput {
  amount: string;
  date: string;
  documentIds?: string[];
  companyId?: string;
}

/**
 * Records a promise to pay from a user or from the portal. Its company is the one of the invoices it covers, else the
 * one given, else the customer's only company. `notifyOwner`: tell the customer's owner (portal actions).
 */
export async function createPromise(
  services: ApiServices,
  db: Warehouse,
  actor: string,
  customer: CustomerIdentity,
  input: PromiseInput,
  notifyOwner = false,
): Promise<PaymentPromise> {
  if (!/^\d+(\.\d{1,2})?$/.test(input.amount) || /^0+(\.0+)?$/.test(input.amount)) {
    throw new EncoursError(
      'bad_input',
      `body.amount must be a positive amount such as "1250.00", got "${input.amount}"`,
    );
  }
  const today = services.now().toISOString().slice(0, 10);
  if (input.date < today)
    throw new EncoursError(
      'bad_input',
      `body.date ${input.date} is in the past; a promise is dated today (${today}) or later`,
    );
  const documentIds = [...new Set(input.documentIds ?? [])];
  let companyId = input.companyId;
  if (documentIds.length > 0) {
    const found = await findCustomerDocuments(db, customer.customer_id, documentIds);
    const missing = documentIds.filter(
      (id) => !found.some((d) => d.document_id === id && d.type === 'invoice'),
    );
    if (missing.length)
      throw new EncoursError(
        'not_found',
        `body.documentIds: customer "${customer.customer_id}" has no invoice ${missing.map((m) => `"${m}"`).join(', ')}`,
      );
    const companies = [
      ...new Set(
        found.filter((d) => companyId === undefined || d.company_id === companyId).map((d) => d.company_id),
      ),
    ];
    if (companies.length !== 1)
      throw new EncoursError(
        'bad_input',
        'body.documentIds: the invoices of one promise belong to one company; give body.companyId or split the promise',
      );
    companyId = companies[0];
  }
  if (companyId === undefined) {
    const companies = await listCustomerCompanies(db, customer.customer_id);
    if (companies.length !== 1) {
      throw new EncoursError(
        'bad_input',
        `body.companyId is required: customer "${customer.customer_id}" has documents in ${companies.join(', ') || 'no company'}`,
      );
    }
    companyId = companies[0]!;
  }
  const company = companyId;
  const { promise, mails } = await withAudit(services.ops, actor, async (trx) => {
    const promise = await insertPromise(trx, {
      company_id: company,
      customer_id: customer.customer_id,
      document_ids: documentIds,
      amount: input.amount,
      promised_date: input.date,
      created_by: actor,
    });
    const mails = notifyOwner
      ? await notifyCustomerOwner(services, trx, customer, {
          kind: 'promise',
          entity: 'promise',
          entityId: String(promise.id),
          message: `${customer.name} (${customer.customer_id}) promised to pay ${input.amount} by ${input.date} through the customer portal`,
          subject: `encours: promise to pay from ${customer.name}`,
        })
      : [];
    return {
      result: { promise, mails },
      changes: [{ action: 'create', entity: 'promise', entityId: promise.id, after: promise }],
    };
  });
  await sendMails(services, mails);
  await services.collections?.send(promise.company_id, promise.customer_id, 'promise', {
    date: promise.promised_date,
    amount: promise.amount,
  });
  return promise;
}

export interface DisputeInput {
  documentId: string;
  reason: string;
  companyId?: string;
}

/** Opens a dispute on one of the customer's documents; a document has at most one open dispute. */
export async function openDispute(
  services: ApiServices,
  db: Warehouse,
  actor: string,
  customer: CustomerIdentity,
  input: DisputeInput,
  notifyOwner = false,
): Promise<Dispute> {
  const reason = input.reason.trim();
  if (reason.length < 3)
    throw new EncoursError('bad_input', 'body.reason: say in a few words what is disputed');
  const found = (await findCustomerDocuments(db, customer.customer_id, [input.documentId])).filter(
    (d) => input.companyId === undefined || d.company_id === input.companyId,
  );
  if (found.length === 0)
    throw new EncoursError(
      'not_found',
      `body.documentId: customer "${customer.customer_id}" has no document "${input.documentId}"`,
    );
  if (found.length > 1)
    throw new EncoursError(
      'bad_input',
      `body.companyId is required: "${input.documentId}" exists in ${found.map((d) => d.company_id).join(', ')}`,
    );
  const document = found[0]!;
  const { dispute, mails } = await withAudit(services.ops, actor, async (trx) => {
    const open = await findOpenDispute(trx, document.company_id, document.document_id);
    if (open)
      throw new EncoursError(
        'conflict',
        `document "${document.document_id}" already has an open dispute (${open.id}); resolve it first`,
      );
    const dispute = await insertDispute(trx, {
      company_id: document.company_id,
      customer_id: customer.customer_id,
      document_id: document.document_id,
      reason,
    });
    const mails = notifyOwner
      ? await notifyCustomerOwner(services, trx, customer, {
          kind: 'dispute',
          entity: 'dispute',
          entityId: String(dispute.id),
          message: `${customer.name} (${customer.customer_id}) disputes ${document.document_id} through the customer portal: "${reason}"`,
          subject: `encours: dispute from ${customer.name}`,
        })
      : [];
    return {
      result: { dispute, mails },
      changes: [{ action: 'create', entity: 'dispute', entityId: dispute.id, after: dispute }],
    };
  });
  await sendMails(services, mails);
  await services.collections?.send(dispute.company_id, dispute.customer_id, 'dispute', {
    documentId: dispute.document_id,
    status: 'opened',
  });
  return dispute;
}

/** Notifies the customer's owner (core.customers.owner, matched to a user by email) when there is one. */
export async function notifyCustomerOwner(
  services: Pick<ApiServices, 'ops' | 'db'>,
  trx: Parameters<typeof notify>[0],
  customer: CustomerIdentity,
  notice: Parameters<typeof notify>[2],
): Promise<MailMessage[]> {
  if (!customer.owner) return [];
  const owner = await findUserByEmail(trx, customer.owner);
  if (!owner || owner.disabled || !(await canSeeCustomer(services, owner, customer.customer_id))) return [];
  return notify(trx, [owner], notice);
}
