// The Reminders page's live preview: the action a scenario step would send (workflows/dunning/preview.ts) rendered
// with the same message context as the engine (sender, portal link signed with the server secret, payment details).
import type { Config } from '../../../lib/config.js';
import type { Warehouse } from '../../../warehouse/db.js';
import { findDefaultAsOf } from '../../../warehouse/kpi/index.js';
import { createMessageContextLoader } from '../../../workflows/dunning/channels/load-message-context.js';
import { renderCallScript, renderEmail, renderLetterPdf } from '../../../workflows/dunning/messages/index.js';
import { escapeHtml } from '../../../workflows/dunning/messages/format.js';
import { buildPreviewAction, type PreviewAction } from '../../../workflows/dunning/preview.js';
import { readOrCreateSecret } from '../../portal/signing.js';
import type { ApiServices } from './services.js';

/** What the engine's message context needs from the config; absent in some tests: default sender, no portal link. */
export type PreviewConfig = Partial<Pick<Config, 'mailFrom' | 'publicUrl' | 'latePenaltyRate'>>;

export interface PreviewInput {
  customer_id: string;
  company_id?: string;
  scenario?: string;
  step?: string;
}

/** The same default sender as lib/config.ts. */
const DEFAULT_SENDER = 'encours <encours@localhost>';

export function createPreviewRenderer(services: ApiServices, config: PreviewConfig) {
  let secret: Buffer | null = null;
  const loadContext = (db: Warehouse) =>
    createMessageContextLoader({
      warehouse: db,
      ops: services.ops,
      sender: config.mailFrom ?? DEFAULT_SENDER,
      portalSecret: config.publicUrl ? (secret ??= readOrCreateSecret(services.secretFile)) : null,
      publicUrl: config.publicUrl ?? '',
      latePenaltyRate: config.latePenaltyRate,
    });

  async function build(db: Warehouse, input: PreviewInput): Promise<PreviewAction> {
    return buildPreviewAction(db, services.ops, {
      asOf: await findDefaultAsOf(db),
      customerId: input.customer_id,
      companyId: input.company_id,
      scenarioId: input.scenario,
      stepId: input.step,
      reportingCurrency: services.reportingCurrency,
    });
  }

  return {
    /** Subject, text and HTML of the message (letters: the letter's text, and where its PDF is; calls: the script). */
    async render(db: Warehouse, input: PreviewInput) {
      const preview = await build(db, input);
      const { action } = preview;
      const context = await loadContext(db)(action);
      const pdf =
        action.channel === 'letter'
          ? `/api/dunning/preview.pdf?${new URLSearchParams({
              customer_id: action.customer_id,
              company_id: action.company_id,
              scenario: action.scenario,
              step: action.step,
            }).toString()}`
          : null;
      const message =
        action.channel === 'call'
          ? callMessage(renderCallScript(action, context))
          : renderEmail(action, context);
      return {
        ...action,
        source: preview.source,
        scenario_name: preview.scenario.name,
        scenario_name_fr: preview.scenario.name_fr ?? null,
        subject: message.subject,
        text: message.text,
        html: message.html,
        pdf_url: pdf,
      };
    },
    /** The letter's PDF, as the engine would write it to outbox/letters/. */
    async renderPdf(
      db: Warehouse,
      input: PreviewInput,
    ): Promise<{ pdf: Buffer; action: PreviewAction['action'] }> {
      const { action } = await build(db, input);
      return { pdf: await renderLetterPdf(action, await loadContext(db)(action)), action };
    },
  };
}

/** A call script has no HTML: its first line is the subject, the rest shown as preformatted text. */
function callMessage(script: string) {
  const [subject = '', ...rest] = script.split('\n');
  const body = rest.join('\n').trim();
  return {
    subject,
    text: `${body}\n`,
    html: `<!doctype html><html><head><meta charset="utf-8"></head><body><pre style="font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap">${escapeHtml(body)}</pre></body></html>`,
  };
}
