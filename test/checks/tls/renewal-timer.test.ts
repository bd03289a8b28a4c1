import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkOf, evidenceText, HostRoot, scanHost } from '../../host/host-root.js';

const TIMER =
  '[Unit]\nDescription=Run certbot twice daily\n\n[Timer]\nOnCalendar=*-*-* 00,12:00:00\nRandomizedDelaySec=43200\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n';

async function renewal(root: HostRoot) {
  return checkOf(await scanHost(root), 'renewal-timer');
}

describe("'renewal-timer' on a host root", () => {
  it('an enabled certbot.timer passes', async () => {
    const root = new HostRoot();
    const unit = root.write('/lib/systemd/system/certbot.timer', TIMER);
    root.folder('/etc/systemd/system/timers.target.wants');
    symlinkSync(unit, join(root.path, '/etc/systemd/system/timers.target.wants/certbot.timer'));
    const check = await renewal(root);
    assert.equal(check.status, 'pass');
    assert.match(check.message, /scheduled on this host: certbot\.timer/);
    assert.match(evidenceText(check), /certbot\.timer: enabled/);
  });

  it('an installed timer that is not enabled fails', async () => {
    const root = new HostRoot();
    root.write('/lib/systemd/system/certbot.timer', TIMER);
    root.write('/etc/letsencrypt/renewal/api.example.com.conf', 'version = 2.9.0\n');
    const check = await renewal(root);
    assert.equal(check.status, 'fail');
    assert.match(check.message, /installed but not enabled: certbot\.timer/);
  });

  it("Debian's /etc/cron.d/certbot passes, citing the line", async () => {
    const root = new HostRoot();
    root.write(
      '/etc/cron.d/certbot',
      "# /etc/cron.d/certbot: crontab entries for the certbot package\nSHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin\n\n0 */12 * * * root test -x /usr/bin/certbot -a \\! -d /run/systemd/system && perl -e 'sleep int(rand(43200))' && certbot -q renew --no-random-sleep-on-renew\n",
    );
    const check = await renewal(root);
    assert.equal(check.status, 'pass');
    assert.match(check.message, /certbot in \/etc\/cron\.d\/certbot/);
    assert.ok(check.evidence.some((line) => line.location?.line === 5));
  });

  it('certificates managed by certbot with nothing to renew them fail', async () => {
    const root = new HostRoot();
    root.write('/etc/letsencrypt/renewal/api.example.com.conf', 'version = 2.9.0\n');
    root.write('/etc/cron.d/certbot', '# 0 */12 * * * root certbot -q renew\n');
    const check = await renewal(root);
    assert.equal(check.status, 'fail');
    assert.match(
      check.message,
      /certbot manages 1 certificate\(s\) here, but no timer or cron job/,
    );
    assert.match(evidenceText(check), /api\.example\.com/);
  });

  it('no sign of renewal on the host is manual, not a pass', async () => {
    const check = await renewal(new HostRoot());
    assert.equal(check.status, 'manual');
  });

  it('outside host mode it is skipped, naming --host', async () => {
    const check = checkOf(await scanHost(new HostRoot(), {}, {}), 'renewal-timer');
    assert.equal(check.status, 'skip');
    assert.match(check.message, /--host/);
  });
});
