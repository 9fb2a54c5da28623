// A single-page app: rendered in the browser only, never prerendered (every page needs the API and a session).
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
