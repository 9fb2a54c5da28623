import type { PlannedAction } from '../types.js';
import type { MessageContext } from './context.js';

/** A planned action and its context for the message tests (and the channel tests beside them). */
export function sampleAction(change: Partial<PlannedAction> = {}): PlannedAction {
  return {
    customer_id: 'C-042',
    company_id: 'ACME',
    scenario: 'late_payers',
    step: 'j+15',
    phase: 'reminder',
    channel: 'email',
    documents: [
      {
        document_id: 'D-1',
        reference: 'FA-2026-001',
        issue_date: '2026-01-15',
        due_date: '2026-02-14',
        currency: 'EUR',
        amount: '1234.56',
        open_amount: '1234.56',
        days_late: 30,
      },
      {
        document_id: 'D-2',
        reference: null,
        issue_date: '2026-02-01',
        due_date: '2026-03-03',
        currency: 'EUR',
        amount: '2000.00',
        open_amount: '500.00',
        days_late: 13,
      },
      {
        document_id: 'D-3',
        reference: 'FA-2026-017',
        issue_date: '2026-02-10',
        due_date: '2026-03-12',
        currency: 'EUR',
        amount: '99.90',
        open_amount: '99.90',
        days_late: 4,
      },
    ],
    amount: '1834.46',
    currency: 'EUR',
    reason: 'late payers scenario, step j+15 due since 2026-03-01',
    as_of: '2026-03-16',
    language: 'fr',
    customer_name: 'Dupont <script>alert(1)</script> & Fils',
    email: 'compta@dupont.example',
    escalation: false,
    template: 'reminder_friendly',
    p_late_30: 0.4,
    ...change,
  };
}

export function sampleContext(change: Partial<MessageContext> = {}): MessageContext {
  return {
    company: { id: 'ACME', name: 'Acmé Industrie', address: ['12 rue de la Paix', '75002 Paris'] },
    paymentDetails: {
      beneficiary: 'Acmé Industrie SAS',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      note: null,
    },
    portalUrl: 'https://encours.example/portal/eyJjIjoiQy0wNDIifQ.sig?x=1&y=2',
    sender: { name: 'Élise Martin', email: 'compta@acme.example', phone: '+33 1 23 45 67 89' },
    latePenaltyRate: '12.15',
    noticeDays: 8,
    recipientAddress: ['3 avenue des Tilleuls', '69003 Lyon'],
    ...change,
  };
}
