import { ApplicationFailure } from '@temporalio/activity';
import { checkCreditLimits } from '../../api/routes/support/credit.js';
import { scoreOpenInvoices } from '../../models/index.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import { runDunning, type RunDunningResult } from '../dunning/execution/run.js';
import { planDunning } from '../dunning/index.js';
import type { PipelineDeps } from './activities.js';
import type { ExtensionActivities, ExtensionInput, ExtensionResult } from './extensions.js';
import { withHeartbeat } from './heartbeat.js';

/** Implementations of the pipeline's extension stages (see extensions.ts). */
export function createExtensionActivities(deps: PipelineDeps): ExtensionActivities {
  const { db, config, log } = deps;
  const collection = () => {
    if (!deps.collection)
      throw ApplicationFailure.nonRetryable('this worker has no reminder engine configured');
    return deps.collection;
  };
  return {
    async scoreInvoices(input: ExtensionInput): Promise<ExtensionResult> {
      const report = await withHeartbeat(() =>
        scoreOpenInvoices(db, {
          modelsDir: config.modelsDir,
          reportingCurrency: config.reportingCurrency,
          asOf: input.asOf,
          ifNoModel: 'train',
          log,
        }),
      );
      if (report.skipped) return { rows: 0, detail: `skipped: ${report.skipped}` };
      return {
        rows: report.invoices,
        detail: `${report.customers} customers scored with model ${report.modelVersion} (${report.backend})`,
      };
    },

    async planReminders(input: ExtensionInput): Promise<ExtensionResult> {
      const { ops } = collection();
      const actions = await withHeartbeat(() => planDunning(db, ops, { asOf: input.asOf }));
      const customers = new Set(actions.map((a) => `${a.company_id}/${a.customer_id}`)).size;
      const byChannel = ['email', 'letter', 'call'].map(
        (c) => `${actions.filter((a) => a.channel === c).length} ${c}`,
      );
      return { rows: actions.length, detail: `${customers} customers: ${byChannel.join(', ')}` };
    },

    async signalReminders(input: ExtensionInput): Promise<ExtensionResult> {
      const result = await runToday({ asOf: input.asOf });
      return {
        rows: result.signalled,
        detail: result.held ? `held (${result.held}): ${result.detail}` : result.detail,
      };
    },

    async checkCreditLimits(): Promise<ExtensionResult> {
      // the owners' alerts go out with the digest's ops tables and mailer
      if (!deps.digest) return { rows: 0, detail: 'skipped: this worker has no mailer configured' };
      const notify = deps.digest;
      const result = await withHeartbeat(() => checkCreditLimits({ ...notify, now: () => new Date() }));
      return {
        rows: result.checked,
        detail: `${result.over} over their limit, ${result.alerted} owner alert(s), ${result.cleared} back under`,
      };
    },

    runDunningToday: (input) => runToday(input),
  };

  /** The day's reminders; as of the last ledger date when no date is given. */
  async function runToday(input: { asOf?: string; companyId?: string }): Promise<RunDunningResult> {
    const { ops } = collection();
    const temporal = deps.temporal;
    if (!temporal) throw ApplicationFailure.nonRetryable('this worker has no Temporal client to signal with');
    const asOf = input.asOf ?? (await findDefaultAsOf(db));
    return withHeartbeat(() =>
      runDunning(
        { db, ops, log, client: temporal.client, taskQueue: temporal.taskQueue },
        { ...input, asOf },
      ),
    );
  }
}
