import { describe, expect, it } from 'vitest';
import type {
  DunningCustomerRow,
  HistoryRow,
  OpenInvoiceRow,
  PromiseRow,
} from '../../warehouse/dunning/plan-inputs.queries.js';
import { computeDunningPlan, evaluateCustomers, languageOf, type PlanInputs } from './plan.js';
import { DEFAULT_RULES, DEFAULT_SCENARIOS } from './scenarios/defaults.js';
import type { AssignmentRule } from './scenarios/validate.js';
import type { Scenario } from './types.js';

const AS_OF = '2025-06-30';

/** A test scenario: prevention J-5, emails J+3 and J+15 (min 1000), call J+25 (classes C–E), formal notice J+40. */
const TEST: Scenario = {
  id: 'test',
  name: 'Test',
  min_gap_days: 5,
  promise_grace_days: 3,
  steps: [
    { id: 'j-5', phase: 'prevention', offset_days: -5, channel: 'email', template: 'prevention' },
    { id: 'j+3', phase: 'reminder', offset_days: 3, channel: 'email', template: 'reminder_friendly' },
    {
      id: 'j+15',
      phase: 'reminder',
      offset_days: 15,
      channel: 'email',
      template: 'reminder_firm',
      min_amount: 1000,
    },
    {
      id: 'j+25',
      phase: 'reminder',
      offset_days: 25,
      channel: 'call',
      template: 'call_script',
      risk_classes: ['C', 'D', 'E'],
    },
    {
      id: 'j+40',
      phase: 'reminder',
      offset_days: 40,
      channel: 'letter',
      template: 'formal_notice',
      escalation: true,
    },
    { id: 'thanks', phase: 'thanks', offset_days: 0, channel: 'email', template: 'thanks' },
  ],
};
const MANUAL: Scenario = {
  id: 'manual',
  name: 'Manual',
  manual_only: true,
  min_gap_days: 0,
  promise_grace_days: 0,
  steps: [],
};
const RULES: AssignmentRule[] = [
  {
    id: 'legal',
    priority: 1,
    scenario_id: 'manual',
    profile: null,
    risk_class: 'E',
    risk_overridden: true,
    segment: null,
    company_id: null,
  },
  {
    id: 'all',
    priority: 9,
    scenario_id: 'test',
    profile: null,
    risk_class: null,
    risk_overridden: null,
    segment: null,
    company_id: null,
  },
];

/** An invoice `dpd` days past due at AS_OF (negative: not due yet). */
function invoice(
  id: string,
  dpd: number,
  open = '500.00',
  extra: Partial<OpenInvoiceRow> = {},
): OpenInvoiceRow {
  const due = new Date(Date.UTC(2025, 5, 30 - dpd)).toISOString().slice(0, 10);
  return {
    company_id: 'C1',
    customer_id: 'K1',
    document_id: id,
    reference: null,
    issue_date: '2025-01-01',
    due_date: due,
    currency: 'EUR',
    amount: open,
    open_amount: open,
    open_amount_reporting: open,
    disputed: false,
    ...extra,
  };
}

function customer(extra: Partial<DunningCustomerRow> = {}): DunningCustomerRow {
  return {
    company_id: 'C1',
    customer_id: 'K1',
    name: 'Alpha',
    email: 'ap@alpha.example',
    country: 'FR',
    segment: null,
    language: null,
    profile: 'late',
    risk_class: 'C',
    risk_overridden: false,
    risk_override_reason: null,
    p_late_30: 0.4,
    paused_until: null,
    scenario_id: null,
    scenario_reason: null,
    last_message: null,
    ...extra,
  };
}

function plan(parts: {
  invoices: OpenInvoiceRow[];
  customers?: DunningCustomerRow[];
  promises?: PromiseRow[];
  history?: HistoryRow[];
  asOf?: string;
  scenarios?: Scenario[];
  rules?: AssignmentRule[];
}) {
  const inputs: PlanInputs = {
    asOf: parts.asOf ?? AS_OF,
    reportingCurrency: 'EUR',
    scenarios: parts.scenarios ?? [TEST, MANUAL],
    rules: parts.rules ?? RULES,
    invoices: parts.invoices,
    customers: parts.customers ?? [customer()],
    promises: parts.promises ?? [],
    history: parts.history ?? [],
  };
  return { actions: computeDunningPlan(inputs), states: evaluateCustomers(inputs) };
}

const sent = (document_id: string, step: string): HistoryRow => ({
  company_id: 'C1',
  customer_id: 'K1',
  document_id,
  step,
});

describe('catch-up', () => {
  it('gives the highest step now due, once, listing every invoice pending on that channel', () => {
    const { actions } = plan({
      invoices: [invoice('A', 20, '800.00'), invoice('B', 4, '400.00'), invoice('C', 1)],
    });
    expect(actions).toHaveLength(1);
    const [a] = actions;
    expect(a).toMatchObject({
      step: 'j+15',
      channel: 'email',
      scenario: 'test',
      amount: '1200.00',
      currency: 'EUR',
      language: 'fr',
    });
    // A is at J+15 (never had J+3: caught up at once), B at J+3; C (1 day late) is at no step yet
    expect(a!.documents.map((d) => [d.document_id, d.days_late])).toEqual([
      ['A', 20],
      ['B', 4],
    ]);
    expect(a!.reason).toMatch(
      /no specific rule \(all\) → scenario test; 1 invoice 15\+ days past due \(J\+15 reminder firm\), with 1 invoice at an earlier step/,
    );
  });

  it('one action per channel: a call and an email the same day', () => {
    const { actions } = plan({ invoices: [invoice('A', 30, '2000.00'), invoice('B', 16)] });
    expect(actions.map((a) => [a.channel, a.step, a.documents.map((d) => d.document_id)])).toEqual([
      ['email', 'j+15', ['B']],
      ['call', 'j+25', ['A']],
    ]);
  });

  it('nothing more once the sends are logged, even on the same day', () => {
    const invoices = [invoice('A', 30, '2000.00'), invoice('B', 16)];
    const first = plan({ invoices }).actions;
    const history = first.flatMap((a) => a.documents.map((d) => sent(d.document_id, a.step)));
    expect(plan({ invoices, history }).actions).toEqual([]);
    // ten days on (the gap past): A reaches J+40, B J+25
    const later = plan({
      invoices,
      history,
      asOf: '2025-07-10',
      customers: [customer({ last_message: AS_OF })],
    });
    expect(later.actions.map((a) => [a.step, a.documents.map((d) => d.document_id)])).toEqual([
      ['j+25', ['B']],
      ['j+40', ['A']],
    ]);
    expect(later.actions.map((a) => a.escalation)).toEqual([false, true]);
  });

  it('a later step already had counts as having had the earlier ones', () => {
    const { actions } = plan({ invoices: [invoice('A', 16, '2000.00')], history: [sent('A', 'j+25')] });
    expect(actions).toEqual([]);
  });

  it('prevention only before the due date', () => {
    expect(plan({ invoices: [invoice('A', -3)] }).actions.map((a) => a.step)).toEqual(['j-5']);
    expect(plan({ invoices: [invoice('A', -6)] }).actions).toEqual([]);
    expect(plan({ invoices: [invoice('A', 0)] }).actions).toEqual([]);
    expect(plan({ invoices: [invoice('A', 2)] }).actions).toEqual([]);
  });

  it('thanks steps are never planned', () => {
    const { actions } = plan({ invoices: [invoice('A', 100, '5000.00')] });
    expect(actions.every((a) => a.phase !== 'thanks')).toBe(true);
  });
});

describe('exclusions', () => {
  it('disputed invoices are left out', () => {
    const { actions } = plan({ invoices: [invoice('A', 20, '800.00', { disputed: true }), invoice('B', 4)] });
    expect(actions.map((a) => [a.step, a.documents.map((d) => d.document_id)])).toEqual([['j+3', ['B']]]);
  });

  it('a promise suspends its invoices until its date plus grace, then they resume', () => {
    const promise: PromiseRow = {
      company_id: 'C1',
      customer_id: 'K1',
      document_ids: ['A'],
      promised_date: '2025-06-28',
    };
    const invoices = [invoice('A', 10), invoice('B', 4)];
    const during = plan({ invoices, promises: [promise] });
    expect(during.actions.map((a) => a.documents.map((d) => d.document_id))).toEqual([['B']]);
    expect(during.states[0]!.next_date).toBe('2025-07-02'); // 06-28 + 3 days of grace, then the day after
    const after = plan({ invoices, promises: [promise], asOf: '2025-07-02' });
    expect(after.actions.map((a) => a.documents.map((d) => d.document_id))).toEqual([['A', 'B']]);
  });

  it('a promise without documents covers the whole balance', () => {
    const promise: PromiseRow = {
      company_id: 'C1',
      customer_id: 'K1',
      document_ids: [],
      promised_date: AS_OF,
    };
    expect(plan({ invoices: [invoice('A', 10), invoice('B', 4)], promises: [promise] }).actions).toEqual([]);
  });

  it('the minimum gap between messages', () => {
    const invoices = [invoice('A', 4)];
    const recent = plan({ invoices, customers: [customer({ last_message: '2025-06-27' })] });
    expect(recent.actions).toEqual([]);
    expect(recent.states[0]).toMatchObject({ gap_until: '2025-07-02', next_date: '2025-07-02' });
    expect(plan({ invoices, customers: [customer({ last_message: '2025-06-25' })] }).actions).toHaveLength(1);
  });

  it('paused customers are skipped until the day after the pause', () => {
    const invoices = [invoice('A', 4)];
    const paused = plan({ invoices, customers: [customer({ paused_until: AS_OF })] });
    expect(paused.actions).toEqual([]);
    expect(paused.states[0]).toMatchObject({ paused_until: AS_OF, next_date: '2025-07-01' });
    expect(plan({ invoices, customers: [customer({ paused_until: '2025-06-29' })] }).actions).toHaveLength(1);
  });

  it('manual_only scenarios plan nothing and never wake up', () => {
    const c = customer({
      risk_class: 'E',
      risk_overridden: true,
      risk_override_reason: 'insolvency proceedings',
    });
    const { actions, states } = plan({ invoices: [invoice('A', 60, '9000.00')], customers: [c] });
    expect(actions).toEqual([]);
    expect(states[0]!.assignment.scenario.id).toBe('manual');
    expect(states[0]!.assignment.reason).toBe(
      'risk class E set by hand (insolvency proceedings) → scenario manual',
    );
    expect(states[0]!.next_date).toBeNull();
  });
});

describe('step conditions', () => {
  it('min_amount on the customer open amount', () => {
    expect(plan({ invoices: [invoice('A', 20, '999.99')] }).actions.map((a) => a.step)).toEqual(['j+3']);
    expect(
      plan({ invoices: [invoice('A', 20, '600.00'), invoice('B', 1, '400.00')] }).actions.map((a) => a.step),
    ).toEqual(['j+15']);
  });

  it('risk classes', () => {
    const invoices = [invoice('A', 26, '2000.00')];
    expect(plan({ invoices }).actions.map((a) => a.step)).toEqual(['j+25']);
    // class A: the call does not apply, the invoice stays at J+15 (email)
    expect(plan({ invoices, customers: [customer({ risk_class: 'A' })] }).actions.map((a) => a.step)).toEqual(
      ['j+15'],
    );
    expect(
      plan({ invoices, customers: [customer({ risk_class: null })] }).actions.map((a) => a.step),
    ).toEqual(['j+15']);
  });
});

describe('grouping and facts', () => {
  it('one company per action; several currencies are summed in the reporting currency', () => {
    const { actions } = plan({
      invoices: [
        invoice('A', 4),
        invoice('B', 4, '100.00', { company_id: 'C2' }),
        invoice('D', 4, '100.00', { company_id: 'C2', currency: 'USD', open_amount_reporting: '92.00' }),
      ],
      customers: [customer(), customer({ company_id: 'C2' })],
    });
    expect(actions.map((a) => [a.company_id, a.amount, a.currency])).toEqual([
      ['C1', '500.00', 'EUR'],
      ['C2', '192.00', 'EUR'],
    ]);
  });

  it('languages: French-speaking countries and a missing country are fr, an attribute wins', () => {
    expect(languageOf({ country: 'BE', language: null })).toBe('fr');
    expect(languageOf({ country: null, language: null })).toBe('fr');
    expect(languageOf({ country: 'DE', language: null })).toBe('en');
    expect(languageOf({ country: 'FR', language: 'en' })).toBe('en');
  });

  it('a customer never scored gets the defaults for profile new', () => {
    const inputs = {
      invoices: [invoice('A', 2)],
      customers: [customer({ profile: null, risk_class: null })],
      scenarios: [...DEFAULT_SCENARIOS],
      rules: [...DEFAULT_RULES],
    };
    const { actions, states } = plan(inputs);
    expect(states[0]!.assignment.reason).toBe('never scored (profile new) → scenario new_or_at_risk');
    expect(actions.map((a) => a.step)).toEqual(['j+1']);
  });

  it('describes the next date a step comes due', () => {
    const { states } = plan({ invoices: [invoice('A', -10), invoice('B', 5)] });
    // A: prevention at due - 5 = 2025-07-05; B: J+15 at 2025-07-10
    expect(states[0]).toMatchObject({ open_documents: 2, overdue_amount: '500.00', next_date: '2025-07-05' });
  });
});
