import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineGatherer } from '../core/registry.js';
import type { ProjectFile } from './files.js';

declare module '../core/types.js' {
  interface Artifacts {
    renewalSetup: RenewalSetup;
  }
}

/** One line of the project that schedules or delegates certificate renewal. */
export interface RenewalEvidence {
  /** What renews: certbot, acme.sh, Traefik, Caddy, cert-manager ... */
  tool: string;
  /** How the line shows it, in shipshape's words (the line itself is not copied). */
  sign: string;
  file: string;
  line: number;
}

export interface RenewalSetup {
  evidence: RenewalEvidence[];
  filesRead: number;
  /** More candidate files than MAX_FILES: the rest were not read. */
  truncated: boolean;
}

interface RenewalSign {
  tool: string;
  sign: string;
  pattern: RegExp;
}

const SIGNS: readonly RenewalSign[] = [
  {
    tool: 'certbot',
    sign: 'runs `certbot renew`',
    pattern: /\bcertbot(?:-auto)?\b[^\n#]*\brenew\b/,
  },
  { tool: 'certbot', sign: 'enables certbot.timer', pattern: /\bcertbot(?:-renew)?\.timer\b/ },
  {
    tool: 'acme.sh',
    sign: 'runs acme.sh renewal',
    pattern: /\bacme\.sh\b[^\n#]*--(?:cron|renew|install-cronjob)\b/,
  },
  { tool: 'lego', sign: 'runs `lego renew`', pattern: /\blego\b[^\n#]*\brenew\b/ },
  {
    tool: 'Traefik',
    sign: 'configures a Traefik ACME resolver',
    pattern: /certificates?resolvers?[.\w-]*\.acme\b|certificatesResolvers:/i,
  },
  {
    tool: 'cert-manager',
    sign: 'declares a cert-manager issuer or certificate',
    pattern: /\bcert-manager\.io\/(?:v1|cluster-issuer|issuer)\b/,
  },
  {
    tool: 'acme-companion',
    sign: 'runs the nginx-proxy ACME companion',
    pattern: /\b(?:nginxproxy\/acme-companion|letsencrypt-nginx-proxy-companion)\b/,
  },
];

/** Caddy renews what it serves, unless automatic HTTPS is turned off. */
const CADDY_OFF = /\bauto_https\s+off\b|\btls\s+internal\b/;

const CANDIDATE_EXTENSION = /\.(?:ya?ml|sh|bash|conf|cfg|ini|toml|service|timer|cron|tf|json)$/i;
const CANDIDATE_NAME =
  /(?:^|\/)(?:Dockerfile[^/]*|Caddyfile|crontab|[^/]*cron[^/]*|Procfile|Makefile|justfile)$/i;
const SKIPPED_NAME =
  /(?:^|\/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|tsconfig[^/]*\.json)$/;
/** Renewal set-up lives in a handful of small files; this bounds a monorepo's cost. */
const MAX_FILES = 2000;
const MAX_BYTES = 256 * 1024;

export default defineGatherer({
  artifact: 'renewalSetup',
  kind: 'static',
  async gather(context) {
    const index = await context.get('files');
    const candidates = index.files.filter(isCandidate);
    const read = candidates.slice(0, MAX_FILES);
    const evidence: RenewalEvidence[] = [];
    for (const file of read) {
      const text = await readFile(join(index.root, file.path), 'utf8').catch(() => '');
      evidence.push(...findRenewalSigns(file.path, text));
    }
    return { evidence, filesRead: read.length, truncated: candidates.length > MAX_FILES };
  },
});

function isCandidate(file: ProjectFile): boolean {
  const named = CANDIDATE_EXTENSION.test(file.path) || CANDIDATE_NAME.test(file.path);
  return file.size <= MAX_BYTES && named && !SKIPPED_NAME.test(file.path);
}

export function findRenewalSigns(file: string, text: string): RenewalEvidence[] {
  const found: RenewalEvidence[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (/^\s*(?:#|\/\/)/.test(line)) return;
    const sign = SIGNS.find((candidate) => candidate.pattern.test(line));
    if (sign) found.push({ tool: sign.tool, sign: sign.sign, file, line: i + 1 });
  });
  if (/(?:^|\/)Caddyfile$/.test(file) && !CADDY_OFF.test(text) && text.trim() !== '') {
    found.push({
      tool: 'Caddy',
      sign: 'serves through Caddy, which renews on its own',
      file,
      line: 1,
    });
  }
  return found;
}
