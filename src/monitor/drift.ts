import type { ItemResult, Report, Status } from '../core/types.js';

export interface StatusChange {
  id: string;
  title: string;
  from: Status;
  to: Status;
  /** Under a waiver that has not expired: it is shown, and raises no alert. */
  waived: boolean;
}

export interface CertificateThresholds {
  warnDays: number;
  failDays: number;
}

/** Which policy line the days left went under between the two scans. */
export type Crossing = 'warn' | 'fail' | 'expired';

export interface CertificateDrift {
  /** Null when the earlier scan saw no certificate. */
  fromDays: number | null;
  toDays: number;
  crossed?: Crossing;
}

export interface Drift {
  changes: StatusChange[];
  /** headers.* items that passed before and do not now. */
  headersLost: StatusChange[];
  certificate?: CertificateDrift;
  /** Items that turned to fail or error, which the webhook is told of. */
  alerts: StatusChange[];
}

const ALERTING: ReadonlySet<Status> = new Set(['fail', 'error']);

/** Compares two reports of the same target; items only one of them has are left out. */
export function diffReports(
  previous: Report,
  current: Report,
  thresholds: CertificateThresholds,
): Drift {
  const before = new Map(previous.items.map((item) => [item.id, item]));
  const changes: StatusChange[] = [];
  for (const item of current.items) {
    const old = before.get(item.id);
    if (!old || old.status === item.status) continue;
    changes.push({
      id: item.id,
      title: item.title,
      from: old.status,
      to: item.status,
      waived: isWaived(item),
    });
  }

  const certificate = certificateDrift(
    certificateDaysLeft(previous),
    certificateDaysLeft(current),
    thresholds,
  );
  return {
    changes,
    headersLost: changes.filter(
      (change) => change.id.startsWith('headers.') && change.from === 'pass',
    ),
    ...(certificate ? { certificate } : {}),
    alerts: changes.filter((change) => ALERTING.has(change.to) && !change.waived),
  };
}

function isWaived(item: ItemResult): boolean {
  return item.waived !== undefined && !item.waived.expired;
}

const DAYS_LEFT = /(-?\d+) days left/;

/** Days left on the served certificate, as the tls.certificate evidence states them. */
export function certificateDaysLeft(report: Report): number | undefined {
  const item = report.items.find((candidate) => candidate.id === 'tls.certificate');
  for (const check of item?.checks ?? []) {
    for (const evidence of check.evidence) {
      const match = DAYS_LEFT.exec(evidence.message);
      if (match) return Number(match[1]);
    }
  }
  return undefined;
}

/** A change of days left, or undefined when the current scan saw no certificate or nothing moved. */
export function certificateDrift(
  fromDays: number | undefined,
  toDays: number | undefined,
  thresholds: CertificateThresholds,
): CertificateDrift | undefined {
  if (toDays === undefined || fromDays === toDays) return undefined;
  const crossed = crossingOf(fromDays ?? Number.POSITIVE_INFINITY, toDays, thresholds);
  return { fromDays: fromDays ?? null, toDays, ...(crossed ? { crossed } : {}) };
}

/** The worst line passed on the way down; a renewal (more days) crosses none. */
function crossingOf(
  fromDays: number,
  toDays: number,
  { warnDays, failDays }: CertificateThresholds,
): Crossing | undefined {
  if (toDays < 0 && fromDays >= 0) return 'expired';
  if (toDays < failDays && fromDays >= failDays) return 'fail';
  if (toDays < warnDays && fromDays >= warnDays) return 'warn';
  return undefined;
}

export function hasDrift(drift: Drift): boolean {
  return drift.changes.length > 0 || drift.certificate !== undefined;
}

/** The drift as lines of text for a terminal or a log. */
export function renderDrift(drift: Drift, thresholds: CertificateThresholds): string {
  if (!hasDrift(drift)) return '  no change\n';
  const lines: string[] = [];
  const transition = (change: StatusChange) =>
    `${change.from} -> ${change.to}${change.waived ? ' (waived)' : ''}`;
  const idWidth = Math.max(0, ...drift.changes.map((change) => change.id.length));
  const width = Math.max(0, ...drift.changes.map((change) => transition(change).length));
  for (const change of drift.changes) {
    lines.push(
      `  ${change.id.padEnd(idWidth)}  ${transition(change).padEnd(width)}  ${change.title}`,
    );
  }
  for (const lost of drift.headersLost) {
    lines.push(`  security header lost: ${lost.id} no longer passes (${lost.to})`);
  }
  if (drift.certificate) lines.push(`  ${describeCertificate(drift.certificate, thresholds)}`);
  return `${lines.join('\n')}\n`;
}

function describeCertificate(drift: CertificateDrift, thresholds: CertificateThresholds): string {
  const from = drift.fromDays === null ? 'none seen' : `${drift.fromDays}`;
  const base = `certificate: ${from} -> ${drift.toDays} days left`;
  if (drift.crossed === 'expired') return `${base}: it has expired`;
  if (drift.crossed === 'fail')
    return `${base}: under the fail threshold (${thresholds.failDays} days)`;
  if (drift.crossed === 'warn')
    return `${base}: under the warn threshold (${thresholds.warnDays} days)`;
  if (drift.fromDays !== null && drift.toDays > drift.fromDays) return `${base}: renewed`;
  return base;
}
