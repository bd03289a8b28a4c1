import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CheckResult, ItemResult, Report } from '../../src/core/types.js';
import { scan } from '../../src/scan.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'host');

const HOUR = 3_600_000;

/** A temporary folder that stands for the server's `/`. */
export class HostRoot {
  readonly path = mkdtempSync(join(tmpdir(), 'shipshape-host-'));

  /** Writes a host file (`/etc/...`), optionally dated `hoursAgo` in the past. */
  write(hostPath: string, text: string, hoursAgo?: number): string {
    const file = join(this.path, hostPath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (hoursAgo !== undefined) {
      const when = new Date(Date.now() - hoursAgo * HOUR);
      utimesSync(file, when, when);
    }
    return file;
  }

  folder(hostPath: string): string {
    const folder = join(this.path, hostPath);
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  /** /proc/net/tcp and tcp6 with the given listening sockets, plus one established connection. */
  sockets(tcp: readonly string[], tcp6: readonly string[] = []): void {
    this.write('/proc/net/tcp', socketTable(tcp, ESTABLISHED_V4));
    this.write('/proc/net/tcp6', socketTable(tcp6));
  }
}

const HEADER =
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';

/** A client connected to the local Postgres: established, so not a listener. */
const ESTABLISHED_V4 = '0A00000A:1538 0B00000A:D431 01';

/** Kernel table rows from `LOCAL REMOTE STATE` triples, in the kernel's hex notation. */
function socketTable(listening: readonly string[], ...others: string[]): string {
  const rows = [...listening.map((local) => `${local} ${ZERO_REMOTE} 0A`), ...others].map(
    (row, index) =>
      `  ${index}: ${row} 00000000:00000000 00:00000000 00000000   114        0 ${20_000 + index} 1 0000000000000000 100 0 0 10 0`,
  );
  return `${HEADER}\n${rows.join('\n')}\n`;
}

const ZERO_REMOTE = '00000000:0000';

/** Kernel notation of local addresses: each 32-bit word in little-endian byte order. */
export const HEX = {
  any4: '00000000',
  loopback4: '0100007F',
  private4: '0500000A',
  public4: '070071CB',
  any6: '00000000000000000000000000000000',
  loopback6: '00000000000000000000000001000000',
  mapped6: '0000000000000000FFFF00000100007F',
} as const;

export function listen(address: string, port: number): string {
  return `${address}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Scans an empty project in host mode, with a shipshape.yaml whose `host.root` is the root.
 * JSON is YAML, so the configuration is written as JSON.
 */
export async function scanHost(
  root: HostRoot | null,
  host: Record<string, unknown> = {},
  options: { host?: boolean; firewallOutputs?: string[] } = { host: true },
): Promise<Report> {
  const project = mkdtempSync(join(tmpdir(), 'shipshape-host-project-'));
  const config = { host: { ...(root ? { root: root.path } : {}), ...host } };
  writeFileSync(join(project, 'shipshape.yaml'), JSON.stringify(config, null, 2));
  return scan({ project, ...options });
}

export function itemOf(report: Report, id: string): ItemResult {
  const item = report.items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no item ${id} in the report`);
  return item;
}

export function checkOf(report: Report, id: string): CheckResult {
  const check = report.items.flatMap((item) => item.checks).find((result) => result.id === id);
  if (!check) throw new Error(`no check ${id} in the report`);
  return check;
}

export function evidenceText(result: { evidence?: { message: string }[] }): string {
  return (result.evidence ?? []).map((line) => line.message).join('\n');
}
