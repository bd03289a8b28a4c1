import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describeError } from '../core/errors.js';
import type { Report } from '../core/types.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { scan } from '../scan.js';
import { type DemoDeployment, startDemoDeployment } from './server.js';

export interface DemoOptions {
  /** Folder for report.json and checklist.md; default: a new folder under the system's tmp. */
  outDir?: string;
  color: boolean;
  /** Receives the checklist and the demo's own lines. */
  write: (text: string) => void;
  /** Receives the reason the demo could not run; default: `write`. */
  writeError?: (text: string) => void;
}

/** The bundled project, found the same way from src/demo (tsx) and dist/demo (the build). */
export const DEMO_PROJECT = fileURLToPath(new URL('../../demo/project', import.meta.url));

/**
 * Starts the demo deployment on loopback, scans it with the demo project, prints the checklist
 * and writes report.json and checklist.md. Returns 0 when the demo ran (its failures are
 * deliberate), 3 when it could not start or the scan could not run.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const writeError = options.writeError ?? options.write;

  let deployment: DemoDeployment;
  try {
    deployment = await startDemoDeployment();
  } catch (error) {
    writeError(`shipshape demo: the demo deployment could not start: ${describeError(error)}\n`);
    return 3;
  }

  try {
    options.write(introduction(deployment));
    const report = await scanDeployment(deployment);
    const outDir = await prepareOutDir(options.outDir);
    await writeFile(join(outDir, 'report.json'), renderJson(report));
    await writeFile(join(outDir, 'checklist.md'), renderMarkdown(report));

    options.write(renderTerminal(report, { color: options.color }));
    options.write(closing(outDir));
    return 0;
  } catch (error) {
    writeError(`shipshape demo: the demo scan could not run: ${describeError(error)}\n`);
    return 3;
  } finally {
    await deployment.close();
  }
}

/** Scans with a throwaway configuration and CA file, kept outside the demo project. */
async function scanDeployment(deployment: DemoDeployment): Promise<Report> {
  const workDir = await mkdtemp(join(tmpdir(), 'shipshape-demo-config-'));
  try {
    const config = join(workDir, 'shipshape.yaml');
    const ca = join(workDir, 'demo-ca.pem');
    await writeFile(config, demoConfig(deployment));
    await writeFile(ca, deployment.caPem);
    return await scan({ project: DEMO_PROJECT, config, ca });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function demoConfig(deployment: DemoDeployment): string {
  const config = {
    target: { url: deployment.url, httpUrl: deployment.httpUrl },
    probes: {
      health: '/api/v1/health',
      price: { method: 'GET', path: '/api/v1/orders/prices/pro' },
      // The demo's own ports only: the well-known list would probe the services of the
      // machine the demo runs on, and its report would differ from one machine to the next.
      ports: [deployment.url, deployment.httpUrl].map((url) => Number(new URL(url).port)),
    },
  };
  return `# Written by \`shipshape demo\` for one run.\n${stringify(config)}`;
}

async function prepareOutDir(outDir: string | undefined): Promise<string> {
  if (outDir === undefined) return mkdtemp(join(tmpdir(), 'shipshape-demo-'));
  const folder = resolve(outDir);
  await mkdir(folder, { recursive: true });
  return folder;
}

function introduction(deployment: DemoDeployment): string {
  return [
    'shipshape demo: scanning a small API with deliberate security slips.',
    `  project  ${DEMO_PROJECT}`,
    `  HTTPS    ${deployment.url} (certificate from a throwaway CA made for this run)`,
    `  HTTP     ${deployment.httpUrl}`,
    '',
  ].join('\n');
}

function closing(outDir: string): string {
  return [
    '',
    'The failures and warnings above are planted in the demo project and deployment.',
    'Items marked manual need a person to confirm them; each says how.',
    `Reports written to ${outDir}: report.json, checklist.md`,
    'Scan your own project with: shipshape scan --project DIR --url https://your-domain',
    '',
  ].join('\n');
}
