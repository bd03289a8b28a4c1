import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { PortScan } from '../../gather/ports.js';
import { countByState, describePortProbe, hostOf, isUnreached, vantageNote } from './port-facts.js';

export function judgeExposedPorts(scan: PortScan, allowedPorts: readonly number[]): Finding {
  const host = hostOf(scan);
  if (isUnreached(scan)) {
    return {
      status: 'error',
      message: `No port of ${host} answered at all (${countByState(scan.probes)}): the host was not reached, so nothing can be said of its firewall.`,
      evidence: scan.probes.slice(0, 5).map((probe) => ({ message: describePortProbe(probe) })),
    };
  }

  // The ports the target URL names are open by design, whatever the policy lists.
  const allowed = new Set([...allowedPorts, ...scan.servedPorts]);
  const open = scan.probes.filter((probe) => probe.state === 'open');
  const unexpected = open.filter((probe) => !allowed.has(probe.port));
  const evidence = [
    ...open.map((probe) => ({ message: describePortProbe(probe) })),
    { message: `${scan.probes.length} ports probed on ${host}: ${countByState(scan.probes)}` },
    ...vantageNote(scan),
  ];
  const allowedText = [...allowed].sort((a, b) => a - b).join(', ');

  if (unexpected.length > 0) {
    const names = unexpected.map((probe) => `${probe.port} (${probe.service})`).join(', ');
    return {
      status: 'fail',
      message: `${host} accepts connections on ${names}; expected only ${allowedText}.`,
      evidence,
    };
  }
  const openText = open.map((probe) => probe.port).join(', ');
  const seen =
    open.length === 0
      ? `none accepts connections (allowed: ${allowedText})`
      : `the open ones (${openText}) are all allowed (${allowedText})`;
  return {
    status: 'pass',
    message: `Of ${scan.probes.length} ports probed on ${host}, ${seen}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'exposed-ports',
  title: 'Only the allowed ports accept connections',
  severity: 'high',
  needs: ['portScan'],
  remediation:
    'Close every port but the allowed ones at the firewall: `sudo ufw default deny incoming`, ' +
    '`sudo ufw allow 22/tcp`, `sudo ufw allow 80/tcp`, `sudo ufw allow 443/tcp`, `sudo ufw ' +
    'enable`; and bind internal services to 127.0.0.1. Docker publishes ports past ufw: publish ' +
    'internal services as `127.0.0.1:PORT:PORT`, or not at all. Allow SSH before enabling ufw.',
  run: ({ portScan }, { policy }) => judgeExposedPorts(portScan, policy.allowedPorts),
});
