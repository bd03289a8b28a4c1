import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { configSchema } from '../../src/core/config-schema.js';
import { NotGivenError } from '../../src/core/errors.js';
import { SecretSet } from '../../src/core/redact.js';
import type { AnyGatherer, Artifacts, CheckContext, GatherContext } from '../../src/core/types.js';
import databaseSettings from '../../src/gather/database-settings.js';
import envFiles from '../../src/gather/env.js';
import files from '../../src/gather/files.js';
import loggingSetup from '../../src/gather/logging-setup.js';
import migrationSetup from '../../src/gather/migration-setup.js';
import sourceFacts from '../../src/gather/source.js';

const GATHERERS: Record<string, AnyGatherer> = {
  files,
  envFiles,
  sourceFacts,
  databaseSettings,
  loggingSetup,
  migrationSetup,
};

const folders: string[] = [];

/** Writes a small project tree into a new temporary folder: `{ 'app/main.py': '...' }`. */
export function writeTree(tree: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'shipshape-static-'));
  folders.push(root);
  for (const [path, content] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Removes every tree written so far: call it from `after`. */
export function removeTrees(): void {
  for (const root of folders.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** A gather context over a project folder with the static gatherers of the source audit. */
export function sourceContext(project: string | undefined) {
  const config = configSchema.parse(project === undefined ? {} : { project });
  const secrets = new SecretSet();
  const gathered = new Map<string, Promise<unknown>>();
  const context: GatherContext = {
    config,
    signal: new AbortController().signal,
    http: undefined as never,
    secrets,
    debug: () => undefined,
    get: <K extends keyof Artifacts>(name: K): Promise<Artifacts[K]> => {
      const gatherer = GATHERERS[name as string];
      if (!gatherer) return Promise.reject(new NotGivenError(`no gatherer for ${String(name)}`));
      if (!gathered.has(name)) gathered.set(name, gatherer.gather(context));
      return gathered.get(name) as Promise<Artifacts[K]>;
    },
  };
  return { context, secrets };
}

/** Gathers one artifact of a tree written for the test. */
export async function gatherTree<K extends keyof Artifacts>(
  name: K,
  tree: Record<string, string | Buffer>,
): Promise<Artifacts[K]> {
  return sourceContext(writeTree(tree)).context.get(name);
}

export const checkContext: CheckContext = { policy: configSchema.parse({}).policy, target: {} };

/** Files no check may crash on: one over the size limit, one with invalid UTF-8 and bad syntax. */
export const HOSTILE_FILES: Record<string, string | Buffer> = {
  'app/huge.py': 'x = 1\n'.repeat(200_000),
  'app/broken.py': Buffer.concat([
    Buffer.from([0xff, 0xfe, 0x0a]),
    Buffer.from('def f(db):\n    db.execute(text("SELECT 1"))\nclass A\n  x = = 2\n'),
  ]),
  'web/broken.ts': "export function (( { pool.query('SELECT 1')\n",
};
