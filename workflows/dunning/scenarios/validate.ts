// Scenario and rule validation (zod): what the API, the CLI's `scenarios set` and the store accept. Messages name the
// field ("steps[2].offset_days") and say what to do.
import { z } from 'zod';
import { EncoursError } from '../../../lib/errors.js';
import { DUNNING_CHANNELS, DUNNING_PHASES, type Scenario } from '../types.js';

/** The templates the message engine renders (workflows/dunning/messages/). */
export const DUNNING_TEMPLATES = [
  'prevention',
  'reminder_friendly',
  'reminder_firm',
  'formal_notice',
  'final_notice',
  'call_script',
  'thanks',
] as const;
export const RISK_CLASSES = ['A', 'B', 'C', 'D', 'E'] as const;
export const PAYER_PROFILES = [
  'early',
  'on_time',
  'slightly_late',
  'late',
  'chronic_late',
  'disputer',
  'new',
] as const;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_+.-]{0,63}$/, 'lower-case letters, digits and _ + . - only, 1 to 64 characters');

const stepSchema = z
  .object({
    id,
    phase: z.enum(DUNNING_PHASES),
    offset_days: z.number().int().min(-365).max(3650),
    channel: z.enum(DUNNING_CHANNELS),
    template: z.enum(DUNNING_TEMPLATES),
    min_amount: z.number().nonnegative().optional(),
    risk_classes: z.array(z.enum(RISK_CLASSES)).min(1).optional(),
    escalation: z.boolean().optional(),
  })
  .strict();

const scenarioSchema = z
  .object({
    id,
    name: z.string().trim().min(1).max(200),
    name_fr: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    manual_only: z.boolean().optional(),
    min_gap_days: z.number().int().min(0).max(365),
    promise_grace_days: z.number().int().min(0).max(365),
    steps: z.array(stepSchema).max(50),
  })
  .strict()
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const seen = new Map<string, number>();
    const phaseRank = { prevention: 0, reminder: 1, thanks: 2 } as const;
    s.steps.forEach((step, i) => {
      const first = seen.get(step.id);
      if (first !== undefined)
        issue(['steps', i, 'id'], `"${step.id}" is already the id of steps[${first}]; ids must be unique`);
      seen.set(step.id, i);
      if (step.phase === 'prevention' && step.offset_days >= 0)
        issue(
          ['steps', i, 'offset_days'],
          `a prevention step comes before the due date: give a negative offset, got ${step.offset_days}`,
        );
      if (step.phase === 'reminder' && step.offset_days < 0)
        issue(
          ['steps', i, 'offset_days'],
          `a reminder step comes on or after the due date: give 0 or more, got ${step.offset_days}`,
        );
      if (step.phase === 'thanks' && (step.offset_days !== 0 || step.channel !== 'email'))
        issue(
          ['steps', i],
          'the thanks step is sent by email when the customer has paid: offset_days 0, channel email',
        );
      if ((step.phase === 'thanks') !== (step.template === 'thanks'))
        issue(['steps', i, 'template'], 'the "thanks" template goes with the thanks phase, and only there');
      if (step.escalation && step.channel !== 'letter')
        issue(['steps', i, 'escalation'], 'a formal notice (escalation) is a letter: set channel "letter"');
      const prev = s.steps[i - 1];
      if (!prev) return;
      if (phaseRank[prev.phase] > phaseRank[step.phase])
        issue(
          ['steps', i, 'phase'],
          `steps go prevention, then reminder, then thanks; "${step.phase}" comes after "${prev.phase}"`,
        );
      else if (prev.phase === step.phase && prev.offset_days > step.offset_days)
        issue(
          ['steps', i, 'offset_days'],
          `offsets grow within a phase: ${step.offset_days} comes after ${prev.offset_days} (steps[${i - 1}])`,
        );
      else if (
        prev.phase === step.phase &&
        prev.offset_days === step.offset_days &&
        prev.channel === step.channel
      )
        issue(
          ['steps', i, 'channel'],
          `steps[${i - 1}] already uses ${step.channel} at offset ${step.offset_days}: one step per day and channel`,
        );
    });
    if (s.steps.filter((step) => step.phase === 'thanks').length > 1)
      issue(['steps'], 'at most one thanks step');
    if (!s.manual_only && !s.steps.some((step) => step.phase !== 'thanks'))
      issue(
        ['steps'],
        'an automatic scenario needs at least one prevention or reminder step (or set manual_only)',
      );
  });

const ruleSchema = z
  .object({
    id,
    priority: z.number().int().min(0).max(1_000_000),
    scenario_id: id,
    profile: z.enum(PAYER_PROFILES).nullable().optional(),
    risk_class: z.enum(RISK_CLASSES).nullable().optional(),
    risk_overridden: z.boolean().nullable().optional(),
    segment: z.string().min(1).max(128).nullable().optional(),
    company_id: z.string().min(1).max(64).nullable().optional(),
  })
  .strict();

export interface AssignmentRule {
  id: string;
  priority: number;
  scenario_id: string;
  profile: string | null;
  risk_class: string | null;
  risk_overridden: boolean | null;
  segment: string | null;
  company_id: string | null;
}

/** Checks a scenario; `where` names the input ("scenario file x.json") in the error. */
export function parseScenario(value: unknown, where = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (!result.success) throw new EncoursError('bad_input', `${where}: ${formatIssues(result.error)}`);
  return result.data;
}

/** Checks a rule set against the known scenarios: ids unique, every scenario known, one fallback rule at least. */
export function parseRules(
  value: unknown,
  scenarioIds: ReadonlySet<string>,
  where = 'rules',
): AssignmentRule[] {
  const result = z.array(ruleSchema).min(1).safeParse(value);
  if (!result.success) throw new EncoursError('bad_input', `${where}: ${formatIssues(result.error)}`);
  const rules = result.data.map((r) => ({
    id: r.id,
    priority: r.priority,
    scenario_id: r.scenario_id,
    profile: r.profile ?? null,
    risk_class: r.risk_class ?? null,
    risk_overridden: r.risk_overridden ?? null,
    segment: r.segment ?? null,
    company_id: r.company_id ?? null,
  }));
  const problems: string[] = [];
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    if (ids.has(r.id)) problems.push(`[${i}].id: "${r.id}" is used twice; rule ids must be unique`);
    ids.add(r.id);
    if (!scenarioIds.has(r.scenario_id))
      problems.push(
        `[${i}].scenario_id: no scenario "${r.scenario_id}" (known: ${[...scenarioIds].sort().join(', ')})`,
      );
  });
  if (!rules.some(isFallback))
    problems.push(
      'no fallback: add a rule without profile, risk_class, risk_overridden, segment or company_id',
    );
  if (problems.length > 0) throw new EncoursError('bad_input', `${where}: ${problems.join('; ')}`);
  return rules;
}

export function isFallback(r: AssignmentRule): boolean {
  return (
    r.profile === null &&
    r.risk_class === null &&
    r.risk_overridden === null &&
    r.segment === null &&
    r.company_id === null
  );
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((i) => `${formatPath(i.path)}${i.message}`)
    .join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '';
  const text = path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
  return `${text}: `;
}
