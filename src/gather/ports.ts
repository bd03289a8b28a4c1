import { Socket } from 'node:net';
import { defineGatherer } from '../core/registry.js';
import type { GatherContext } from '../core/types.js';
import { findDatabaseTarget, isOnTargetHost } from './database-url.js';
import { describePort, type PortService, WELL_KNOWN_PORTS } from './port-catalogue.js';
import { resolveTargetHost, type TargetHost } from './target-host.js';

declare module '../core/types.js' {
  interface Artifacts {
    portScan: PortScan;
  }
}

/** `filtered`: no answer before the timeout, or an ICMP refusal: what a firewall's drop is. */
export type PortState = 'open' | 'closed' | 'filtered' | 'error';

/** Why a port is on the list. */
export type PortOrigin = 'list' | 'target' | 'database-url';

export interface PortProbe extends PortService {
  origin: PortOrigin;
  state: PortState;
  reason?: string;
}

export interface PortScan {
  host: string;
  address: string;
  /** The ports the target URL (and the plain-HTTP URL) name: open by design. */
  servedPorts: number[];
  list: 'built-in' | 'configured';
  probes: PortProbe[];
}

export type PortConnector = (
  address: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
) => Promise<Pick<PortProbe, 'state' | 'reason'>>;

/** Long enough for a far host's SYN-ACK, short enough that dropped ports cost little. */
const CONNECT_TIMEOUT_MS = 2000;
/** Connections in flight at once. */
const CONCURRENCY = 16;

const FILTERED_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EACCES', 'EPERM']);

export default defineGatherer({
  artifact: 'portScan',
  kind: 'live',
  async gather(context) {
    const target = await resolveTargetHost(context);
    const configured = context.config.probes.ports;
    const ports = await plannedPorts(context, target);
    const timeoutMs = Math.min(CONNECT_TIMEOUT_MS, context.config.limits.requestTimeout * 1000);
    const probes = await probePorts(target.address, ports, {
      timeoutMs,
      signal: context.signal,
      count: () => context.http.reserve('tcp'),
    });
    return {
      host: target.hostname,
      address: target.address,
      servedPorts: target.servedPorts,
      list: configured === undefined ? 'built-in' : 'configured',
      probes,
    };
  },
});

type PlannedPort = PortService & { origin: PortOrigin };

/** The list, then the target's own ports, then the database URL's port on the target host. */
async function plannedPorts(context: GatherContext, target: TargetHost): Promise<PlannedPort[]> {
  const configured = context.config.probes.ports;
  const listed = configured
    ? configured.map((entry) =>
        typeof entry === 'number' ? describePort(entry) : describePort(entry.port, entry.service),
      )
    : WELL_KNOWN_PORTS;
  const planned: PlannedPort[] = listed.map((entry) => ({ ...entry, origin: 'list' }));

  for (const port of target.servedPorts) planned.push({ ...describePort(port), origin: 'target' });
  const databasePort = await databasePortOnTarget(context, target);
  if (databasePort !== null) {
    planned.push({ ...describePort(databasePort, 'postgres'), origin: 'database-url' });
  }

  const seen = new Set<number>();
  return planned.filter((entry) => !seen.has(entry.port) && seen.add(entry.port));
}

async function databasePortOnTarget(
  context: GatherContext,
  target: TargetHost,
): Promise<number | null> {
  try {
    const database = await findDatabaseTarget(context);
    return (await isOnTargetHost(database.url, target)) ? database.url.port : null;
  } catch {
    return null;
  }
}

export interface ProbeOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** Called before each connection; throws when the scan's budget is spent. */
  count: () => void;
  connect?: PortConnector;
}

/** Connects to each port of `address` once, CONCURRENCY at a time, in the list's order. */
export async function probePorts(
  address: string,
  ports: readonly PlannedPort[],
  options: ProbeOptions,
): Promise<PortProbe[]> {
  const connect = options.connect ?? connectTcp;
  const results: PortProbe[] = new Array(ports.length);
  let next = 0;

  const worker = async () => {
    while (next < ports.length && !options.signal.aborted) {
      const index = next;
      next += 1;
      const entry = ports[index]!;
      options.count();
      const state = await connect(address, entry.port, options.timeoutMs, options.signal);
      results[index] = { ...entry, ...state };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ports.length) }, worker));
  if (options.signal.aborted) throw new Error('the scan time budget ran out during the port probe');
  return results;
}

/** A TCP connect and an immediate close: no byte is sent. The budget's end closes it too. */
export function connectTcp(
  address: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): ReturnType<PortConnector> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const onAbort = () => finish({ state: 'error', reason: 'the scan time budget ran out' });
    const finish = (result: Awaited<ReturnType<PortConnector>>) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.setTimeout(timeoutMs, () =>
      finish({ state: 'filtered', reason: `no answer within ${timeoutMs} ms` }),
    );
    socket.once('connect', () => finish({ state: 'open' }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (code === 'ECONNREFUSED') finish({ state: 'closed' });
      else if (FILTERED_CODES.has(code)) finish({ state: 'filtered', reason: code });
      else finish({ state: 'error', reason: code || error.message });
    });
    socket.connect({ host: address, port });
  });
}
