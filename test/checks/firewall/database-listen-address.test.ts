import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../src/checks/firewall/database-listen-address.js';
import { readListeningSockets } from '../../../src/gather/host/sockets.js';
import { checkOf, evidenceText, HEX, HostRoot, listen, scanHost } from '../../host/host-root.js';

async function judge(tcp: string[], tcp6: string[] = []) {
  const root = new HostRoot();
  root.sockets(tcp, tcp6);
  return checkOf(await scanHost(root), 'database-listen-address');
}

describe("'database-listen-address' on the host's socket tables", () => {
  it('reads listening sockets from /proc/net/tcp and tcp6, not established ones', async () => {
    const root = new HostRoot();
    root.sockets([listen(HEX.loopback4, 5432), listen(HEX.any4, 22)], [listen(HEX.any6, 443)]);
    const listening = await readListeningSockets(root.path);
    assert.deepEqual(listening.read, ['/proc/net/tcp', '/proc/net/tcp6']);
    assert.deepEqual(
      listening.sockets.map((socket) => `${socket.family} ${socket.address} ${socket.port}`),
      ['ipv4 127.0.0.1 5432', 'ipv4 0.0.0.0 22', 'ipv6 :: 443'],
    );
  });

  it('Postgres on 127.0.0.1 passes', async () => {
    const result = await judge([listen(HEX.loopback4, 5432), listen(HEX.any4, 22)]);
    assert.equal(result.status, 'pass');
    assert.match(
      evidenceText(result),
      /postgres listens on 127\.0\.0\.1:5432 \(a private address\)/,
    );
  });

  it('Postgres and Redis on ::1, ::ffff:127.0.0.1 and 10.0.0.5 pass', async () => {
    const result = await judge(
      [listen(HEX.private4, 5432)],
      [listen(HEX.loopback6, 6379), listen(HEX.mapped6, 5432)],
    );
    assert.equal(result.status, 'pass');
    assert.match(evidenceText(result), /redis listens on \[::1\]:6379/);
    assert.match(evidenceText(result), /postgres listens on \[::ffff:127\.0\.0\.1\]:5432/);
  });

  // The code warns rather than fails: a wildcard listener may still be shut off by the
  // firewall, which firewall-database-port judges.
  it('Postgres on 0.0.0.0 is not a pass: it warns, naming the address', async () => {
    const result = await judge([listen(HEX.any4, 5432)]);
    assert.equal(result.status, 'warn');
    assert.match(result.message, /postgres on 0\.0\.0\.0:5432 listen beyond this host/);
    assert.match(evidenceText(result), /\(every address\)/);
  });

  it('Postgres on :: is not a pass either', async () => {
    const result = await judge([listen(HEX.loopback4, 5432)], [listen(HEX.any6, 5432)]);
    assert.equal(result.status, 'warn');
    assert.match(result.message, /postgres on :::5432/);
    assert.match(evidenceText(result), /postgres listens on \[::\]:5432 \(every address\)/);
  });

  it('Postgres on a public address warns', async () => {
    const result = await judge([listen(HEX.public4, 5432)]);
    assert.equal(result.status, 'warn');
    assert.match(evidenceText(result), /203\.113\.0\.7:5432 \(a public address\)/);
  });

  it('a host root without socket tables is an error, never a pass', async () => {
    const result = checkOf(await scanHost(new HostRoot()), 'database-listen-address');
    assert.equal(result.status, 'error');
    assert.match(result.message, /no socket table could be read/);
  });

  it('outside host mode it is skipped, naming --host', async () => {
    const root = new HostRoot();
    root.sockets([listen(HEX.any4, 5432)]);
    const result = checkOf(await scanHost(root, {}, {}), 'database-listen-address');
    assert.equal(result.status, 'skip');
    assert.match(result.message, /--host/);
    assert.equal(check.needs[0], 'listeningSockets');
  });
});
