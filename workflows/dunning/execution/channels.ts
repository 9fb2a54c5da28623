import { fromCents, toCents } from '../../../lib/money.js';
import { recordCallTask } from '../../../warehouse/ops/call-tasks.queries.js';
import type { OpsDb } from '../../../warehouse/ops/database.js';
import type { JsonObject } from '../../../warehouse/ops/json.js';
import type { DunningMailer } from '../channels/mailer.js';
import { messageIdFor } from '../channels/mailer.js';
import { saveLetter } from '../channels/outbox.js';
import { isNotAccepted } from '../channels/send-errors.js';
import type { MessageContext } from '../messages/context.js';
import { renderCallScript, renderEmail, renderLetterPdf } from '../messages/index.js';
import type { PlannedAction } from '../types.js';
import type { DeliveryChannels } from './deliver.js';

export interface ChannelDeps {
  ops: OpsDb;
  mailer: DunningMailer;
  /** True when the mailer writes .eml files (no SMTP_URL): writing twice leaves one file. */
  outboxMode: boolean;
  outboxDir: string;
  loadContext(action: PlannedAction): Promise<MessageContext>;
}

/** Email (SMTP or .eml outbox), PDF letter (outbox/letters/) and call task (the worklist), each keyed for idempotency. */
export function createDeliveryChannels(deps: ChannelDeps): DeliveryChannels {
  const call: DeliveryChannels['call'] = {
    idempotent: true,
    async deliver(action, key) {
      const context = await deps.loadContext(action);
      const { task, created } = await recordCallTask(deps.ops, {
        idempotency_key: key,
        company_id: action.company_id,
        customer_id: action.customer_id,
        step: action.step,
        due_date: action.as_of,
        overdue_amount: action.amount,
        currency: action.currency,
        p_late_30: action.p_late_30,
        cash_at_stake: cashAtStake(action.amount, action.p_late_30),
        documents: action.documents.map((d) => d.document_id),
      });
      return { call_task: task.id, created, script: renderCallScript(action, context) };
    },
    wasNotDelivered: () => true,
  };
  return {
    email: {
      idempotent: deps.outboxMode,
      async deliver(action, key): Promise<JsonObject> {
        if (!action.email) {
          // nobody to write to: the collectors call instead (the worklist says why)
          const receipt = await call.deliver({ ...action, channel: 'call' }, key);
          return { ...receipt, fallback: 'call', reason: 'the customer has no email address' };
        }
        const mail = renderEmail(action, await deps.loadContext(action));
        const sent = await deps.mailer.send({
          to: action.email,
          ...mail,
          messageId: messageIdFor(key),
          headers: { 'X-Encours-Key': key, 'X-Encours-As-Of': action.as_of, 'X-Encours-Step': action.step },
        });
        return { message_id: sent.messageId, response: sent.response ?? null, file: sent.outboxFile ?? null };
      },
      wasNotDelivered: (error) => isNotAccepted(error),
    },
    letter: {
      idempotent: true,
      async deliver(action, key) {
        const pdf = await renderLetterPdf(action, await deps.loadContext(action));
        return { file: await saveLetter(deps.outboxDir, key, pdf), pages_bytes: pdf.length };
      },
      wasNotDelivered: () => true,
    },
    call,
  };
}

/** overdue amount × P(late > 30 days), in cents; the whole amount when the customer was never scored. */
function cashAtStake(amount: string, pLate30: number | null): string {
  if (pLate30 === null) return amount;
  const cents = toCents(amount);
  return fromCents((cents * BigInt(Math.round(pLate30 * 10_000))) / 10_000n);
}
