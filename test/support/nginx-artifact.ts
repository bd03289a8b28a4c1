import assert from 'node:assert/strict';
import { configSchema, type Policy } from '../../src/core/config-schema.js';
import type { CheckDefinition, Finding } from '../../src/core/types.js';
import type { ProjectSource } from '../../src/gather/nginx/load.js';
import { type BuildOptions, buildNginxConfig } from '../../src/gather/nginx/nginx-config.js';
import type { NginxConfig, NginxTest } from '../../src/gather/nginx/types.js';

export const DEFAULT_POLICY: Policy = configSchema.parse({}).policy;

export const NOT_RUN: NginxTest = { ran: false, reason: 'not run in this test' };

/** A project of nginx files held in memory: path to text. */
export function memorySource(files: Record<string, string>): ProjectSource {
  const texts = new Map(Object.entries(files));
  return { paths: [...texts.keys()].sort(), read: (path) => texts.get(path) };
}

/** The nginxConfig artifact for in-memory files, as the gatherer builds it (without nginx -t). */
export function nginxArtifact(
  files: Record<string, string>,
  options: BuildOptions & { test?: NginxTest } = {},
): NginxConfig {
  const built = buildNginxConfig(memorySource(files), options);
  assert.ok(built, 'no nginx root was found');
  return { ...built.config, test: options.test ?? NOT_RUN };
}

/** Runs a check that needs only nginxConfig. */
export function runNginxCheck(
  check: CheckDefinition<'nginxConfig'>,
  config: NginxConfig,
  policy: Partial<Policy> = {},
): Finding {
  return check.run(
    { nginxConfig: config },
    { policy: { ...DEFAULT_POLICY, ...policy }, target: {} },
  );
}

/** A server block file for an http context, with `body` inside the server. */
export function site(body: string, http = ''): Record<string, string> {
  return {
    'nginx/app.conf': `${http}\nserver {\n  listen 443 ssl;\n  server_name api.example.com;\n${body}\n}\n`,
  };
}
