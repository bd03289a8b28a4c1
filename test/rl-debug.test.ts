import { test } from 'node:test';
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from '/work/main/src/checks/ratelimit/measure.js';
import { probeRateLimit } from '/work/main/src/gather/live/rate-limit-probe.js';
import { liveHarness } from '/work/main/test/gather/live/live-support.js';
import { findFreePorts, nginxConfig, startNginx } from '/work/main/test/support/nginx.js';
import { staticSite } from '/work/main/test/support/nginx-attack-sites.js';
test('x', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rl-')); chmodSync(root, 0o755);
  const st = join(root, 's'); mkdirSync(st); writeFileSync(join(st,'ok.json'),'{}'); chmodSync(st,0o755);
  for (const [rate, burst, nodelay] of [[10,20,true],[5,8,false],[10,20,false],[2,5,true]] as const) {
    const [port] = await findFreePorts(1);
    const prefix = join(root, `p${rate}${burst}${nodelay}`); mkdirSync(prefix);
    const ng = await startNginx(prefix, nginxConfig(prefix, staticSite(port!, st, {rate, burst, nodelay})), [port!]);
    const h = liveHarness({ target: { url: `http://127.0.0.1:${port}/` }, policy: {rate, burst} }, [], 5000);
    const t = performance.now();
    const p = await probeRateLimit(h.context);
    const m = measure(p);
    console.log(rate, burst, nodelay, JSON.stringify(m), 'drain', p.drainedMs, 'total', Math.round(performance.now()-t));
    await h.close(); await ng.stop();
  }
});
