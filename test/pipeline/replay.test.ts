import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { loadWorkflowBundle } from '../../workflows/bundle.js';
import { installTemporalRuntime } from '../../workflows/runtime.js';
import { readHistory } from './history.js';
import { log } from './harness.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const histories = readdirSync(FIXTURES).filter((f) => f.endsWith('.history.json'));

describe('workflow determinism', () => {
  it('has recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThan(0);
  });

  it.each(histories)('replays %s against the current workflow code', async (name) => {
    installTemporalRuntime(log);
    const history = readHistory(join(FIXTURES, name));
    const workflowBundle = await loadWorkflowBundle();
    await expect(
      Worker.runReplayHistory({ workflowBundle }, history, 'nightly/replay'),
    ).resolves.toBeUndefined();
  });
});
