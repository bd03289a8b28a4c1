import type { Evidence, Finding } from '../../core/types.js';
import type { HostFirewall } from '../../gather/host/firewall.js';
import type { FamilyExposure, PortOpening, Publication } from '../../host/firewall/analyse.js';

export const FAMILY_LABEL = { ipv4: 'IPv4', ipv6: 'IPv6' } as const;

/** Evidence lines listed at most, so that a policy of accept-everything stays readable. */
export const MAX_LINES = 12;

export function describeRange(opening: Pick<PortOpening, 'protocol' | 'from' | 'to'>): string {
  const ports = opening.from === opening.to ? `${opening.from}` : `${opening.from}-${opening.to}`;
  return `${opening.protocol} ${ports}`;
}

export function describeRanges(openings: readonly PortOpening[]): string {
  const shown = openings.slice(0, MAX_LINES).map(describeRange);
  const more = openings.length > MAX_LINES ? ` and ${openings.length - MAX_LINES} more` : '';
  return `${shown.join(', ')}${more}`;
}

export function openingEvidence(
  family: FamilyExposure,
  openings: readonly PortOpening[],
): Evidence[] {
  return openings.slice(0, MAX_LINES).map((opening) => ({
    message: `${FAMILY_LABEL[family.family]} ${describeRange(opening)} open to ${opening.source}: ${opening.rule}`,
    ...(opening.location?.line ? { location: opening.location } : {}),
  }));
}

export function publicationEvidence(publication: Publication): Evidence {
  const state = publication.reachable ? 'reachable from anywhere' : 'dropped in DOCKER-USER';
  return {
    message: `${FAMILY_LABEL[publication.family]} ${publication.protocol} ${publication.port} published by Docker to ${publication.to}, ${state}: ${publication.rule}`,
    ...(publication.location?.line ? { location: publication.location } : {}),
  };
}

export const RUN_AS_ROOT = 'run as root, or give saved outputs with --firewall-output';

/** Families judged from rules files that could not all be read: what they let in is unknown. */
export function blindFamilies(firewall: HostFirewall): FamilyExposure[] {
  return firewall.families.filter((family) => family.unread.length > 0);
}

export function describeUnread(families: readonly FamilyExposure[]): string {
  const files = families.flatMap((family) =>
    family.unread.map(({ file, reason }) => `${file} (${reason})`),
  );
  return [...new Set(files)].join(', ');
}

/** The error of a check that needs the rules, when some of them could not be read. */
export function unreadFinding(firewall: HostFirewall, evidence: Evidence[]): Finding | undefined {
  const blind = blindFamilies(firewall);
  if (blind.length === 0) return undefined;
  const labels = blind.map((family) => FAMILY_LABEL[family.family]).join(' and ');
  return {
    status: 'error',
    message: `The firewall rules for ${labels} could not all be read: ${describeUnread(blind)}; ${RUN_AS_ROOT}.`,
    evidence,
  };
}

/** Where the view came from, and what could not be read or evaluated. */
export function sourceEvidence(firewall: HostFirewall): Evidence[] {
  const lines: Evidence[] = firewall.families.map((family) => ({
    message: `${FAMILY_LABEL[family.family]}: ${family.origin ? `judged from ${family.origin}` : 'not described by any input'}`,
  }));
  for (const ruleset of firewall.rulesets) {
    for (const note of ruleset.notes.slice(0, 3))
      lines.push({ message: `${ruleset.origin}: ${note}` });
  }
  for (const problem of firewall.problems.slice(0, 4))
    lines.push({ message: `Not read: ${problem}` });
  for (const family of firewall.families) {
    for (const text of family.assumptions.slice(0, 3)) {
      lines.push({
        message: `${FAMILY_LABEL[family.family]}: a condition shipshape does not evaluate was assumed to let traffic in: ${text}`,
      });
    }
  }
  return lines;
}

export function coversPort(
  opening: Pick<PortOpening, 'protocol' | 'from' | 'to'>,
  protocol: string,
  port: number,
): boolean {
  return opening.protocol === protocol && port >= opening.from && port <= opening.to;
}
