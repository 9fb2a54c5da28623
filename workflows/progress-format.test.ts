import { describe, expect, it } from 'vitest';
import type { PipelineProgress } from './pipeline/types.js';
import { describeProgressChanges } from './progress-format.js';

const base: PipelineProgress = {
  asOf: '2025-03-31',
  status: 'running',
  stages: [
    { name: 'extract', status: 'completed', rows: 2, detail: '2 new item(s) in 1 source(s)' },
    { name: 'load', status: 'running' },
    { name: 'transform', status: 'pending' },
  ],
  sources: [
    {
      company: 'C1',
      format: 'canonical',
      status: 'loading',
      items: 2,
      loaded: 1,
      rows: 10,
      archived: [],
      quarantined: [],
    },
  ],
};

describe('pipeline progress lines', () => {
  it('prints each change once, sources as they settle, before the stages that follow the load', () => {
    expect(describeProgressChanges(undefined, base)).toEqual([
      'extract          completed  2 new item(s) in 1 source(s)',
      'load             running …',
    ]);
    const next: PipelineProgress = {
      ...base,
      stages: [
        base.stages[0]!,
        { name: 'load', status: 'partial', rows: 10, detail: '1 item(s) loaded, 1 quarantined' },
        { name: 'transform', status: 'running' },
      ],
      sources: [
        {
          ...base.sources[0]!,
          status: 'failed',
          error: 'b: bad date',
          quarantined: ['/drop/quarantine/2025-03-31/b'],
        },
      ],
    };
    expect(describeProgressChanges(base, next)).toEqual([
      'load             partial  1 item(s) loaded, 1 quarantined',
      '  C1 (canonical): failed, 1/2 item(s), 10 row(s) — b: bad date; quarantined /drop/quarantine/2025-03-31/b',
      'transform        running …',
    ]);
    expect(describeProgressChanges(next, next)).toEqual([]);
  });
});
