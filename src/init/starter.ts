import type { Found, ProjectFacts } from './detect.js';

/** Where editors find the schema once shipshape is installed in the project. */
const SCHEMA_PATH = './node_modules/shipshape/schema/shipshape.schema.json';

/**
 * A starter shipshape.yaml: what was found is set, what was guessed is suggested in a comment,
 * and the policy's defaults are shown commented out. JSON quoting keeps any path valid YAML.
 */
export function starterConfig(facts: ProjectFacts): string {
  const sections = [
    header(facts),
    targetSection(),
    envSection(facts),
    nginxSection(facts),
    probesSection(facts),
    policySection(),
    serverSection(facts),
    waiversSection(),
  ];
  return `${sections.join('\n\n')}\n`;
}

function header(facts: ProjectFacts): string {
  const frameworks = facts.frameworks.map((found) => `${found.value} (${found.file})`).join(', ');
  return [
    `# yaml-language-server: $schema=${SCHEMA_PATH}`,
    '# shipshape configuration, started by `shipshape init`. Every key is optional: a key left',
    '# out (or commented out) takes its default. Check what was filled in below, then run',
    '#   shipshape scan --url https://your-domain',
    `# Framework: ${frameworks === '' ? 'none recognised' : frameworks}.`,
  ].join('\n');
}

function targetSection(): string {
  return [
    '# The deployment to probe (--url overrides it), and where its HTTP to HTTPS redirect is.',
    '# target:',
    '#   url: https://api.example.com',
    '#   httpUrl: http://api.example.com',
  ].join('\n');
}

function envSection(facts: ProjectFacts): string {
  const files = facts.envFiles.length > 0 ? `files: ${list(facts.envFiles)}` : null;
  const examples = facts.envExamples.length > 0 ? `examples: ${list(facts.envExamples)}` : null;
  // A key with nothing under it is null, which the configuration refuses: comment it out whole.
  const open = files !== null || examples !== null;
  const key = (text: string | null, example: string) =>
    text === null ? `${open ? '  ' : '#   '}# ${example}  (none found)` : `  ${text}`;
  return [
    '# Env files that hold the deployed values (values are never shown in reports), and the',
    '# templates that list the keys every deployment must set.',
    open ? 'env:' : '# env:',
    key(files, 'files: [backend/.env]'),
    key(examples, 'examples: [backend/.env.example]'),
  ].join('\n');
}

function nginxSection(facts: ProjectFacts): string {
  const [first, ...others] = facts.nginxFiles;
  if (first === undefined) {
    return [
      '# No nginx configuration found; name the file to audit:',
      '# nginx:',
      '#   config: deploy/nginx/nginx.conf',
    ].join('\n');
  }
  const lines = [
    'nginx:',
    '  # The nginx configuration to audit, as it will run on the server.',
    `  config: ${quote(first)}`,
  ];
  if (others.length > 0) lines.push(`  # Also found: ${others.join(', ')}`);
  return lines.join('\n');
}

function probesSection(facts: ProjectFacts): string {
  const lines = ['probes:'];
  lines.push('  # The health endpoint; without it the usual paths are tried in turn.');
  lines.push(suggestion('health', facts.healthPath, '/api/v1/health'));
  lines.push('  # The prefix of the API routes: documentation paths are also probed under it.');
  lines.push(suggestion('apiPrefix', facts.apiPrefix, '/api/v1'));
  lines.push('  docsPaths: []');
  return lines.join('\n');
}

function policySection(): string {
  return [
    'policy:',
    "  # The checklist's numbers, as defaults; uncomment a line to change one.",
    '  rate: 10               # requests per second one client may make',
    '  burst: 20              # requests above the rate before refusal',
    '  secretLength: 32       # minimum length of a secret key',
    '  allowedPorts: [80, 443, 22]',
    '  minTlsVersion: "1.2"',
    '  # hstsMaxAge: 31536000 # one year',
    '  # certificateWarnDays: 30',
    '  # certificateFailDays: 7',
  ].join('\n');
}

/** Log and backup paths are read on the server: noted here for whoever sets that up. */
function serverSection(facts: ProjectFacts): string {
  const lines = ['# On the server:'];
  if (facts.logPaths.length === 0) lines.push('#   no log file path found in the project.');
  for (const found of facts.logPaths) lines.push(`#   log file ${found.value} (${where(found)})`);
  if (facts.backupPaths.length === 0) lines.push('#   no pg_dump backup found in the project.');
  for (const found of facts.backupPaths)
    lines.push(`#   backup written to ${found.value} (${where(found)})`);
  return lines.join('\n');
}

function waiversSection(): string {
  return [
    '# A waiver keeps a known result visible but out of the exit code until it expires:',
    '# waivers:',
    '#   - id: headers.csp              # an item id or a check id',
    '#     location: deploy/nginx/nginx.conf   # optional: only results in this file',
    '#     reason: CSP rollout tracked with the front-end team',
    '#     expires: 2030-12-31',
  ].join('\n');
}

function suggestion(key: string, found: Found | null, example: string): string {
  if (found === null) return `  # ${key}: ${example}`;
  return `  ${key}: ${quote(found.value)}  # found in ${where(found)}; check it`;
}

function where(found: Found): string {
  return found.line === undefined ? found.file : `${found.file}:${found.line}`;
}

function list(values: readonly string[]): string {
  return `[${values.map(quote).join(', ')}]`;
}

function quote(value: string): string {
  return JSON.stringify(value);
}
