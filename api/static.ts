import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const DASHBOARD_DIR = join(import.meta.dirname, '..', 'dashboard', 'build');

/** The built dashboard (SvelteKit SPA), when `dashboard/build` exists: files, and index.html for client routes. */
export async function registerDashboard(app: FastifyInstance, dir = DASHBOARD_DIR): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/')) {
      return reply
        .code(404)
        .send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
    }
    return reply.sendFile('index.html');
  });
  return true;
}

/** CSP hashes of the inline scripts of the dashboard's index.html (SvelteKit boots from one), so no 'unsafe-inline'. */
export function inlineScriptHashes(dir = DASHBOARD_DIR): string[] {
  const file = join(dir, 'index.html');
  if (!existsSync(file)) return [];
  const html = readFileSync(file, 'utf8');
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    const body = match[1] ?? '';
    if (body.trim()) hashes.push(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return hashes;
}
