import { findCompanyNames } from '../../../warehouse/companies.queries.js';
import type { Warehouse } from '../../../warehouse/db.js';
import { findPaymentDetails } from '../../../warehouse/ops/customer-settings.queries.js';
import type { OpsDb } from '../../../warehouse/ops/database.js';
import { signPortalToken } from '../../../api/portal/signing.js';
import { defaultLatePenaltyRate, DEFAULT_NOTICE_DAYS, type MessageContext } from '../messages/context.js';
import type { PlannedAction } from '../types.js';

export interface MessageContextDeps {
  warehouse: Pick<Warehouse, 'all'>;
  ops: OpsDb;
  /** Who signs the messages: `Name <address>` (config.mailFrom) or the parts. */
  sender: string | { name: string; email: string; phone?: string | null };
  /** The server secret that signs portal links (api/portal/signing.ts readOrCreateSecret); null: no portal link. */
  portalSecret: Buffer | null;
  /** config.publicUrl: where customers reach `encours serve`. */
  publicUrl: string;
  /** How long a reminder's portal link stays valid, counted from the plan's date (default 30 days). */
  portalLinkDays?: number;
  /** config.latePenaltyRate; default: the ECB refinancing rate + 10 points. */
  latePenaltyRate?: string;
  noticeDays?: number;
  /** Postal addresses by company id (the ledger has none); absent: the letter shows name and email only. */
  companyAddresses?: Record<string, string[]>;
}

/**
 * What the messages of one planned action need besides the action: the company's display name (core.companies),
 * its payment details (ops.payment_details), the customer's portal link, the sender and the legal terms.
 * The portal link expires `portalLinkDays` after the plan's date (end of that day, UTC), so rendering the same
 * action again (a retried send) gives the same message.
 */
export async function loadMessageContext(
  deps: MessageContextDeps,
  action: PlannedAction,
): Promise<MessageContext> {
  const [company] = await findCompanyNames(deps.warehouse, [action.company_id]);
  const [details] = await findPaymentDetails(deps.ops, [action.company_id]);
  return {
    company: {
      id: action.company_id,
      name: company?.name ?? action.company_id,
      address: deps.companyAddresses?.[action.company_id] ?? [],
    },
    paymentDetails: details
      ? { beneficiary: details.beneficiary, iban: details.iban, bic: details.bic, note: details.note }
      : null,
    portalUrl: deps.portalSecret ? portalUrlFor(deps, action) : null,
    sender: typeof deps.sender === 'string' ? parseMailbox(deps.sender) : deps.sender,
    latePenaltyRate: deps.latePenaltyRate ?? defaultLatePenaltyRate(),
    noticeDays: deps.noticeDays ?? DEFAULT_NOTICE_DAYS,
    recipientAddress: [],
  };
}

/** A loader bound to its dependencies, as the delivery channels take it. */
export function createMessageContextLoader(
  deps: MessageContextDeps,
): (action: PlannedAction) => Promise<MessageContext> {
  return (action) => loadMessageContext(deps, action);
}

function portalUrlFor(deps: MessageContextDeps, action: PlannedAction): string {
  const days = deps.portalLinkDays ?? 30;
  const expiresAt = new Date(Date.parse(`${action.as_of}T00:00:00Z`) + (days + 1) * 86_400_000 - 1000);
  if (Number.isNaN(expiresAt.getTime()))
    throw new Error(
      `planned action for customer ${action.customer_id}: as_of "${action.as_of}" is not a date`,
    );
  const token = signPortalToken(deps.portalSecret!, action.customer_id, expiresAt);
  return `${deps.publicUrl.replace(/\/+$/, '')}/portal/${token}`;
}

/** `Name <address>` → its parts; a bare address is its own name. */
export function parseMailbox(mailbox: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(mailbox);
  if (match) return { name: match[1] || match[2]!, email: match[2]! };
  const bare = mailbox.trim();
  if (/^[^<>\s]+@[^<>\s]+$/.test(bare)) return { name: bare, email: bare };
  throw new Error(
    `"${mailbox}" is not a mailbox such as "Accounts receivable <ar@example.com>" (ENCOURS_MAIL_FROM)`,
  );
}
