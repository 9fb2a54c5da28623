import type { PipelineProgress, SourceProgress, StageProgress } from './pipeline/types.js';

/** Lines describing what changed between two progress reports (for `pipeline run` and `demo`). */
export function describeProgressChanges(
  previous: PipelineProgress | undefined,
  next: PipelineProgress,
): string[] {
  const sources: string[] = [];
  for (const source of next.sources) {
    const before = previous?.sources.find((s) => s.company === source.company);
    if (before?.status === source.status || !SETTLED.includes(source.status)) continue;
    sources.push(`  ${describeSource(source)}`);
  }
  const lines: string[] = [];
  for (const stage of next.stages) {
    if (stage.name !== 'extract' && stage.name !== 'load') lines.push(...sources.splice(0)); // sources settle in load
    const before = previous?.stages.find((s) => s.name === stage.name);
    if (before?.status === stage.status || stage.status === 'pending') continue;
    lines.push(describeStage(stage));
  }
  return [...lines, ...sources];
}

const SETTLED: SourceProgress['status'][] = ['loaded', 'unchanged', 'empty', 'failed'];

export function describeStage(stage: StageProgress): string {
  const parts = [`${stage.name.padEnd(16)} ${stage.status}`];
  if (stage.status === 'running') return parts[0]! + ' …';
  if (stage.detail) parts.push(stage.detail);
  else if (stage.rows !== undefined) parts.push(`${stage.rows} row(s)`);
  if (stage.startedAt && stage.finishedAt) parts.push(`(${seconds(stage.startedAt, stage.finishedAt)})`);
  if (stage.error) parts.push(`— ${stage.error}`);
  return parts.join('  ');
}

export function describeSource(source: SourceProgress): string {
  const head = `${source.company} (${source.format}): ${source.status}`;
  const counts = `${source.loaded}/${source.items} item(s), ${source.rows} row(s)`;
  const tail = source.quarantined.length ? `; quarantined ${source.quarantined.join(', ')}` : '';
  return `${head}, ${counts}${source.error ? ` — ${source.error}` : ''}${tail}`;
}

function seconds(from: string, to: string): string {
  return `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)} s`;
}
