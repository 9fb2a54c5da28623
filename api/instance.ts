import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';

/**
 * A short id of the ENCOURS_HOME a server owns, shown by /api/health, so that a CLI can tell whether the server
 * answering on its port owns *its* warehouse (without exposing the path).
 */
export function instanceId(home: string): string {
  const path = existsSync(home) ? realpathSync(home) : home;
  return createHash('sha256').update(path).digest('hex').slice(0, 16);
}
