import type { Warehouse } from '../warehouse/db.js';
import { savePaymentDetails } from '../warehouse/ops/customer-settings.queries.js';
import { createOpsDb } from '../warehouse/ops/database.js';
import { readDunningControls, updateDunningControls } from '../warehouse/ops/dunning-controls.queries.js';

/** Cap of messages per run in a demo home: its first run catches up three years of ledger (about 900 messages). */
export const DEMO_MESSAGE_CAP = 3000;

/**
 * A demo home sends its reminders to the outbox (no SMTP_URL): payment details for the three demo companies (example
 * IBANs, not real accounts) so that messages show how to pay, and a cap that lets the first catch-up run through.
 * Settings someone changed already are left alone.
 */
export async function prepareDemoReminders(db: Warehouse): Promise<void> {
  const ops = createOpsDb(db);
  try {
    const controls = await readDunningControls(ops);
    if (controls.updated_by === 'system') {
      await updateDunningControls(ops, { max_messages_per_run: DEMO_MESSAGE_CAP, updated_by: 'demo' });
    }
    const ibans = [
      'FR7630006000011234567890189',
      'FR7610107001011234567890129',
      'FR7630004000031234567890143',
    ];
    for (const [i, iban] of ibans.entries()) {
      await savePaymentDetails(ops, {
        company_id: `C${i + 1}`,
        beneficiary: `Demo Company ${i + 1}`,
        iban,
        bic: 'BNPAFRPPXXX',
        note: 'demo account: example IBAN, do not pay',
      });
    }
  } finally {
    await ops.destroy();
  }
}
