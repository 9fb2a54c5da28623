import type { JsonObject } from '../../../warehouse/ops/json.js';

/** A row as plain JSON for the audit log (dates as ISO strings, undefined dropped). */
export function toJsonObject(value: object | null | undefined): JsonObject | null {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
