import type { FastifyError } from 'fastify';

/**
 * A schema validation error as one sentence naming the field: fastify's own message, plus the property for
 * "must NOT have additional properties" and "must have required property" (which do not name it otherwise).
 */
export function describeValidationError(error: FastifyError): string {
  const details = (error.validation ?? []).map((v) => {
    const where = `${error.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}`;
    const params = v.params as Record<string, unknown>;
    if (typeof params.additionalProperty === 'string')
      return `${where}.${params.additionalProperty} is not a known field; remove it`;
    if (typeof params.missingProperty === 'string') return `${where}.${params.missingProperty} is required`;
    return `${where} ${v.message ?? 'is not valid'}`;
  });
  return `${details.join('; ') || error.message}; see the route's schema in /api/docs`;
}
