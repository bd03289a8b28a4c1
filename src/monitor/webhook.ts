import { request } from 'undici';
import type { Report, Status } from '../core/types.js';
import { VERSION } from '../core/version.js';
import type { StatusChange } from './drift.js';

export const WEBHOOK_TIMEOUT_MS = 5000;

/** What the webhook receives: ids, statuses, target and times; no evidence, which could quote a target's answer. */
export interface AlertPayload {
  event: 'shipshape.items-failed';
  target: { url: string | null; project: string | null };
  scanId: number;
  scannedAt: string;
  previousScanId: number;
  previousScannedAt: string;
  items: { id: string; title: string; from: Status; to: Status }[];
}

export function alertPayload(
  report: Report,
  scanId: number,
  previous: { id: number; startedAt: string },
  alerts: readonly StatusChange[],
): AlertPayload {
  return {
    event: 'shipshape.items-failed',
    target: { url: publicUrl(report.target.url), project: report.target.project },
    scanId,
    scannedAt: report.startedAt,
    previousScanId: previous.id,
    previousScannedAt: previous.startedAt,
    items: alerts.map(({ id, title, from, to }) => ({ id, title, from, to })),
  };
}

/** A query string or fragment may carry a token: the receiver gets the origin and path only. */
function publicUrl(url: string | null): string | null {
  if (url === null) return null;
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export type Delivery = { ok: true } | { ok: false; reason: string };

/**
 * One POST, no retry and no redirect followed: a webhook that moved is a failure to report,
 * not a new address to send the target's state to. The reason never holds the URL, whose path
 * is often the webhook's secret.
 */
export async function postAlert(
  url: string,
  payload: AlertPayload,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<Delivery> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': `shipshape/${VERSION} (monitor webhook)`,
      },
      body: JSON.stringify(payload),
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump({ signal, limit: 64 * 1024 });
    if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true };
    const moved = response.statusCode >= 300 && response.statusCode < 400;
    return {
      ok: false,
      reason: `answered ${response.statusCode}${moved ? ', a redirect, which is not followed' : ''}`,
    };
  } catch (error) {
    if (signal.aborted) return { ok: false, reason: `no answer within ${timeoutMs / 1000} s` };
    const code = (error as { code?: string }).code;
    return { ok: false, reason: code ?? 'the request failed' };
  }
}
