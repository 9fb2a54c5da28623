import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../lib/errors.js';
import type { PipelineSource } from '../workflows/pipeline/types.js';

export type { PipelineSource } from '../workflows/pipeline/types.js';

const COMPANY_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const sourceSchema = z
  .object({
    company: z.string().regex(COMPANY_ID, 'a company id: letters, digits, "_", "-", "." (max 64)'),
    format: z.enum(['canonical', 'fec']),
    dropDir: z.string().min(1),
    options: z
      .object({
        termsFile: z.string().min(1).optional(),
        defaultTerms: z
          .string()
          .regex(/^\d{1,3}\s*(FM)?$/i, 'payment terms such as "30" or "45FM"')
          .optional(),
        receivablePrefix: z
          .string()
          .regex(/^\d{1,10}$/, 'an account prefix such as "411"')
          .optional(),
        unlettered: z.enum(['unapplied', 'oldest-first']).optional(),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
          .optional(),
        salesJournals: z.array(z.string().min(1)).optional(),
        openingJournals: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

const sourcesSchema = z.array(sourceSchema).superRefine((sources, ctx) => {
  const seen = new Set<string>();
  sources.forEach((s, i) => {
    if (seen.has(s.company))
      ctx.addIssue({
        code: 'custom',
        path: [i, 'company'],
        message: `company "${s.company}" is configured twice`,
      });
    seen.add(s.company);
  });
});

/**
 * Reads `$ENCOURS_HOME/sources.json`: one entry per company (format, drop folder, FEC options).
 * Relative paths are relative to the file's folder. A missing file means no sources.
 */
export function readSources(file: string, companies?: string[]): PipelineSource[] {
  if (!existsSync(file)) {
    if (companies?.length)
      throw new InputError({ file }, `no sources configured; create ${file} (see docs/operations.md)`);
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(
      { file },
      `not valid JSON (${(error as Error).message}); fix the file (see docs/operations.md)`,
    );
  }
  const parsed = sourcesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length
      ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
      : 'top level';
    throw new InputError({ file, column: where }, `${issue.message}; fix the entry (see docs/operations.md)`);
  }
  const base = dirname(resolve(file));
  const sources: PipelineSource[] = parsed.data.map((s) => ({
    company: s.company,
    format: s.format,
    dropDir: resolvePath(base, s.dropDir),
    options: {
      ...s.options,
      ...(s.options.termsFile ? { termsFile: resolvePath(base, s.options.termsFile) } : {}),
    },
  }));
  if (!companies?.length) return sources;
  const unknown = companies.filter((c) => !sources.some((s) => s.company === c));
  if (unknown.length) {
    throw new InputError(
      { file },
      `no source configured for company ${unknown.join(', ')}; configured: ${sources.map((s) => s.company).join(', ') || 'none'}`,
    );
  }
  return sources.filter((s) => companies.includes(s.company));
}

/** Writes the sources file atomically (validated first). */
export function writeSources(file: string, sources: PipelineSource[]): void {
  const data = sourcesSchema.parse(sources);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  renameSync(tmp, file);
}

function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}
