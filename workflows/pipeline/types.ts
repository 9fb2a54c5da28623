// Types shared by the nightly pipeline workflow, its activities and the CLI. Workflow-safe: no Node imports.

export type SourceFormat = 'canonical' | 'fec';

/** One configured source (pipelines/sources.ts validates `$ENCOURS_HOME/sources.json` into this). */
export interface PipelineSource {
  company: string;
  format: SourceFormat;
  /** Absolute path of the company's drop folder. */
  dropDir: string;
  options: {
    termsFile?: string;
    defaultTerms?: string;
    receivablePrefix?: string;
    unlettered?: 'unapplied' | 'oldest-first';
    currency?: string;
    salesJournals?: string[];
    openingJournals?: string[];
  };
}

export interface NightlyInput {
  /** The as-of date (YYYY-MM-DD). Omitted by the schedule: the day before the run's start date in `timezone`. */
  asOf?: string;
  timezone?: string;
  /** Only these companies' sources (default: all configured). */
  companies?: string[];
}

/** A new file or folder found in a drop folder, in load order. */
export interface DropItem {
  name: string;
  path: string;
  kind: 'file' | 'folder';
}

export interface LoadOutcome {
  status: 'loaded' | 'unchanged';
  loadId: number | null;
  rows: number;
  warnings: number;
}

export type StageStatus = 'pending' | 'running' | 'completed' | 'partial' | 'failed' | 'skipped';

export interface StageProgress {
  name: string;
  status: StageStatus;
  rows?: number;
  detail?: string;
  error?: string;
  startedAt?: string;
  finishedAt?: string;
}

export type SourceStatus = 'pending' | 'extracting' | 'loading' | 'loaded' | 'unchanged' | 'empty' | 'failed';

export interface SourceProgress {
  company: string;
  format: SourceFormat;
  status: SourceStatus;
  /** Items found in the drop folder, items loaded (incl. unchanged), rows written. */
  items: number;
  loaded: number;
  rows: number;
  archived: string[];
  quarantined: string[];
  error?: string;
}

export type PipelineStatus = 'running' | 'completed' | 'partial' | 'failed';

/** The workflow's state, answered by the `progress` query and returned as the result. */
export interface PipelineProgress {
  asOf: string;
  status: PipelineStatus;
  stages: StageProgress[];
  sources: SourceProgress[];
  snapshot?: string;
}
