import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Values made for these tests only; the database URL names the stand-in for another host. */
export function envFileText(otherHostPort: number): string {
  return [
    'ENVIRONMENT=production',
    'NODE_ENV=production',
    'SECRET_KEY=Vq3rX9tLm2Zp8Kd4Hs7Wn1Bc6Fy0Jg5Qe3Ra8Tu2Yi4Ow7Pa1',
    'DB_PASSWORD=Hx8Lm2Qw5Zr9Tn3Kb7Vc1Jd4',
    `DATABASE_URL=postgresql://shop_app:Hx8Lm2Qw5Zr9Tn3Kb7Vc1Jd4@127.0.0.2:${otherHostPort}/shop`,
    '',
  ].join('\n');
}

export interface ProjectOptions {
  /** The target URL; its plain-HTTP twin is the same origin, so no other port is asked. */
  url: string;
  httpUrl?: string;
  otherHostPort: number;
  timeBudget: number;
  requestTimeout: number;
  maxRequests?: number;
  /** Ports for the port probe, each also asked as Postgres unless `plainPorts`. */
  ports: number[];
  plainPorts?: boolean;
  /** More YAML, appended as it is. */
  extra?: string;
}

export interface TempProject {
  dir: string;
  remove(): void;
}

/** A project folder with a deployment env file and a shipshape.yaml with short budgets. */
export function makeProject(options: ProjectOptions): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-hostile-'));
  const httpUrl = options.httpUrl ?? options.url.replace(/^https:/, 'http:');
  const ports = options.ports
    .map((port) => (options.plainPorts ? `${port}` : `{port: ${port}, service: postgres}`))
    .join(', ');
  const yaml = [
    'target:',
    `  url: ${options.url}`,
    `  httpUrl: ${httpUrl}`,
    'limits:',
    `  timeBudget: ${options.timeBudget}`,
    `  requestTimeout: ${options.requestTimeout}`,
    `  maxRequests: ${options.maxRequests ?? 300}`,
    'probes:',
    `  ports: [${ports}]`,
    options.extra ?? '',
  ];
  writeFileSync(join(dir, 'shipshape.yaml'), `${yaml.join('\n')}\n`);
  writeFileSync(join(dir, '.env.production'), envFileText(options.otherHostPort));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
