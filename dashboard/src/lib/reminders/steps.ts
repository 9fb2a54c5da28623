// The scenario editor's draft: steps with their optional fields as text, turned back into the API's JSON on save.
import type { Channel, Phase, Scenario, ScenarioStep } from './types.js';

export interface StepRow {
  /** A key for the list that survives edits of the id. */
  key: number;
  id: string;
  phase: Phase;
  offset_days: number;
  channel: Channel;
  template: string;
  min_amount: string;
  risk_classes: string;
  escalation: boolean;
}

export interface Draft {
  id: string;
  name: string;
  name_fr: string;
  description: string;
  manual_only: boolean;
  min_gap_days: number;
  promise_grace_days: number;
  steps: StepRow[];
}

let nextKey = 1;

export function toDraft(s: Scenario): Draft {
  return {
    id: s.id,
    name: s.name,
    name_fr: s.name_fr ?? '',
    description: s.description ?? '',
    manual_only: s.manual_only === true,
    min_gap_days: s.min_gap_days,
    promise_grace_days: s.promise_grace_days,
    steps: s.steps.map(toRow),
  };
}

function toRow(step: ScenarioStep): StepRow {
  return {
    key: nextKey++,
    id: step.id,
    phase: step.phase,
    offset_days: step.offset_days,
    channel: step.channel,
    template: step.template,
    min_amount: step.min_amount === undefined ? '' : String(step.min_amount),
    risk_classes: (step.risk_classes ?? []).join(','),
    escalation: step.escalation === true,
  };
}

/** A new reminder step after the last one, with an id the scenario does not use yet. */
export function newStep(steps: readonly StepRow[]): StepRow {
  const last = steps.filter((s) => s.phase !== 'thanks').at(-1);
  const offset = Math.max(0, (last?.offset_days ?? 0) + 7);
  let id = `j+${offset}`;
  for (let n = 2; steps.some((s) => s.id === id); n++) id = `j+${offset}-${n}`;
  return {
    key: nextKey++,
    id,
    phase: 'reminder',
    offset_days: offset,
    channel: 'email',
    template: 'reminder_firm',
    min_amount: '',
    risk_classes: '',
    escalation: false,
  };
}

/** The scenario JSON for PUT /api/dunning/scenarios/:id (the API validates it and says what is wrong). */
export function toScenario(d: Draft): Scenario {
  return {
    id: d.id,
    name: d.name.trim(),
    ...(d.name_fr.trim() ? { name_fr: d.name_fr.trim() } : {}),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    ...(d.manual_only ? { manual_only: true } : {}),
    min_gap_days: Number(d.min_gap_days),
    promise_grace_days: Number(d.promise_grace_days),
    steps: d.steps.map((r) => {
      const classes = r.risk_classes
        .split(/[\s,;]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);
      return {
        id: r.id.trim(),
        phase: r.phase,
        offset_days: Number(r.offset_days),
        channel: r.channel,
        template: r.template,
        ...(r.min_amount.trim() !== '' ? { min_amount: Number(r.min_amount.replace(',', '.')) } : {}),
        ...(classes.length ? { risk_classes: classes } : {}),
        ...(r.escalation ? { escalation: true } : {}),
      };
    }),
  };
}

export function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}
