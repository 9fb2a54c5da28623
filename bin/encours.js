#!/usr/bin/env node
// Entry point of the `encours` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
// `encours … | head` closes stdout early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
