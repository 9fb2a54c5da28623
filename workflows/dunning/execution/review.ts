import { sumMoney } from '../../../lib/money.js';
import type { Warehouse } from '../../../warehouse/db.js';
import { findCustomerSettlement } from '../../../warehouse/dunning/settlement.queries.js';
import type { OpsDb } from '../../../warehouse/ops/database.js';
import { readDunningControls } from '../../../warehouse/ops/dunning-controls.queries.js';
import { reviewCustomerDunning } from '../index.js';
import type { PlannedAction, PlannedDocument } from '../types.js';
import { nextSendingDay } from './quiet-days.js';

export interface CustomerReview {
  asOf: string;
  /** asOf, or the next day messages may leave when asOf is a quiet day. */
  sendableFrom: string;
  /** The engine-wide pause is on. */
  paused: boolean;
  /** What the plan says this customer should get on `asOf`. */
  actions: PlannedAction[];
  /** Nothing overdue and nothing to send: the collection is over. */
  settled: boolean;
  /** When something may next come due (a step, the end of a promise's grace or of a pause). */
  nextReview: string | null;
  /** The thank-you for the reminded invoices now paid, when the scenario has one and the collection is over. */
  thanks: PlannedAction | null;
}

export interface ReviewInput {
  companyId: string;
  customerId: string;
  asOf: string;
  /** The invoices this collection reminded (reminder phase), as its last reminder listed them. */
  reminded: PlannedDocument[];
  /** The last reminder sent, the model of the thank-you (customer name, language, address). */
  lastReminder: PlannedAction | null;
}

/** Where one customer's collection stands on `asOf`: today's actions, whether it is over, and a thank-you. */
export async function reviewCustomer(
  deps: { db: Warehouse; ops: OpsDb },
  input: ReviewInput,
): Promise<CustomerReview> {
  const { db, ops } = deps;
  const controls = await readDunningControls(ops);
  const scope = { asOf: input.asOf, companyId: input.companyId, customerId: input.customerId };
  // a read transaction of its own: collections reviewed at the same time read side by side, not in one queue
  const { actions, status, settlement } = await db.transaction(async (tx) => {
    const review = await reviewCustomerDunning(tx, ops, scope);
    const found = await findCustomerSettlement(tx, {
      ...scope,
      documentIds: input.reminded.map((d) => d.document_id),
    });
    return { ...review, settlement: found };
  });
  const settled = settlement.overdue_invoices === 0 && actions.length === 0;
  const open = new Set(settlement.still_open);
  const paid = input.reminded.filter((d) => !open.has(d.document_id));
  const thanksStep = status.thanks_step;
  const thanks =
    settled && thanksStep && input.lastReminder && paid.length > 0 && !status.manual_only
      ? {
          ...input.lastReminder,
          as_of: input.asOf,
          step: thanksStep.id,
          phase: thanksStep.phase,
          channel: thanksStep.channel,
          template: thanksStep.template,
          escalation: false,
          documents: paid.map((d) => ({ ...d, open_amount: '0.00' })),
          amount: sumMoney(paid.map((d) => d.amount)),
          reason: `${paid.length} reminded invoice(s) paid: thank-you of scenario ${status.scenario.id}`,
        }
      : null;
  return {
    asOf: input.asOf,
    sendableFrom: nextSendingDay(input.asOf, controls),
    paused: controls.paused,
    actions,
    settled,
    nextReview: status.next_date,
    thanks,
  };
}
