import { isIP } from 'node:net';
import type { Evidence } from '../../core/types.js';
import type { PortProbe, PortScan } from '../../gather/ports.js';

export function describePortProbe(probe: PortProbe): string {
  const reason = probe.reason ? ` (${probe.reason})` : '';
  return `${probe.port} ${probe.service} [${probe.kind}]: ${probe.state}${reason}`;
}

export function hostOf(scan: PortScan): string {
  return scan.address === scan.host ? scan.host : `${scan.host} (${scan.address})`;
}

/** Nothing answered at all: the host was not reached, so closed ports prove nothing. */
export function isUnreached(scan: PortScan): boolean {
  return !scan.probes.some((probe) => probe.state === 'open' || probe.state === 'closed');
}

/** Loopback and private addresses are seen from inside the network, not from the internet. */
export function vantageNote(scan: PortScan): Evidence[] {
  if (!isInternalAddress(scan.address)) return [];
  return [
    {
      message: `${scan.address} is a loopback or private address: these results show what the scanning machine reaches; scan the public address from outside to see what the internet reaches`,
    },
  ];
}

function isInternalAddress(address: string): boolean {
  if (isIP(address) === 6)
    return address === '::1' || /^f[cd]/i.test(address) || /^fe80:/i.test(address);
  return /^(?:127\.|10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|169\.254\.)/.test(address);
}

export function countByState(probes: readonly PortProbe[]): string {
  const counts = new Map<string, number>();
  for (const probe of probes) counts.set(probe.state, (counts.get(probe.state) ?? 0) + 1);
  return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}
