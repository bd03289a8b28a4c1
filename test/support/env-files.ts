import { configSchema } from '../../src/core/config-schema.js';
import { NotGivenError } from '../../src/core/errors.js';
import { SecretSet } from '../../src/core/redact.js';
import type { Artifacts, CheckContext, Finding, GatherContext } from '../../src/core/types.js';
import envGatherer, { type EnvFile, type EnvFileSet, envFileKindAt } from '../../src/gather/env.js';
import { parseEnvText } from '../../src/gather/env-parse.js';
import filesGatherer from '../../src/gather/files.js';
import { isSecretKeyName } from '../../src/gather/secret-values.js';

/**
 * An env file set from texts by path, classified by name the way the gatherer does:
 * `envSet({ '.env': 'SECRET_KEY=abc', '.env.example': 'SECRET_KEY=' })`.
 */
export function envSet(texts: Record<string, string>): EnvFileSet {
  const configured = { files: false, examples: false };
  const set: EnvFileSet = { deployment: [], templates: [], otherEnvironments: [], configured };
  for (const [path, text] of Object.entries(texts)) {
    const kind = envFileKindAt(path);
    if (kind === 'other' || kind === null) {
      set.otherEnvironments.push(path);
      continue;
    }
    const file: EnvFile = { path, role: kind, entries: parseEnvText(text, isSecretKeyName) };
    (kind === 'deployment' ? set.deployment : set.templates).push(file);
  }
  return set;
}

export function envCheckContext(policy: Record<string, unknown> = {}): CheckContext {
  return { policy: configSchema.parse({ policy }).policy, target: {} };
}

interface EnvCheck {
  run(artifacts: { envFiles: EnvFileSet }, context: CheckContext): Finding;
}

export function runOn(check: EnvCheck, texts: Record<string, string>, policy = {}): Finding {
  return check.run({ envFiles: envSet(texts) }, envCheckContext(policy));
}

/** A gather context for the static gatherers over a project folder, with its secrets. */
export function staticContext(
  project: string,
  env: { files?: string[]; examples?: string[] } = {},
) {
  const config = configSchema.parse({ project, env });
  const secrets = new SecretSet();
  const gathered = new Map<string, Promise<unknown>>();
  const gatherers = { files: filesGatherer, envFiles: envGatherer } as const;

  const context: GatherContext = {
    config,
    signal: new AbortController().signal,
    http: undefined as never,
    secrets,
    debug: () => undefined,
    get: <K extends keyof Artifacts>(name: K): Promise<Artifacts[K]> => {
      const gatherer = gatherers[name as keyof typeof gatherers];
      if (!gatherer) return Promise.reject(new NotGivenError(`no gatherer for ${String(name)}`));
      if (!gathered.has(name)) gathered.set(name, gatherer.gather(context));
      return gathered.get(name) as Promise<Artifacts[K]>;
    },
  };
  return { context, secrets };
}

export async function gatherEnv(
  project: string,
  env: { files?: string[]; examples?: string[] } = {},
) {
  const { context, secrets } = staticContext(project, env);
  return { envFiles: await context.get('envFiles'), secrets };
}
