// SvelteKit configuration of the dashboard: a static single-page app (adapter-static with an index.html fallback)
// built into dashboard/build, which `encours serve` serves (api/static.ts) next to the API on the same origin.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({
      pages: 'build',
      assets: 'build',
      fallback: 'index.html',
      precompress: false,
      strict: false,
    }),
    // Client routes (/customers/C1) are answered with index.html: asset URLs must be absolute.
    paths: { relative: false },
    prerender: { entries: [] },
    version: { pollInterval: 0 },
  },
};

export default config;
