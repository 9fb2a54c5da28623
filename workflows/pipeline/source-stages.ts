// The extract and load stages: per source, per item; a bad item is quarantined and stops its own source only.
// Workflow code: deterministic, imports only @temporalio/workflow and types.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { heavy, io } from './proxies.js';
import type { PipelineState } from './state.js';
import type { DropItem, PipelineSource } from './types.js';

export async function extractSources(
  state: PipelineState,
  sources: PipelineSource[],
): Promise<Map<string, DropItem[]>> {
  state.start('extract');
  const found = new Map<string, DropItem[]>();
  for (const source of sources) {
    const progress = state.source(source.company);
    progress.status = 'extracting';
    try {
      const items = await io.extractSource({ source });
      found.set(source.company, items);
      Object.assign(progress, { items: items.length, status: items.length ? 'pending' : 'empty' });
    } catch (error) {
      Object.assign(progress, { status: 'failed', error: describeFailure(error) });
    }
  }
  const failed = sources.filter((s) => state.source(s.company).status === 'failed').length;
  const total = [...found.values()].reduce((n, items) => n + items.length, 0);
  state.finish('extract', {
    status: failed ? 'partial' : 'completed',
    rows: total,
    detail: sources.length ? `${total} new item(s) in ${sources.length} source(s)` : 'no sources configured',
  });
  return found;
}

/** Loads each source's items in order; a bad item is quarantined and stops its source only. */
export async function loadSources(
  state: PipelineState,
  sources: PipelineSource[],
  found: Map<string, DropItem[]>,
): Promise<void> {
  state.start('load');
  for (const source of sources) {
    const progress = state.source(source.company);
    const items = found.get(source.company) ?? [];
    let wrote = false;
    for (const item of items) {
      progress.status = 'loading';
      try {
        const outcome = await heavy.loadItem({ source, item });
        progress.loaded += 1;
        progress.rows += outcome.rows;
        wrote ||= outcome.status === 'loaded';
        progress.archived.push(await io.archiveItem({ source, item, date: state.asOf }));
      } catch (error) {
        progress.status = 'failed';
        progress.error = `${item.name}: ${describeFailure(error)}`;
        if (isBadInput(error)) {
          progress.quarantined.push(
            await io.quarantineItem({ source, item, date: state.asOf, error: describeFailure(error) }),
          );
        }
        break;
      }
    }
    if (progress.status === 'loading') progress.status = wrote ? 'loaded' : 'unchanged';
  }
  const all = sources.map((s) => state.source(s.company));
  state.finish('load', {
    status: all.some((s) => s.status === 'failed') ? 'partial' : 'completed',
    rows: all.reduce((n, s) => n + s.rows, 0),
    detail: `${all.reduce((n, s) => n + s.loaded, 0)} item(s) loaded, ${all.reduce((n, s) => n + s.quarantined.length, 0)} quarantined`,
  });
}

function isBadInput(error: unknown): boolean {
  return (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === 'InputError'
  );
}

/** The innermost message (an ActivityFailure's own message is only "Activity task failed"). */
export function describeFailure(error: unknown): string {
  let current: unknown = error;
  while (current instanceof ActivityFailure && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
