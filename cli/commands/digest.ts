import type { Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import { printJson } from '../output.js';
import type { ContextFactory } from './index.js';
import { checkDate } from './model-options.js';

/** `encours digest send`: the weekly cash-reporting digest now (through Temporal, like the schedule does). */
export function registerDigestCommand(program: Command, context: ContextFactory): void {
  const digest = program
    .command('digest')
    .description(
      'The cash-reporting digest: one email per user over their own scope (weekly schedule: encours schedule create)',
    );
  digest
    .command('send')
    .description('Send the digest to every active user now (SMTP_URL, else .eml files in the outbox)')
    .option('--as-of <date>', 'as-of date YYYY-MM-DD (default: the latest ledger date)')
    .option('--days <n>', 'the period compared and the promises window', '7')
    .option('--json', 'print JSON')
    .action(async (o: { asOf?: string; days: string; json?: boolean }) => {
      const { config, log, stdout } = context();
      const asOf = checkDate(o.asOf, '--as-of');
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1)
        throw new Error(`--days must be a whole number ≥ 1, got "${o.days}"`);
      const { withOwningWorker } = await import('../../workflows/owning-worker.js');
      const { queueSuffix } = await import('../../workflows/names.js');
      const result = await withOwningWorker({ config, log }, async (client) =>
        client.client.workflow.execute('digestWorkflow', {
          taskQueue: config.taskQueue,
          workflowId: `digest/${asOf ?? 'latest'}/${Date.now()}${queueSuffix(config.taskQueue)}`,
          args: [{ asOf, days }],
        }),
      );
      const run = result as { users: number; sent: number; failed: { email: string; error: string }[] };
      if (o.json) printJson(stdout, run);
      else {
        stdout.write(`digest: ${run.sent} of ${run.users} user(s) sent\n`);
        for (const f of run.failed) stdout.write(`  not sent to ${f.email}: ${f.error}\n`);
      }
      if (run.failed.length)
        throw new EncoursError(
          'unavailable',
          `the digest of ${run.failed.length} user(s) was not sent (see above)`,
        );
    });
}
