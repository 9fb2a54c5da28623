// One piece of data a page loads from the API, with the states the page shows: loading, ready, missing (this server
// has no such route yet: "not available"), forbidden, absent (404: nothing there yet), or failed with the API's message.
import { ApiError } from './api.js';

export type ResourceState = 'idle' | 'loading' | 'ready' | 'missing' | 'forbidden' | 'absent' | 'error';

export class Resource<T> {
  state = $state<ResourceState>('idle');
  data = $state<T | undefined>(undefined);
  error = $state<string | null>(null);
  #controller: AbortController | null = null;

  /** Runs the loader; a newer load cancels an older one still running, whose answer is then ignored. */
  async load(loader: (signal: AbortSignal) => Promise<T>): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.state = 'loading';
    this.error = null;
    try {
      const data = await loader(controller.signal);
      if (controller.signal.aborted) return;
      this.data = data;
      this.state = 'ready';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.data = undefined;
      this.state = stateOf(error);
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}

function stateOf(error: unknown): ResourceState {
  if (error instanceof ApiError && error.kind === 'missing_route') return 'missing';
  if (error instanceof ApiError && error.kind === 'forbidden') return 'forbidden';
  // the route exists but has nothing to show yet (no trained model, unknown customer): said plainly, not as a failure
  if (error instanceof ApiError && error.kind === 'not_found') return 'absent';
  return 'error';
}
