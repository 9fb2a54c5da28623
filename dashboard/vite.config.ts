// Vite configuration of the dashboard. Run from dashboard/ (`npm run build:dashboard` does): SvelteKit reads
// svelte.config.js from the working directory. Everything is bundled: the served CSP allows no other origin.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  build: { target: 'es2022', chunkSizeWarningLimit: 800 },
  // SvelteKit's build analysis loads its server bundle from dashboard/.svelte-kit, where a bare "cookie" would resolve
  // to the root's cookie@2 (fastify's) instead of the cookie@0.6 SvelteKit depends on: bundle it from kit's own copy.
  ssr: { noExternal: ['cookie'] },
  server: {
    // `cd dashboard && vite dev` talks to a running `encours serve` (ENCOURS_URL, default port 3000).
    proxy: { '/api': process.env.ENCOURS_URL ?? 'http://127.0.0.1:3000' },
  },
});
