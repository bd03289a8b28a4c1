import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { HostFirewall } from '../../gather/host/firewall.js';
import { DATA_STORE_KINDS, WELL_KNOWN_PORTS } from '../../gather/port-catalogue.js';
import type { FamilyExposure, PortOpening } from '../../host/firewall/analyse.js';
import {
  coversPort,
  FAMILY_LABEL,
  publicationEvidence,
  sourceEvidence,
  unreadFinding,
} from './firewall-facts.js';

/** Databases, caches and search engines, by their usual TCP ports. */
export const DATA_STORE_PORTS = WELL_KNOWN_PORTS.filter((known) =>
  DATA_STORE_KINDS.has(known.kind),
);

interface Hit {
  family: FamilyExposure;
  service: string;
  port: number;
  opening: PortOpening;
}

function hitsIn(family: FamilyExposure, openings: readonly PortOpening[]): Hit[] {
  return DATA_STORE_PORTS.flatMap(({ port, service }) => {
    const opening = openings.find((candidate) => coversPort(candidate, 'tcp', port));
    return opening ? [{ family, service, port, opening }] : [];
  });
}

function describeHit(hit: Hit): Evidence {
  const { family, service, port, opening } = hit;
  return {
    message: `${FAMILY_LABEL[family.family]} tcp ${port} (${service}) open to ${opening.source}: ${opening.rule}`,
    ...(opening.location?.line ? { location: opening.location } : {}),
  };
}

export function judgeDatabasePortRules(firewall: HostFirewall): Finding {
  // Rules not read may refuse what the rules read accept: only a family fully read can fail.
  const open = firewall.families.flatMap((family) =>
    family.unread.length > 0 ? [] : hitsIn(family, family.open),
  );
  const restricted = firewall.families.flatMap((family) => hitsIn(family, family.restricted));
  const undecided = firewall.families.flatMap((family) => hitsIn(family, family.undecided));
  const storePorts = new Set(DATA_STORE_PORTS.map((known) => known.port));
  const published = firewall.published.filter(
    (entry) => entry.reachable && entry.protocol === 'tcp' && storePorts.has(entry.port),
  );
  const evidence = [
    ...[...open, ...restricted, ...undecided].slice(0, 12).map(describeHit),
    ...published.map(publicationEvidence),
    ...sourceEvidence(firewall),
  ];

  if (open.length > 0 || published.length > 0) {
    const names = [
      ...open.map((hit) => `${hit.service} ${hit.port} over ${FAMILY_LABEL[hit.family.family]}`),
      ...published.map((entry) => `${entry.port} published by Docker`),
    ];
    return {
      status: 'fail',
      message: `The firewall lets anyone reach data store ports: ${[...new Set(names)].join(', ')}.`,
      evidence,
    };
  }
  const unread = unreadFinding(firewall, evidence);
  if (unread) return unread;
  // A family judged without knowing that ufw applies its rules was not wholly seen either.
  const unseen = firewall.families.filter(
    (family) => family.filtering === 'unseen' || family.switchUnknown !== undefined,
  );
  if (undecided.length > 0 || unseen.length > 0) {
    return {
      status: 'warn',
      message:
        'No data store port is open to anywhere in what was read, but part of the firewall was not seen (a family, its default policy, or whether ufw is enabled).',
      evidence,
    };
  }
  const limited =
    restricted.length > 0 ? ` ${restricted.length} are open to listed sources only.` : '';
  return {
    status: 'pass',
    message: `The firewall keeps the ${DATA_STORE_PORTS.length} usual database, cache and search ports closed to anywhere, over IPv4 and IPv6.${limited}`,
    evidence,
  };
}

export default defineCheck({
  id: 'firewall-database-port',
  title: 'Host firewall keeps database ports closed to the internet',
  severity: 'critical',
  needs: ['hostFirewall'],
  remediation:
    'Delete the rule that opens the port (`sudo ufw status numbered`, `sudo ufw delete N`); if ' +
    'an application server elsewhere needs it, allow only that address: `sudo ufw allow from ' +
    '10.0.0.5 to any port 5432 proto tcp`. For Docker, publish the database as ' +
    '`127.0.0.1:5432:5432` or not at all.',
  run: ({ hostFirewall }) => judgeDatabasePortRules(hostFirewall),
});
