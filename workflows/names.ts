// Names shared by the worker, the client and the CLI (kept free of SDK imports so the CLI loads it cheaply).
export const PIPELINE_WORKFLOW = 'nightlyPipeline';
export const NIGHTLY_SCHEDULE_ID = 'encours-nightly';
