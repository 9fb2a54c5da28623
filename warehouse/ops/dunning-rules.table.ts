import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * One assignment rule (migration 701): the lowest priority whose non-null matchers all hold gives the scenario.
 * Null matchers do not restrict; a rule without any matcher is the fallback.
 */
export interface DunningRulesTable {
  id: string;
  priority: number;
  scenario_id: string;
  /** Payer profile (models/profiles.ts): early | on_time | slightly_late | late | chronic_late | disputer | new. */
  profile: string | null;
  /** Risk class A … E. */
  risk_class: string | null;
  /** true: only customers whose class was set by hand (ops.risk_overrides); false: only those whose was not. */
  risk_overridden: boolean | null;
  segment: string | null;
  company_id: string | null;
  updated_at: Generated<Date>;
  updated_by: string;
}

export type DunningRuleRow = Selectable<DunningRulesTable>;
export type NewDunningRuleRow = Insertable<DunningRulesTable>;
