// The workflow bundle's entry point: every workflow the encours worker runs. Workflow code only.
export { nightlyPipeline, progressQuery } from './pipeline/nightly.workflow.js';
export { collectionWorkflow } from './collection/collection.workflow.js';
export { dunningRunWorkflow } from './collection/dunning-run.workflow.js';
export { digestWorkflow } from './digest/digest.workflow.js';
