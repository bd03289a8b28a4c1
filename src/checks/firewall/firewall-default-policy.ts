import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { Evidence, Finding, Status } from '../../core/types.js';
import type { HostFirewall } from '../../gather/host/firewall.js';
import type { FamilyExposure } from '../../host/firewall/analyse.js';
import { describeUnread, FAMILY_LABEL, RUN_AS_ROOT, sourceEvidence } from './firewall-facts.js';

interface FamilyVerdict {
  status: Status;
  text: string;
}

/**
 * With ufw's switch unknown, a default that accepts fails either way (ufw off filters
 * nothing); any other verdict rests on ufw being on, so it is a warning that says so.
 */
function judgeFamily(family: FamilyExposure): FamilyVerdict {
  const verdict = judgeRules(family);
  if (family.switchUnknown === undefined || verdict.status === 'fail' || verdict.status === 'error')
    return verdict;
  return {
    status: 'warn',
    text: `${verdict.text} if ufw is enabled, but ${family.switchUnknown}`,
  };
}

function judgeRules(family: FamilyExposure): FamilyVerdict {
  const label = FAMILY_LABEL[family.family];
  switch (family.filtering) {
    case 'unseen':
      return {
        status: 'warn',
        text: `${label} was not described by any input, so its firewall is unknown`,
      };
    case 'inactive':
      return { status: 'fail', text: `${label}: ufw is inactive, so nothing is filtered` };
  }
  if (family.unread.length > 0) {
    return {
      status: 'error',
      text: `${label}: ${describeUnread([family])} could not be read, so what its rules do by default is unknown`,
    };
  }
  if (family.filtering === 'absent')
    return { status: 'fail', text: `${label} has no input filter: every port is open` };
  const rules = family.defaultRules.map((rule) => `\`${rule.text}\``).join(' and ');
  const policy = `the chain's policy is ${family.chainPolicy}`;
  if (family.defaultPolicy === 'accept') {
    if (rules === '' || family.chainPolicy === 'accept')
      return { status: 'fail', text: `${label} accepts incoming traffic by default` };
    return {
      status: 'fail',
      text: `${label} accepts incoming traffic by default: ${policy}, but ${rules} accepts what no earlier rule refuses`,
    };
  }
  if (family.defaultPolicy === 'unknown') {
    return {
      status: 'warn',
      text: `${label}: the default incoming policy is not shown (use \`ufw status verbose\`)`,
    };
  }
  if (rules === '' || family.chainPolicy === 'drop')
    return { status: 'pass', text: `${label} drops incoming traffic by default` };
  return {
    status: 'pass',
    text: `${label} denies incoming traffic by default: ${policy}, but ${rules} refuses what no earlier rule accepts`,
  };
}

/** The rules that decide each family's default, with their file and line. */
function decidingEvidence(firewall: HostFirewall): Evidence[] {
  return firewall.families.flatMap((family) =>
    family.defaultRules.map((rule) => ({
      message: `${FAMILY_LABEL[family.family]}: the default is decided by ${rule.text}`,
      ...(rule.location?.line ? { location: rule.location } : {}),
    })),
  );
}

export function judgeDefaultPolicy(firewall: HostFirewall): Finding {
  const verdicts = firewall.families.map(judgeFamily);
  const status = rollUp(verdicts.map((verdict) => verdict.status));
  const evidence = [
    ...verdicts.map((verdict) => ({ message: verdict.text })),
    ...decidingEvidence(firewall),
    ...sourceEvidence(firewall),
  ];
  const summary = verdicts.map((verdict) => verdict.text).join('; ');
  if (status === 'pass') {
    return {
      status,
      message: `The host firewall is on and denies by default: ${summary}.`,
      evidence,
    };
  }
  const problems = verdicts
    .filter((verdict) => verdict.status !== 'pass')
    .map((verdict) => verdict.text);
  if (status === 'error') {
    return {
      status,
      message: `The host firewall's rules could not all be read: ${problems.join('; ')}; ${RUN_AS_ROOT}.`,
      evidence,
    };
  }
  return {
    status,
    message: `The host firewall does not deny by default for every family: ${problems.join('; ')}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'firewall-default-policy',
  title: 'Host firewall is on and denies incoming traffic by default, for IPv4 and IPv6',
  severity: 'high',
  needs: ['hostFirewall'],
  remediation:
    'Allow SSH first (`sudo ufw allow 22/tcp`), then `sudo ufw default deny incoming` and ' +
    '`sudo ufw enable`; keep `IPV6=yes` in /etc/default/ufw so IPv6 is filtered too. With ' +
    'nftables, give the input chain `policy drop;` in both an `ip` and an `ip6` table, or one ' +
    '`inet` table.',
  run: ({ hostFirewall }) => judgeDefaultPolicy(hostFirewall),
});
