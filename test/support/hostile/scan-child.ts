// Runs the command line in a child process of its own and reports, on file descriptor 3, how
// long main() took, how long the process took to get there, and the process's peak memory.
import { writeSync } from 'node:fs';
import { main } from '../../../src/cli/main.js';

const startupMs = process.uptime() * 1000;
const started = performance.now();
const exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: false,
});
const wallMs = performance.now() - started;
const maxRssKb = process.resourceUsage().maxRSS;
if (process.env.SHOW_HANDLES) console.error((process as any)._getActiveHandles().map((h: any) => h.constructor.name + " " + (h.remotePort ?? "") + " " + (h.destroyed ?? "")));
writeSync(3, JSON.stringify({ exitCode, startupMs, wallMs, maxRssKb }));
process.exitCode = exitCode;
