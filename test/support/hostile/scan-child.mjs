// Runs the command line in a child process of its own and reports, on file descriptor 3, how
// long main() took, how long the process took to get there, its peak memory, and what it still
// held open once main() had returned. SHIPSHAPE_MAIN names the module: built or TypeScript.
import { writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resources that would keep the process alive or reach the network: not stdio. */
const LINGERING = /TCP|TLS|Connect|GetAddrInfo|Timeout|Immediate|Process/;

const { main } = await import(process.env.SHIPSHAPE_MAIN);
const startupMs = process.uptime() * 1000;
const started = performance.now();
const exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: false,
});
const wallMs = performance.now() - started;

// A destroyed socket leaves the list on its close event, a moment later.
let lingering = [];
for (let attempt = 0; attempt < 5; attempt += 1) {
  await sleep(40);
  lingering = process.getActiveResourcesInfo().filter((name) => LINGERING.test(name));
  if (lingering.length === 0) break;
}
const maxRssKb = process.resourceUsage().maxRSS;
writeSync(3, JSON.stringify({ exitCode, startupMs, wallMs, maxRssKb, lingering }));
process.exitCode = exitCode;
