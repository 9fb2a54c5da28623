// Which scenario a (company, customer) follows: the per-customer override, else the first assignment rule that
// matches (pure; the plan and the API's customer view call it).
import type { Scenario } from '../types.js';
import type { AssignmentRule } from './validate.js';

export interface AssignmentFacts {
  company_id: string;
  /** null: never scored (treated as profile 'new'). */
  profile: string | null;
  risk_class: string | null;
  risk_overridden: boolean;
  risk_override_reason?: string | null;
  segment: string | null;
  /** ops.customer_settings override. */
  scenario_id: string | null;
  scenario_reason: string | null;
}

export interface Assignment {
  scenario: Scenario;
  /** "profile late → scenario late_payer", "override by hand (lawyer) → scenario legal" … */
  reason: string;
  rule_id: string | null;
}

/**
 * Rules are tried by priority (then id); the first whose non-null matchers all hold wins. A missing override scenario
 * falls back to the rules (and says so); rules that name an unknown scenario are skipped. Throws only when nothing
 * matches, which a validated rule set (with its fallback) never allows.
 */
export function assignScenario(
  facts: AssignmentFacts,
  rules: readonly AssignmentRule[],
  scenarios: ReadonlyMap<string, Scenario>,
): Assignment {
  let note = '';
  if (facts.scenario_id !== null) {
    const chosen = scenarios.get(facts.scenario_id);
    const why = facts.scenario_reason ? ` (${facts.scenario_reason})` : '';
    if (chosen)
      return { scenario: chosen, reason: `set by hand${why} → scenario ${chosen.id}`, rule_id: null };
    note = `the scenario set by hand, "${facts.scenario_id}", no longer exists; `;
  }
  const profile = facts.profile ?? 'new';
  for (const rule of rules) {
    if (rule.profile !== null && rule.profile !== profile) continue;
    if (rule.risk_class !== null && rule.risk_class !== facts.risk_class) continue;
    if (rule.risk_overridden !== null && rule.risk_overridden !== facts.risk_overridden) continue;
    if (rule.segment !== null && rule.segment !== facts.segment) continue;
    if (rule.company_id !== null && rule.company_id !== facts.company_id) continue;
    const scenario = scenarios.get(rule.scenario_id);
    if (!scenario) continue;
    return {
      scenario,
      reason: `${note}${describeMatch(rule, facts)} → scenario ${scenario.id}`,
      rule_id: rule.id,
    };
  }
  throw new Error(`no assignment rule matches company ${facts.company_id}: add a fallback rule (no matcher)`);
}

function describeMatch(rule: AssignmentRule, facts: AssignmentFacts): string {
  const parts: string[] = [];
  if (rule.profile !== null)
    parts.push(facts.profile === null ? 'never scored (profile new)' : `profile ${rule.profile}`);
  if (rule.risk_class !== null)
    parts.push(`risk class ${rule.risk_class}${rule.risk_overridden === true ? ' set by hand' : ''}`);
  else if (rule.risk_overridden !== null)
    parts.push(rule.risk_overridden ? 'risk class set by hand' : 'risk class from the model');
  if (rule.risk_overridden === true && facts.risk_override_reason)
    parts.push(`(${facts.risk_override_reason})`);
  if (rule.segment !== null) parts.push(`segment ${rule.segment}`);
  if (rule.company_id !== null) parts.push(`company ${rule.company_id}`);
  return parts.length > 0 ? parts.join(' ') : `no specific rule (${rule.id})`;
}
