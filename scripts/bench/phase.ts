// Runs one benchmark phase in its own process, so that its peak RSS is its own; prints one JSON line.
import { PHASES } from './phases.js';

const [name, argsJson] = process.argv.slice(2);
const phase = name ? PHASES[name] : undefined;
if (!phase) {
  console.error(`unknown phase "${name}"; known: ${Object.keys(PHASES).join(', ')}`);
  process.exit(2);
}
const started = performance.now();
const figures = await phase(JSON.parse(argsJson ?? '{}'));
const seconds = (performance.now() - started) / 1000;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ phase: name, seconds, peakRssMb, ...figures }) + '\n');
process.exit(0);
