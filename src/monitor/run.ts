import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, UsageError } from '../core/errors.js';
import type { Report, StatusCounts } from '../core/types.js';
import { STATUSES } from '../core/types.js';
import { type CertificateThresholds, diffReports, renderDrift } from './drift.js';
import { type HistoryStore, targetLabel } from './store.js';
import { alertPayload, postAlert } from './webhook.js';

export interface MonitorOptions {
  store: HistoryStore;
  /** Runs one scan; the monitor calls it again for every round. */
  scan: () => Promise<Report>;
  once: boolean;
  intervalSeconds: number;
  webhook?: string;
  webhookTimeoutMs?: number;
  thresholds: CertificateThresholds;
  /** Aborted on SIGINT or SIGTERM: the scan under way finishes and is stored, then the loop ends. */
  stop: AbortSignal;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Scans, stores, and reports drift until stopped; with `once`, returns that scan's report. */
export async function runMonitor(options: MonitorOptions): Promise<Report | null> {
  for (;;) {
    let report: Report;
    try {
      report = await options.scan();
    } catch (error) {
      // One failed round must not end a long-running watch; a wrong configuration does.
      if (options.once || error instanceof UsageError) throw error;
      options.stderr(
        `shipshape: monitor: the scan could not run (${describeError(error)}); trying again in ${options.intervalSeconds} s\n`,
      );
      if (!(await wait(options.intervalSeconds, options.stop))) return null;
      continue;
    }
    await record(report, options);
    if (options.once) return report;
    if (!(await wait(options.intervalSeconds, options.stop))) return null;
  }
}

/** False when the monitor was stopped instead. */
async function wait(seconds: number, stop: AbortSignal): Promise<boolean> {
  if (stop.aborted) return false;
  try {
    await sleep(seconds * 1000, undefined, { signal: stop });
    return true;
  } catch {
    return false;
  }
}

async function record(report: Report, options: MonitorOptions): Promise<void> {
  const id = options.store.save(report);
  const target = targetLabel(report);
  options.stdout(
    `Scan #${id} of ${target} at ${report.startedAt}: ${describeCounts(report.stats.items)}\n`,
  );

  const previous = options.store.previous(report, id);
  if (!previous) {
    options.stdout('  first scan of this target: no drift to show yet\n');
    return;
  }
  const drift = diffReports(previous.report, report, options.thresholds);
  options.stdout(`Drift since scan #${previous.id} (${previous.startedAt}):\n`);
  options.stdout(renderDrift(drift, options.thresholds));

  if (options.webhook === undefined || drift.alerts.length === 0) return;
  const delivery = await postAlert(
    options.webhook,
    alertPayload(report, id, previous, drift.alerts),
    options.webhookTimeoutMs,
  );
  if (delivery.ok) {
    options.stdout(`  webhook told of ${drift.alerts.length} items turned to fail or error\n`);
  } else {
    options.stderr(
      `shipshape: monitor.webhook: not delivered (${delivery.reason}); the monitor goes on\n`,
    );
  }
}

export function describeCounts(counts: StatusCounts): string {
  return STATUSES.map((status) => `${counts[status]} ${status}`).join(', ');
}
