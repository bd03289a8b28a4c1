import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { alertPayload, postAlert } from '../../src/monitor/webhook.js';
import { sampleReport } from '../support/reports.js';

const TOKEN = 'hook-secret-3f9a7c';
const servers: Server[] = [];

async function receiver(listener: RequestListener): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    listener(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/${TOKEN}`, hits };
}

after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const report = {
  ...sampleReport(),
  target: { project: '/srv/app', url: 'https://app.example.test/v1?token=abc#x' },
};
const payload = alertPayload(report, 7, { id: 6, startedAt: '2025-05-31T12:00:00.000Z' }, [
  { id: 'headers.hsts', title: 'HSTS', from: 'pass', to: 'fail', waived: false },
]);

describe('alertPayload', () => {
  it('holds ids, statuses, scan ids and times, and the target without its query', () => {
    assert.deepEqual(payload, {
      event: 'shipshape.items-failed',
      target: { url: 'https://app.example.test/v1', project: '/srv/app' },
      scanId: 7,
      scannedAt: report.startedAt,
      previousScanId: 6,
      previousScannedAt: '2025-05-31T12:00:00.000Z',
      items: [{ id: 'headers.hsts', title: 'HSTS', from: 'pass', to: 'fail' }],
    });
  });
});

describe('postAlert', () => {
  it('posts the payload as JSON once', async () => {
    let body = '';
    const hook = await receiver((request, response) => {
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => response.writeHead(200).end('ok'));
    });
    assert.deepEqual(await postAlert(hook.url, payload), { ok: true });
    assert.equal(hook.hits.length, 1);
    assert.deepEqual(JSON.parse(body), payload);
  });

  it('does not follow a redirect, and says why without naming the URL', async () => {
    const elsewhere = await receiver((_request, response) => response.writeHead(200).end());
    const hook = await receiver((_request, response) =>
      response.writeHead(302, { location: elsewhere.url }).end(),
    );
    const delivery = await postAlert(hook.url, payload);
    assert.deepEqual(delivery, {
      ok: false,
      reason: 'answered 302, a redirect, which is not followed',
    });
    assert.equal(elsewhere.hits.length, 0);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const hook = await receiver(() => undefined);
    const started = performance.now();
    const delivery = await postAlert(hook.url, payload, 300);
    assert.deepEqual(delivery, { ok: false, reason: 'no answer within 0.3 s' });
    assert.ok(performance.now() - started < 3000);
  });

  it('reports a refused connection by its code only', async () => {
    const hook = await receiver(() => undefined);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const delivery = await postAlert(hook.url, payload, 2000);
    assert.equal(delivery.ok, false);
    assert.ok(
      !delivery.ok && !delivery.reason.includes(TOKEN) && !delivery.reason.includes('127.0.0.1'),
    );
    assert.ok(!delivery.ok && /ECONNREFUSED/.test(delivery.reason));
  });

  it('counts an error status as not delivered', async () => {
    const hook = await receiver((_request, response) => response.writeHead(500).end('no'));
    assert.deepEqual(await postAlert(hook.url, payload), { ok: false, reason: 'answered 500' });
  });
});
