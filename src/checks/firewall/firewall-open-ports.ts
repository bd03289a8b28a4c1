import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { HostFirewall } from '../../gather/host/firewall.js';
import type { FamilyExposure, PortOpening } from '../../host/firewall/analyse.js';
import {
  describeRanges,
  FAMILY_LABEL,
  openingEvidence,
  publicationEvidence,
  sourceEvidence,
  unreadFinding,
} from './firewall-facts.js';

/**
 * DHCP client ports: a host that takes its address by DHCP must let the server's answer in.
 * They are allowed over UDP whatever the policy says, and listed in the evidence.
 */
const DHCP_CLIENT = { ipv4: 68, ipv6: 546 } as const;

/** The parts of an opening outside the allowed ports: a range minus the allowed numbers. */
export function unexpectedParts(opening: PortOpening, allowed: ReadonlySet<number>): PortOpening[] {
  const parts: PortOpening[] = [];
  let start = opening.from;
  for (let port = opening.from; port <= opening.to + 1; port += 1) {
    const inside = port <= opening.to && !allowed.has(port);
    if (inside) continue;
    if (port > start) parts.push({ ...opening, from: start, to: port - 1 });
    start = port + 1;
  }
  return parts;
}

function unexpectedOf(family: FamilyExposure, allowedPorts: readonly number[]): PortOpening[] {
  return family.open.flatMap((opening) => {
    const allowed = new Set(allowedPorts);
    if (opening.protocol === 'udp') allowed.add(DHCP_CLIENT[family.family]);
    return unexpectedParts(opening, allowed);
  });
}

export function judgeOpenPorts(firewall: HostFirewall, allowedPorts: readonly number[]): Finding {
  const allowedText = [...allowedPorts].sort((a, b) => a - b).join(', ');
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  let unsure = false;

  for (const family of firewall.families) {
    const label = FAMILY_LABEL[family.family];
    // Rules not read may refuse what the rules read accept: only a family fully read can fail.
    const unexpected = family.unread.length > 0 ? [] : unexpectedOf(family, allowedPorts);
    if (unexpected.length > 0)
      problems.push(`${label} lets in ${describeRanges(unexpected)} from anywhere`);
    // Rules judged without knowing that ufw applies them may open more than they show.
    if (family.filtering === 'unseen' || family.undecided.length > 0 || family.switchUnknown)
      unsure = true;
    evidence.push(
      ...openingEvidence(family, family.open),
      ...openingEvidence(family, family.restricted),
    );
    if (family.undecided.length > 0)
      evidence.push({
        message: `${label}: ${describeRanges(family.undecided)} decided by a default policy the input does not show`,
      });
  }
  const published = firewall.published.filter(
    (entry) => entry.reachable && !allowedPorts.includes(entry.port),
  );
  if (published.length > 0)
    problems.push(
      `Docker publishes ${published.map((entry) => `${entry.protocol} ${entry.port}`).join(', ')} past the firewall`,
    );
  evidence.push(
    ...firewall.published.slice(0, 8).map(publicationEvidence),
    ...sourceEvidence(firewall),
  );

  if (problems.length > 0) {
    return {
      status: 'fail',
      message: `Ports beyond the allowed ones (${allowedText}) are open: ${problems.join('; ')}.`,
      evidence,
    };
  }
  const unread = unreadFinding(firewall, evidence);
  if (unread) return unread;
  if (unsure) {
    return {
      status: 'warn',
      message: `No port beyond ${allowedText} is open in what was read, but part of the firewall was not seen (a family, its default policy, or whether ufw is enabled).`,
      evidence,
    };
  }
  const summary = firewall.families
    .map(
      (family) =>
        `${FAMILY_LABEL[family.family]}: ${family.open.length > 0 ? describeRanges(family.open) : 'none'}`,
    )
    .join('; ');
  return {
    status: 'pass',
    message: `Only allowed ports (${allowedText}) are open to anywhere. ${summary}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'firewall-open-ports',
  title: 'Host firewall lets in only the allowed ports',
  severity: 'high',
  needs: ['hostFirewall'],
  remediation:
    'Remove the rules that open other ports (`sudo ufw status numbered`, then `sudo ufw delete ' +
    'N`), and allow only `sudo ufw allow 22/tcp`, `80/tcp` and `443/tcp`. Restrict admin ports ' +
    'to known addresses: `sudo ufw allow from 203.0.113.4 to any port 9090 proto tcp`. Docker ' +
    'publishes ports past ufw: publish them as `127.0.0.1:PORT:PORT`, or filter in DOCKER-USER.',
  run: ({ hostFirewall }, { policy }) => judgeOpenPorts(hostFirewall, policy.allowedPorts),
});
