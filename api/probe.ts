import type { Config } from '../lib/config.js';
import { EncoursError } from '../lib/errors.js';
import { instanceId } from './instance.js';

export interface HealthBody {
  status: string;
  service: string;
  instance: string;
}

/**
 * The URL of the `encours serve` that owns this ENCOURS_HOME, if one runs: ENCOURS_URL when set (it must answer),
 * else the API on the configured local port when its instance id matches.
 */
export async function findRunningServer(
  config: Pick<Config, 'serverUrl' | 'apiPort' | 'home'>,
): Promise<string | undefined> {
  if (config.serverUrl) {
    const url = config.serverUrl.replace(/\/+$/, '');
    if (!(await fetchHealth(url, 5_000))) {
      throw new EncoursError(
        'unavailable',
        `ENCOURS_URL=${config.serverUrl} does not answer /api/health; start \`encours serve\` or unset ENCOURS_URL`,
      );
    }
    return url;
  }
  const url = `http://127.0.0.1:${config.apiPort}`;
  const health = await fetchHealth(url, 1_000);
  return health && health.instance === instanceId(config.home) ? url : undefined;
}

async function fetchHealth(url: string, timeoutMs: number): Promise<HealthBody | undefined> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as HealthBody;
    return body.service === 'encours' ? body : undefined;
  } catch {
    return undefined;
  }
}
