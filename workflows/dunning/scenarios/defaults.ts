// The scenarios and assignment rules encours ships (docs/reminders.md): seeded into ops.dunning_scenarios and
// ops.dunning_rules when those are empty, then edited through the API or `encours dunning scenarios set`.
import type { Scenario, ScenarioStep } from '../types.js';
import type { AssignmentRule } from './validate.js';

const email = (
  id: string,
  offset: number,
  template: string,
  extra: Partial<ScenarioStep> = {},
): ScenarioStep => ({
  id,
  phase: offset < 0 ? 'prevention' : 'reminder',
  offset_days: offset,
  channel: 'email',
  template,
  ...extra,
});
const call = (id: string, offset: number, extra: Partial<ScenarioStep> = {}): ScenarioStep => ({
  id,
  phase: 'reminder',
  offset_days: offset,
  channel: 'call',
  template: 'call_script',
  ...extra,
});
const letter = (id: string, offset: number, template: 'formal_notice' | 'final_notice'): ScenarioStep => ({
  id,
  phase: 'reminder',
  offset_days: offset,
  channel: 'letter',
  template,
  escalation: true,
});
const THANKS: ScenarioStep = {
  id: 'thanks',
  phase: 'thanks',
  offset_days: 0,
  channel: 'email',
  template: 'thanks',
};

export const DEFAULT_SCENARIOS: readonly Scenario[] = [
  {
    id: 'reliable',
    name: 'Reliable payers',
    name_fr: 'Bons payeurs',
    description: 'Customers who pay early or on time: a courtesy notice, two emails, then a call.',
    min_gap_days: 5,
    promise_grace_days: 5,
    steps: [
      email('j-5', -5, 'prevention'),
      email('j+3', 3, 'reminder_friendly'),
      email('j+15', 15, 'reminder_firm'),
      call('j+25', 25),
      THANKS,
    ],
  },
  {
    id: 'standard',
    name: 'Standard',
    name_fr: 'Standard',
    description:
      'Customers a few days late, and anyone no other rule assigns: emails, a call, a formal notice.',
    min_gap_days: 5,
    promise_grace_days: 3,
    steps: [
      email('j-5', -5, 'prevention'),
      email('j+3', 3, 'reminder_friendly'),
      email('j+12', 12, 'reminder_firm'),
      call('j+20', 20),
      letter('j+30', 30, 'formal_notice'),
      letter('j+45', 45, 'final_notice'),
      THANKS,
    ],
  },
  {
    id: 'late_payer',
    name: 'Late payers',
    name_fr: 'Payeurs en retard',
    description:
      'Customers who usually pay late: early reminders with a call, a formal notice at J+15, a final notice at J+30.',
    min_gap_days: 3,
    promise_grace_days: 2,
    steps: [
      email('j-7', -7, 'prevention'),
      email('j+1', 1, 'reminder_friendly'),
      email('j+8', 8, 'reminder_firm'),
      call('j+8-call', 8),
      letter('j+15', 15, 'formal_notice'),
      letter('j+30', 30, 'final_notice'),
      THANKS,
    ],
  },
  {
    id: 'chronic_late',
    name: 'Chronic late payers',
    name_fr: 'Retards chroniques',
    description:
      'Customers who are often more than 30 days late: the late-payer steps, with an earlier call and notice.',
    min_gap_days: 3,
    promise_grace_days: 1,
    steps: [
      email('j-7', -7, 'prevention'),
      email('j+1', 1, 'reminder_firm'),
      call('j+5', 5),
      letter('j+12', 12, 'formal_notice'),
      letter('j+25', 25, 'final_notice'),
      THANKS,
    ],
  },
  {
    id: 'disputer',
    name: 'Frequent disputes',
    name_fr: 'Litiges fréquents',
    description: 'Customers who often dispute: a call early to find a problem before it becomes a dispute.',
    min_gap_days: 5,
    promise_grace_days: 3,
    steps: [
      email('j-5', -5, 'prevention'),
      call('j+3', 3),
      email('j+10', 10, 'reminder_firm'),
      letter('j+30', 30, 'formal_notice'),
      THANKS,
    ],
  },
  {
    id: 'new_or_at_risk',
    name: 'New or at-risk customers',
    name_fr: 'Nouveaux clients ou clients à risque',
    description: 'New customers (little history) and risk classes D and E: tighter follow-up.',
    min_gap_days: 2,
    promise_grace_days: 1,
    steps: [
      email('j-7', -7, 'prevention'),
      email('j-1', -1, 'prevention', { risk_classes: ['D', 'E'] }),
      email('j+1', 1, 'reminder_friendly'),
      call('j+5', 5),
      email('j+10', 10, 'reminder_firm'),
      letter('j+15', 15, 'formal_notice'),
      letter('j+30', 30, 'final_notice'),
      THANKS,
    ],
  },
  {
    id: 'legal',
    name: 'Insolvency or legal proceedings',
    name_fr: 'Procédure collective ou contentieux',
    description:
      'No automatic reminder: the file is handled by hand (insolvency, lawyer, collection agency).',
    manual_only: true,
    min_gap_days: 0,
    promise_grace_days: 0,
    steps: [],
  },
];

const rule = (
  id: string,
  priority: number,
  scenario_id: string,
  m: Partial<AssignmentRule> = {},
): AssignmentRule => ({
  id,
  priority,
  scenario_id,
  profile: null,
  risk_class: null,
  risk_overridden: null,
  segment: null,
  company_id: null,
  ...m,
});

/**
 * First match by priority: a class E set by hand (insolvency) → legal; chronic late payers keep their own scenario;
 * classes D and E and new customers → new_or_at_risk; then one scenario per profile; else standard.
 */
export const DEFAULT_RULES: readonly AssignmentRule[] = [
  rule('insolvent', 10, 'legal', { risk_class: 'E', risk_overridden: true }),
  rule('profile-chronic-late', 20, 'chronic_late', { profile: 'chronic_late' }),
  rule('risk-d', 30, 'new_or_at_risk', { risk_class: 'D' }),
  rule('risk-e', 31, 'new_or_at_risk', { risk_class: 'E' }),
  rule('profile-new', 40, 'new_or_at_risk', { profile: 'new' }),
  rule('profile-late', 50, 'late_payer', { profile: 'late' }),
  rule('profile-disputer', 51, 'disputer', { profile: 'disputer' }),
  rule('profile-slightly-late', 52, 'standard', { profile: 'slightly_late' }),
  rule('profile-on-time', 53, 'reliable', { profile: 'on_time' }),
  rule('profile-early', 54, 'reliable', { profile: 'early' }),
  rule('fallback', 1000, 'standard'),
];
