import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { Finding, Status } from '../../core/types.js';
import type { HostFirewall } from '../../gather/host/firewall.js';
import type { FamilyExposure } from '../../host/firewall/analyse.js';
import { FAMILY_LABEL, sourceEvidence } from './firewall-facts.js';

interface FamilyVerdict {
  status: Status;
  text: string;
}

function judgeFamily(family: FamilyExposure): FamilyVerdict {
  const label = FAMILY_LABEL[family.family];
  switch (family.filtering) {
    case 'unseen':
      return {
        status: 'warn',
        text: `${label} was not described by any input, so its firewall is unknown`,
      };
    case 'inactive':
      return { status: 'fail', text: `${label}: ufw is inactive, so nothing is filtered` };
    case 'absent':
      return { status: 'fail', text: `${label} has no input filter: every port is open` };
  }
  if (family.defaultPolicy === 'accept') {
    return { status: 'fail', text: `${label} accepts incoming traffic by default` };
  }
  if (family.defaultPolicy === 'unknown') {
    return {
      status: 'warn',
      text: `${label}: the default incoming policy is not shown (use \`ufw status verbose\`)`,
    };
  }
  return { status: 'pass', text: `${label} drops incoming traffic by default` };
}

export function judgeDefaultPolicy(firewall: HostFirewall): Finding {
  const verdicts = firewall.families.map(judgeFamily);
  const status = rollUp(verdicts.map((verdict) => verdict.status));
  const evidence = [
    ...verdicts.map((verdict) => ({ message: verdict.text })),
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
