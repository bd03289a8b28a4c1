import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readLogrotateRules } from '../../../src/gather/host/logrotate.js';
import { globMatches } from '../../../src/host/logrotate.js';
import { checkOf, evidenceText, HostRoot, scanHost } from '../../host/host-root.js';

const LOG = '/var/log/app/security.log';

function rootWithLog(): HostRoot {
  const root = new HostRoot();
  root.write(LOG, 'entry\n', 0);
  root.write('/etc/logrotate.conf', 'weekly\nrotate 4\ncreate\ninclude /etc/logrotate.d\n');
  return root;
}

async function rotation(root: HostRoot, host: Record<string, unknown> = {}) {
  return checkOf(await scanHost(root, host), 'log-rotation-rule');
}

describe("'log-rotation-rule' on a host root", () => {
  it('a block naming the log passes, citing its file and line', async () => {
    const root = rootWithLog();
    root.write(
      '/etc/logrotate.d/app',
      `# the application\n${LOG} {\n    daily\n    rotate 30\n    compress\n    missingok\n    postrotate\n        systemctl kill -s HUP app.service\n    endscript\n}\n`,
    );
    const check = await rotation(root);
    assert.equal(check.status, 'pass');
    assert.match(
      evidenceText(check),
      /covered by `\/var\/log\/app\/security\.log` \(daily, rotate 30\)/,
    );
    assert.ok(
      check.evidence.some(
        (line) => line.location?.file === '/etc/logrotate.d/app' && line.location.line === 2,
      ),
    );
  });

  it('a glob over the folder covers the log', async () => {
    const root = rootWithLog();
    root.write(
      '/etc/logrotate.d/app',
      '/var/log/app/*.log {\n  weekly\n  maxsize 100M\n  rotate 8\n}\n',
    );
    const check = await rotation(root);
    assert.equal(check.status, 'pass');
    assert.match(evidenceText(check), /`\/var\/log\/app\/\*\.log` \(weekly, size 100M, rotate 8\)/);
  });

  it('rules for other logs only fail, naming the log', async () => {
    const root = rootWithLog();
    root.write('/etc/logrotate.d/nginx', '/var/log/nginx/*.log {\n  daily\n  rotate 14\n}\n');
    root.write('/etc/logrotate.d/app-old', '/var/log/app/*.txt {\n  daily\n}\n');
    const check = await rotation(root);
    assert.equal(check.status, 'fail');
    assert.equal(check.message, `No logrotate rule covers ${LOG}.`);
  });

  it('`rotate 0` warns: old entries are deleted', async () => {
    const root = rootWithLog();
    root.write('/etc/logrotate.d/app', `${LOG} {\n  daily\n  rotate 0\n}\n`);
    assert.equal((await rotation(root)).status, 'warn');
  });

  it('no logrotate configuration at all fails', async () => {
    const root = new HostRoot();
    root.write(LOG, 'entry\n', 0);
    const check = await rotation(root);
    assert.equal(check.status, 'fail');
    assert.match(check.message, /No logrotate configuration was found/);
  });

  it('skips packaging leftovers and reads logrotate.conf once', async () => {
    const root = rootWithLog();
    root.write('/etc/logrotate.d/app.dpkg-old', `${LOG} {\n  daily\n}\n`);
    const rules = await readLogrotateRules(root.path);
    assert.deepEqual(rules.filesRead, ['/etc/logrotate.conf']);
    assert.equal((await rotation(root)).status, 'fail');
  });

  it('globs match like the shell: * stays inside one folder', () => {
    assert.ok(globMatches('/var/log/app/*.log', LOG));
    assert.ok(globMatches('/var/log/app/securit[xy].log', LOG));
    assert.ok(!globMatches('/var/log/*.log', LOG));
    assert.ok(!globMatches('/var/log/app/*.txt', LOG));
  });

  it('outside host mode it is skipped, naming --host', async () => {
    const check = checkOf(await scanHost(rootWithLog(), {}, {}), 'log-rotation-rule');
    assert.equal(check.status, 'skip');
    assert.match(check.message, /--host/);
  });
});
