import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { runMonitor } from '../../src/monitor/run.js';
import { HistoryStore } from '../../src/monitor/store.js';
import { sampleReport } from '../support/reports.js';

const THRESHOLDS = { warnDays: 30, failDays: 7 };

/** Reports that alternate one item between pass and fail, so every round has an alert. */
function flipping(): () => Promise<Report> {
  let round = 0;
  return async () => {
    round += 1;
    const report = sampleReport();
    report.startedAt = new Date(Date.UTC(2025, 5, round)).toISOString();
    const item = report.items.find((candidate) => candidate.id === 'headers.hsts')!;
    item.status = round % 2 === 1 ? 'pass' : 'fail';
    return report;
  };
}

function output() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    stdout: (text: string) => {
      out.stdout += text;
    },
    stderr: (text: string) => {
      out.stderr += text;
    },
  };
}

describe('runMonitor', () => {
  it('scans on its interval until stopped, storing each round, and stops between scans', async () => {
    const store = HistoryStore.open(join(mkdtempSync(join(tmpdir(), 'shipshape-run-')), 'h.db'));
    const stop = new AbortController();
    const io = output();
    const scanned = flipping();
    let rounds = 0;
    const last = await runMonitor({
      store,
      scan: async () => {
        rounds += 1;
        // The stop arrives during the third scan: that scan is still stored.
        if (rounds === 3) stop.abort();
        return scanned();
      },
      once: false,
      intervalSeconds: 0.02,
      thresholds: THRESHOLDS,
      stop: stop.signal,
      stdout: io.stdout,
      stderr: io.stderr,
    });
    assert.equal(last, null);
    assert.equal(rounds, 3);
    assert.deepEqual(
      store.list().map((entry) => entry.id),
      [1, 2, 3],
    );
    assert.match(
      io.out.stdout,
      /Scan #2 .*\nDrift since scan #1 .*\n {2}headers\.hsts\s+pass -> fail/,
    );
    assert.match(io.out.stdout, /Drift since scan #2 .*\n {2}headers\.hsts\s+fail -> pass/);
    store.close();
  });

  it('reports a webhook that fails in one stderr line and goes on', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const { port } = dead.address() as AddressInfo;
    await new Promise((resolve) => dead.close(resolve));

    const store = HistoryStore.open(join(mkdtempSync(join(tmpdir(), 'shipshape-run-')), 'h.db'));
    const stop = new AbortController();
    const io = output();
    const scanned = flipping();
    let rounds = 0;
    await runMonitor({
      store,
      scan: async () => {
        rounds += 1;
        if (rounds === 4) stop.abort();
        return scanned();
      },
      once: false,
      intervalSeconds: 0.02,
      webhook: `http://127.0.0.1:${port}/hooks/secret-path`,
      webhookTimeoutMs: 2000,
      thresholds: THRESHOLDS,
      stop: stop.signal,
      stdout: io.stdout,
      stderr: io.stderr,
    });
    assert.equal(rounds, 4);
    // Rounds 2 and 4 turn headers.hsts to fail: two alerts, two lines.
    const lines = io.out.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    for (const line of lines) {
      assert.match(
        line,
        /^shipshape: monitor\.webhook: not delivered \(ECONNREFUSED\); the monitor goes on$/,
      );
    }
    assert.ok(!io.out.stderr.includes('secret-path') && !io.out.stdout.includes('secret-path'));
    store.close();
  });

  it('keeps watching after a round whose scan could not run, and rethrows with once', async () => {
    const store = HistoryStore.open(join(mkdtempSync(join(tmpdir(), 'shipshape-run-')), 'h.db'));
    const stop = new AbortController();
    const io = output();
    let rounds = 0;
    const options = {
      store,
      scan: async () => {
        rounds += 1;
        if (rounds === 1) throw new Error('network is down');
        stop.abort();
        return sampleReport();
      },
      once: false,
      intervalSeconds: 0.02,
      thresholds: THRESHOLDS,
      stop: stop.signal,
      stdout: io.stdout,
      stderr: io.stderr,
    };
    await runMonitor(options);
    assert.equal(rounds, 2);
    assert.match(
      io.out.stderr,
      /^shipshape: monitor: the scan could not run \(network is down\); trying again in 0\.02 s\n$/,
    );
    assert.equal(store.list().length, 1);

    rounds = 0;
    await assert.rejects(runMonitor({ ...options, once: true }), /network is down/);
    store.close();
  });
});
