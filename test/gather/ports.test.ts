import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WELL_KNOWN_PORTS } from '../../src/gather/port-catalogue.js';
import { type PortConnector, probePorts } from '../../src/gather/ports.js';
import { checkOf, scanTransport } from '../support/transport.js';

interface CountingListener {
  port: number;
  connections: number;
  server: Server;
}

/** A TCP listener that counts the connections it accepts and closes each at once. */
function listen(host: string, port = 0): Promise<CountingListener> {
  return new Promise((resolve, reject) => {
    const listener = { port: 0, connections: 0 } as CountingListener;
    listener.server = createServer((socket) => {
      listener.connections += 1;
      socket.destroy();
    });
    listener.server.once('error', reject);
    listener.server.listen(port, host, () => {
      const address = listener.server.address();
      listener.port = typeof address === 'object' && address ? address.port : 0;
      resolve(listener);
    });
  });
}

function close(listener: CountingListener): Promise<void> {
  return new Promise((resolve) => listener.server.close(() => resolve()));
}

const PORT_CHECKS = ['exposed-ports', 'database-port-exposure'];

describe('probePorts', () => {
  test('connects once to each listed port, on the given address only, 16 at a time at most', async () => {
    const calls: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    let counted = 0;
    const connect: PortConnector = async (address, port) => {
      calls.push(`${address}:${port}`);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { state: port === 443 ? 'open' : 'closed' };
    };
    const listed = WELL_KNOWN_PORTS.map((entry) => ({ ...entry, origin: 'list' as const }));
    const probes = await probePorts('192.0.2.10', listed, {
      timeoutMs: 100,
      signal: new AbortController().signal,
      count: () => {
        counted += 1;
      },
      connect,
    });

    assert.equal(calls.length, WELL_KNOWN_PORTS.length);
    assert.equal(counted, WELL_KNOWN_PORTS.length);
    assert.equal(new Set(calls).size, calls.length);
    assert.ok(calls.every((call) => call.startsWith('192.0.2.10:')));
    assert.ok(mostInFlight <= 16 && mostInFlight > 1, `${mostInFlight} in flight`);
    assert.deepEqual(
      probes.map((probe) => probe.port),
      WELL_KNOWN_PORTS.map((entry) => entry.port),
    );
    assert.equal(probes.find((probe) => probe.port === 443)?.state, 'open');
  });

  test('stops at the budget: a count that throws ends the probe', async () => {
    let counted = 0;
    const listed = WELL_KNOWN_PORTS.slice(0, 10).map((entry) => ({
      ...entry,
      origin: 'list' as const,
    }));
    const probing = probePorts('192.0.2.10', listed, {
      timeoutMs: 100,
      signal: new AbortController().signal,
      count: () => {
        counted += 1;
        if (counted > 3) throw new Error('the request budget of 3 was spent');
      },
      connect: async () => ({ state: 'closed' }),
    });
    await assert.rejects(probing, /budget/);
  });
});

describe('port probe on loopback', () => {
  let dir: string;
  const onTarget: Record<'web' | 'redis' | 'postgres', CountingListener> = {} as never;
  // The same port numbers on another loopback address: no connection may ever reach them.
  const elsewhere: CountingListener[] = [];
  let closedPort: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-ports-'));
    onTarget.web = await listen('127.0.0.1');
    onTarget.redis = await listen('127.0.0.1');
    onTarget.postgres = await listen('127.0.0.1');
    const spare = await listen('127.0.0.1');
    closedPort = spare.port;
    await close(spare);
    for (const port of [
      onTarget.web.port,
      onTarget.redis.port,
      onTarget.postgres.port,
      closedPort,
    ]) {
      elsewhere.push(await listen('127.0.0.2', port));
    }
  });

  after(async () => {
    await Promise.all([...Object.values(onTarget), ...elsewhere].map(close));
    rmSync(dir, { recursive: true, force: true });
  });

  function resetCounts(): void {
    for (const listener of [...Object.values(onTarget), ...elsewhere]) listener.connections = 0;
  }

  test('an open cache port fails both checks, naming the service; only the list is probed', async () => {
    resetCounts();
    const report = await scanTransport({
      checks: PORT_CHECKS,
      config: {
        project: dir,
        target: { url: `http://127.0.0.1:${onTarget.web.port}/` },
        probes: { ports: [closedPort, { port: onTarget.redis.port, service: 'redis' }] },
      },
    });

    const exposed = checkOf(report, 'exposed-ports');
    assert.equal(exposed.status, 'fail');
    assert.match(exposed.message, new RegExp(`${onTarget.redis.port} \\(redis\\)`));
    const database = checkOf(report, 'database-port-exposure');
    assert.equal(database.status, 'fail');
    assert.match(database.message, /redis on/);

    // Two listed ports and the target's own: three connections, all to 127.0.0.1.
    assert.equal(report.stats.requestsByKind.tcp, 3);
    assert.equal(onTarget.web.connections, 1);
    assert.equal(onTarget.redis.connections, 1);
    assert.equal(onTarget.postgres.connections, 0);
    assert.deepEqual(
      elsewhere.map((listener) => listener.connections),
      [0, 0, 0, 0],
    );
  });

  test('only allowed ports open: both checks pass', async () => {
    resetCounts();
    const report = await scanTransport({
      checks: PORT_CHECKS,
      config: {
        project: dir,
        target: { url: `http://127.0.0.1:${onTarget.web.port}/` },
        probes: { ports: [{ port: closedPort, service: 'postgres' }] },
      },
    });
    assert.equal(checkOf(report, 'exposed-ports').status, 'pass');
    assert.equal(checkOf(report, 'database-port-exposure').status, 'pass');
    assert.deepEqual(
      elsewhere.map((listener) => listener.connections),
      [0, 0, 0, 0],
    );
  });

  test("the database URL's port on the target host is probed too; one elsewhere is not", async () => {
    resetCounts();
    writeFileSync(
      join(dir, '.env'),
      `DATABASE_URL=postgresql://app:s3cret-pass@127.0.0.1:${onTarget.postgres.port}/app\n`,
    );
    const report = await scanTransport({
      checks: PORT_CHECKS,
      config: {
        project: dir,
        target: { url: `http://127.0.0.1:${onTarget.web.port}/` },
        probes: { ports: [closedPort] },
      },
    });
    const database = checkOf(report, 'database-port-exposure');
    assert.equal(database.status, 'fail');
    assert.match(database.message, new RegExp(`postgres on ${onTarget.postgres.port}`));
    assert.equal(onTarget.postgres.connections, 1);

    resetCounts();
    writeFileSync(
      join(dir, '.env'),
      `DATABASE_URL=postgresql://app:s3cret-pass@127.0.0.2:${onTarget.postgres.port}/app\n`,
    );
    const other = await scanTransport({
      checks: PORT_CHECKS,
      config: {
        project: dir,
        target: { url: `http://127.0.0.1:${onTarget.web.port}/` },
        probes: { ports: [closedPort] },
      },
    });
    assert.equal(other.stats.requestsByKind.tcp, 2);
    assert.deepEqual(
      elsewhere.map((listener) => listener.connections),
      [0, 0, 0, 0],
    );
    rmSync(join(dir, '.env'));
  });

  test('the built-in list: one connection per well-known port, plus the target port', async () => {
    resetCounts();
    const report = await scanTransport({
      checks: PORT_CHECKS,
      config: { project: dir, target: { url: `http://127.0.0.1:${onTarget.web.port}/` } },
    });
    assert.equal(report.stats.requestsByKind.tcp, WELL_KNOWN_PORTS.length + 1);
    assert.equal(onTarget.web.connections, 1);
    assert.deepEqual(
      elsewhere.map((listener) => listener.connections),
      [0, 0, 0, 0],
    );
    assert.notEqual(checkOf(report, 'exposed-ports').status, 'error');
  });
});
