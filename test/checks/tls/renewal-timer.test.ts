import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkOf, evidenceText, HostRoot, scanHost } from '../../host/host-root.js';

const TIMER =
  '[Unit]\nDescription=Run certbot twice daily\n\n[Timer]\nOnCalendar=*-*-* 00,12:00:00\nRandomizedDelaySec=43200\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n';

/** The line Debian's and Ubuntu's certbot package installs in /etc/cron.d/certbot. */
const DEBIAN_CRON =
  "# /etc/cron.d/certbot: crontab entries for the certbot package\nSHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin\n\n0 */12 * * * root test -x /usr/bin/certbot -a \\! -d /run/systemd/system && perl -e 'sleep int(rand(43200))' && certbot -q renew --no-random-sleep-on-renew\n";

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

  it("Debian's /etc/cron.d/certbot on a host without systemd passes, citing the line", async () => {
    const root = new HostRoot();
    root.write('/etc/cron.d/certbot', DEBIAN_CRON);
    const check = await renewal(root);
    assert.equal(check.status, 'pass');
    assert.match(check.message, /certbot in \/etc\/cron\.d\/certbot/);
    assert.ok(check.evidence.some((line) => line.location?.line === 5));
  });

  it("under systemd, Debian's cron line is no renewal job: a disabled certbot.timer fails", async () => {
    const root = new HostRoot();
    root.write('/etc/cron.d/certbot', DEBIAN_CRON);
    root.write('/lib/systemd/system/certbot.timer', TIMER);
    root.folder('/run/systemd/system');
    const check = await renewal(root);
    assert.equal(check.status, 'fail');
    assert.match(
      check.message,
      /installed but not enabled: certbot\.timer\. \/etc\/cron\.d\/certbot does nothing while systemd runs/,
    );
    assert.match(
      evidenceText(check),
      /\/etc\/cron\.d\/certbot:5 runs certbot renewal only when systemd does not run, and \/run\/systemd\/system exists/,
    );
  });

  it('under systemd, the enabled timer decides and passes; the cron line is not named', async () => {
    const root = new HostRoot();
    root.write('/etc/cron.d/certbot', DEBIAN_CRON);
    const unit = root.write('/lib/systemd/system/certbot.timer', TIMER);
    root.folder('/etc/systemd/system/timers.target.wants');
    symlinkSync(unit, join(root.path, '/etc/systemd/system/timers.target.wants/certbot.timer'));
    root.folder('/run/systemd/system');
    const check = await renewal(root);
    assert.equal(check.status, 'pass');
    assert.equal(check.message, 'Certificate renewal is scheduled on this host: certbot.timer.');
  });

  it("a copy of a server's files without /run shows systemd by its program", async () => {
    const root = new HostRoot();
    root.write('/etc/cron.d/certbot', DEBIAN_CRON);
    root.write('/etc/letsencrypt/renewal/api.example.com.conf', 'version = 2.9.0\n');
    root.write('/lib/systemd/systemd', '\x7fELF');
    const check = await renewal(root);
    assert.equal(check.status, 'fail');
    assert.match(
      check.message,
      /but no timer or cron job renews them\. \/etc\/cron\.d\/certbot does nothing/,
    );
    assert.match(evidenceText(check), /\/lib\/systemd\/systemd is installed/);
  });

  it('a systemd test that does not guard the renewal (after it, or with ||) still counts', async () => {
    const root = new HostRoot();
    root.folder('/run/systemd/system');
    root.write(
      '/etc/cron.d/renew',
      '0 3 * * * root certbot -q renew && test ! -d /run/systemd/system && echo done\n0 4 * * * root [ ! -d /run/systemd/system ] || certbot renew\n',
    );
    const check = await renewal(root);
    assert.equal(check.status, 'pass');
    assert.equal(check.evidence.filter((line) => /does nothing/.test(line.message)).length, 0);
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
