import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

let chosen: Promise<BackendName> | undefined;

/**
 * Picks the tfjs backend once per process: tfjs-node ('tensorflow') when it is installed, else the WebAssembly
 * backend with its .wasm files from the local @tensorflow/tfjs-backend-wasm package (never a CDN), else plain cpu.
 * `choice` forces one (falling back the same way when it cannot start).
 */
export function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendName> {
  chosen ??= startBackend(choice);
  return chosen;
}

async function startBackend(choice: BackendChoice): Promise<BackendName> {
  if (choice === 'auto' || choice === 'tensorflow') {
    if (await tryTfjsNode()) return 'tensorflow';
  }
  if (choice !== 'cpu') {
    const restore = keepProcessHandlers();
    try {
      setWasmPaths(localWasmDir() + '/');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
    } catch {
      // fall through to cpu
    } finally {
      restore();
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

async function tryTfjsNode(): Promise<boolean> {
  const name = '@tensorflow/tfjs-node';
  try {
    await import(name);
    return (await tf.setBackend('tensorflow')) === true;
  } catch {
    return false;
  }
}

/**
 * The Emscripten runtime of the wasm backend installs process handlers that rethrow every unhandled rejection and
 * uncaught exception (printing its whole minified source); the process's own error handling must stay in charge.
 */
function keepProcessHandlers(): () => void {
  const events = ['uncaughtException', 'unhandledRejection'];
  const listeners = (event: string) => process.listeners(event as 'uncaughtException') as unknown[];
  const before = events.map((e) => new Set(listeners(e)));
  return () => {
    events.forEach((event, i) => {
      for (const listener of listeners(event)) {
        if (!before[i]!.has(listener))
          process.removeListener(event, listener as (...args: unknown[]) => void);
      }
    });
  };
}

function localWasmDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}
