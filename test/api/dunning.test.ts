// The reminder scenario and plan routes: scope of the plan, admin-only configuration, audited changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import type { PlannedAction, Scenario } from '../../workflows/dunning/types.js';
import { AS_OF, startTestApi, type TestApi } from './harness.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ publishSnapshot: false });
});
afterAll(() => api.close());

const call = (person: Parameters<TestApi['as']>[0], method: 'GET' | 'PUT', url: string, payload?: unknown) =>
  api.as(person, { method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
const customersOf = (actions: PlannedAction[]) => [...new Set(actions.map((a) => a.customer_id))].sort();

describe('GET /api/dunning/plan', () => {
  it("gives the day's actions, and a scoped user only their customers'", async () => {
    const all = (await call('admin', 'GET', `/api/dunning/plan?asOf=${AS_OF}`)).json() as PlannedAction[];
    expect(customersOf(all)).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
    expect(all[0]).toMatchObject({ as_of: AS_OF, language: 'fr', scenario: 'new_or_at_risk' });
    expect(all[0]!.documents.length).toBeGreaterThan(0);

    const sam = await call('sam', 'GET', `/api/dunning/plan?asOf=${AS_OF}`);
    expect(sam.statusCode).toBe(200);
    expect(sam.json()).toEqual(all.filter((a) => ['K1', 'K2'].includes(a.customer_id)));

    const cora = (await call('cora', 'GET', `/api/dunning/plan?asOf=${AS_OF}`)).json() as PlannedAction[];
    expect(cora.length).toBeGreaterThan(0);
    expect(cora).toEqual(all.filter((a) => a.company_id === 'C2'));

    expect(
      (await call('admin', 'GET', `/api/dunning/plan?asOf=${AS_OF}&company=C1&customer=K2`)).json(),
    ).toEqual(all.filter((a) => a.customer_id === 'K2' && a.company_id === 'C1'));
    const bad = await call('admin', 'GET', '/api/dunning/plan?asOf=2025-02-30');
    expect(bad.statusCode).toBe(400);
  });
});

describe('scenarios and rules', () => {
  it('anyone signed in reads scenarios; only admins change them, validated and audited', async () => {
    const list = (await call('viewer', 'GET', '/api/dunning/scenarios')).json() as Scenario[];
    expect(list.map((s) => s.id)).toContain('reliable');
    const reliable = (await call('viewer', 'GET', '/api/dunning/scenarios/reliable')).json() as Scenario;
    expect(reliable.steps.at(-1)).toEqual({
      id: 'thanks',
      phase: 'thanks',
      offset_days: 0,
      channel: 'email',
      template: 'thanks',
    });
    expect((await call('viewer', 'GET', '/api/dunning/scenarios/nope')).statusCode).toBe(404);

    const edited = { ...reliable, min_gap_days: 7 };
    expect((await call('user', 'PUT', '/api/dunning/scenarios/reliable', edited)).statusCode).toBe(403);
    const invalid = await call('admin', 'PUT', '/api/dunning/scenarios/reliable', {
      ...edited,
      steps: [{ ...reliable.steps[0]!, offset_days: 5 }, ...reliable.steps.slice(1)],
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toMatch(
      /steps\[0\]\.offset_days: a prevention step comes before the due date/,
    );

    const saved = await call('admin', 'PUT', '/api/dunning/scenarios/reliable', edited);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().min_gap_days).toBe(7);
    const [audit] = await listAudit(api.ops, { entity: 'dunning_scenario', entityId: 'reliable' });
    expect(audit).toMatchObject({
      actor: `user:${api.ids.admin}`,
      action: 'update',
      before: { min_gap_days: 5 },
      after: { min_gap_days: 7 },
    });
  });

  it('rules: admin only, every scenario must exist, audited', async () => {
    expect((await call('user', 'GET', '/api/dunning/rules')).statusCode).toBe(403);
    const rules = (await call('admin', 'GET', '/api/dunning/rules')).json() as {
      id: string;
      scenario_id: string;
    }[];
    expect(rules.at(-1)).toMatchObject({ id: 'fallback', scenario_id: 'standard' });
    const unknown = await call('admin', 'PUT', '/api/dunning/rules', [
      { id: 'all', priority: 1, scenario_id: 'nope' },
    ]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/\[0\]\.scenario_id: no scenario "nope"/);
    const replaced = await call('admin', 'PUT', '/api/dunning/rules', [
      { id: 'all', priority: 1, scenario_id: 'reliable' },
    ]);
    expect(replaced.statusCode).toBe(200);
    const [audit] = await listAudit(api.ops, { entity: 'dunning_rules' });
    expect(audit).toMatchObject({
      actor: `user:${api.ids.admin}`,
      after: { rules: [{ id: 'all', scenario_id: 'reliable' }] },
    });
    const plan = (await call('admin', 'GET', `/api/dunning/plan?asOf=${AS_OF}`)).json() as PlannedAction[];
    expect(new Set(plan.map((a) => a.scenario))).toEqual(new Set(['reliable']));
  });
});

describe('PUT /api/customers/:id/scenario', () => {
  it('users set an override within their scope, with a reason; audited', async () => {
    expect(
      (await call('viewer', 'PUT', '/api/customers/K1/scenario', { scenarioId: 'legal', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('sam', 'PUT', '/api/customers/K3/scenario', { scenarioId: 'legal', reason: 'x' }))
        .statusCode,
    ).toBe(404);
    const noReason = await call('sam', 'PUT', '/api/customers/K1/scenario', { scenarioId: 'legal' });
    expect(noReason.statusCode).toBe(400);
    const set = await call('sam', 'PUT', '/api/customers/K1/scenario', {
      scenarioId: 'legal',
      reason: 'insolvency filed',
    });
    expect(set.json()).toEqual({
      customer_id: 'K1',
      scenario_id: 'legal',
      scenario_reason: 'insolvency filed',
    });
    const [audit] = await listAudit(api.ops, { entity: 'customer', entityId: 'K1' });
    expect(audit).toMatchObject({
      actor: `user:${api.ids.sam}`,
      action: 'assign_scenario',
      after: { scenario_id: 'legal' },
    });
    const plan = (await call('sam', 'GET', `/api/dunning/plan?asOf=${AS_OF}`)).json() as PlannedAction[];
    expect(customersOf(plan)).toEqual(['K2']);
    await call('sam', 'PUT', '/api/customers/K1/scenario', { scenarioId: null });
    expect(customersOf((await call('sam', 'GET', `/api/dunning/plan?asOf=${AS_OF}`)).json())).toEqual([
      'K1',
      'K2',
    ]);
  });
});
