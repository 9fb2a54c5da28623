import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, DEFAULT_SCENARIOS } from './defaults.js';
import { parseRules, parseScenario } from './validate.js';

const base = {
  id: 'x',
  name: 'X',
  min_gap_days: 3,
  promise_grace_days: 2,
  steps: [
    { id: 'j-5', phase: 'prevention', offset_days: -5, channel: 'email', template: 'prevention' },
    { id: 'j+3', phase: 'reminder', offset_days: 3, channel: 'email', template: 'reminder_friendly' },
    { id: 'thanks', phase: 'thanks', offset_days: 0, channel: 'email', template: 'thanks' },
  ],
};
const withStep = (i: number, change: object) => ({
  ...base,
  steps: base.steps.map((s, j) => (j === i ? { ...s, ...change } : s)),
});

describe('scenario validation', () => {
  it('accepts the shipped scenarios and rules', () => {
    for (const s of DEFAULT_SCENARIOS) expect(parseScenario(s)).toEqual(s);
    expect(parseRules(DEFAULT_RULES, new Set(DEFAULT_SCENARIOS.map((s) => s.id)))).toEqual(DEFAULT_RULES);
  });

  it('every shipped automatic scenario ends with a thanks step', () => {
    for (const s of DEFAULT_SCENARIOS.filter((s) => !s.manual_only))
      expect(s.steps.at(-1)).toMatchObject({
        phase: 'thanks',
        channel: 'email',
        offset_days: 0,
        template: 'thanks',
      });
  });

  it.each([
    [withStep(1, { id: 'j-5' }), /steps\[1\]\.id: "j-5" is already the id of steps\[0\]/],
    [withStep(0, { offset_days: 2 }), /steps\[0\]\.offset_days: a prevention step comes before the due date/],
    [
      withStep(1, { offset_days: -1, phase: 'reminder' }),
      /steps\[1\]\.offset_days: a reminder step comes on or after/,
    ],
    [withStep(1, { template: 'nope' }), /steps\[1\]\.template: Invalid option: expected one of "prevention"/],
    [withStep(1, { escalation: true }), /steps\[1\]\.escalation: a formal notice \(escalation\) is a letter/],
    [
      withStep(2, { offset_days: 5 }),
      /steps\[2\]: the thanks step is sent by email when the customer has paid/,
    ],
    [
      { ...base, steps: [base.steps[1], base.steps[0]] },
      /steps\[1\]\.phase: steps go prevention, then reminder/,
    ],
    [
      { ...base, steps: [base.steps[0], { ...base.steps[1], id: 'j+9', offset_days: 9 }, base.steps[1]] },
      /steps\[2\]\.offset_days: offsets grow within a phase: 3 comes after 9/,
    ],
    [{ ...base, min_gap_days: -1 }, /min_gap_days: Too small/],
    [{ ...base, colour: 'red' }, /Unrecognized key: "colour"/],
    [
      { ...base, steps: [base.steps[2]] },
      /an automatic scenario needs at least one prevention or reminder step/,
    ],
  ])('refuses %#, naming the field and the reason', (input, message) => {
    expect(() => parseScenario(input, 'scenario file x.json')).toThrow(message);
    expect(() => parseScenario(input, 'scenario file x.json')).toThrow(/^scenario file x\.json: /);
  });
});

describe('rule validation', () => {
  const known = new Set(['standard', 'legal']);
  it('needs known scenarios, unique ids and a fallback', () => {
    expect(() => parseRules([{ id: 'a', priority: 1, scenario_id: 'nope' }], known)).toThrow(
      /\[0\]\.scenario_id: no scenario "nope" \(known: legal, standard\)/,
    );
    expect(() =>
      parseRules([{ id: 'a', priority: 1, scenario_id: 'legal', risk_class: 'E' }], known),
    ).toThrow(/no fallback/);
    expect(() =>
      parseRules(
        [
          { id: 'a', priority: 1, scenario_id: 'standard' },
          { id: 'a', priority: 2, scenario_id: 'standard' },
        ],
        known,
      ),
    ).toThrow(/\[1\]\.id: "a" is used twice/);
    expect(() =>
      parseRules([{ id: 'a', priority: 1, scenario_id: 'standard', profile: 'slow' }], known),
    ).toThrow(/\[0\]\.profile: Invalid option/);
  });
});
