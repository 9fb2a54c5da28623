// The nightly pipeline's progress, kept in workflow state. Workflow-safe: no Node imports.
import type {
  PipelineProgress,
  PipelineSource,
  PipelineStatus,
  SourceProgress,
  StageProgress,
  StageStatus,
} from './types.js';

export const CORE_STAGES = ['extract', 'load', 'transform', 'kpi-snapshot', 'publish'] as const;

export class PipelineState {
  private readonly stages: StageProgress[];
  private readonly sources: SourceProgress[] = [];
  private status: PipelineStatus = 'running';
  private snapshot: string | undefined;

  constructor(
    readonly asOf: string,
    extensionNames: readonly string[],
  ) {
    this.stages = [...CORE_STAGES, ...extensionNames].map((name) => ({ name, status: 'pending' }));
  }

  addSources(sources: PipelineSource[]): void {
    for (const { company, format } of sources) {
      this.sources.push({
        company,
        format,
        status: 'pending',
        items: 0,
        loaded: 0,
        rows: 0,
        archived: [],
        quarantined: [],
      });
    }
  }

  source(company: string): SourceProgress {
    const found = this.sources.find((s) => s.company === company);
    if (!found) throw new Error(`unknown source ${company}`);
    return found;
  }

  start(name: string): void {
    Object.assign(this.stage(name), { status: 'running', startedAt: now() });
  }

  finish(
    name: string,
    outcome: { status?: StageStatus; rows?: number; detail?: string; error?: string } = {},
  ): void {
    Object.assign(this.stage(name), { status: 'completed', ...outcome, finishedAt: now() });
  }

  skip(name: string, detail: string): void {
    Object.assign(this.stage(name), { status: 'skipped', detail });
  }

  /** Marks `name` failed and every stage still pending as skipped. */
  fail(name: string, error: string): void {
    this.finish(name, { status: 'failed', error });
    for (const stage of this.stages) if (stage.status === 'pending') stage.status = 'skipped';
    this.status = 'failed';
  }

  setSnapshot(file: string): void {
    this.snapshot = file;
  }

  /** completed, or partial when a source failed. */
  close(): void {
    if (this.status === 'failed') return;
    this.status = this.sources.some((s) => s.status === 'failed') ? 'partial' : 'completed';
  }

  toJSON(): PipelineProgress {
    const progress: PipelineProgress = {
      asOf: this.asOf,
      status: this.status,
      stages: this.stages,
      sources: this.sources,
    };
    if (this.snapshot) progress.snapshot = this.snapshot;
    return JSON.parse(JSON.stringify(progress)) as PipelineProgress;
  }

  private stage(name: string): StageProgress {
    const found = this.stages.find((s) => s.name === name);
    if (!found) throw new Error(`unknown stage ${name}`);
    return found;
  }
}

/** Workflow time (deterministic inside a workflow). */
function now(): string {
  return new Date().toISOString();
}
