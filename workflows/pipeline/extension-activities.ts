import type { PipelineDeps } from './activities.js';
import type { ExtensionActivities } from './extensions.js';

/** Implementations of the pipeline's extension stages (see extensions.ts). Later issues add theirs here. */
export function createExtensionActivities(deps: PipelineDeps): ExtensionActivities {
  void deps;
  return {};
}
