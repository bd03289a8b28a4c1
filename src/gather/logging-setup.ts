import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineGatherer } from '../core/registry.js';
import { optionalEnvFiles } from './database-settings.js';
import type { EnvFileSet } from './env.js';
import type { AlertHook, LogFileHandler, NamedLogger, Place } from './source.js';

/** A logrotate rule of the project: the paths it rotates. */
export interface LogrotateRule extends Place {
  patterns: string[];
}

/** An alert channel's env key, and whether the deployment sets it. */
export interface AlertEnvKey extends Place {
  key: string;
  set: boolean;
}

export interface LoggingSetup {
  loggers: NamedLogger[];
  logFiles: LogFileHandler[];
  logrotate: LogrotateRule[];
  alertHooks: AlertHook[];
  alertEnv: AlertEnvKey[];
  sourceFilesScanned: number;
  /** Logging configuration and logrotate files read besides the source. */
  configFilesRead: number;
  envRead: boolean;
}

declare module '../core/types.js' {
  interface Artifacts {
    loggingSetup: LoggingSetup;
  }
}

const LOGROTATE_FILE = /(?:^|\/)(?:logrotate\.d\/[^/]+|[^/]*logrotate[^/]*)$/i;
const LOGGING_CONFIG_FILE =
  /(?:^|\/)(?:logging|log_config|log-config|logger|log4js)[^/]*\.(?:ini|conf|cfg|ya?ml|json)$/i;
const HANDLER_CLASS = /\b((?:Rotating|TimedRotating|Watched|ConcurrentRotating)?FileHandler)\b/;
const PATH_SETTING = /(?:filename|args)\s*[:=]\s*\(?\s*['"]?([^'",)\s]+)/;
const CONFIG_LOGGER =
  /^\s*\[logger_(\w+)\]|^\s{2,4}['"]?([\w.]*(?:secur|audit)[\w.]*)['"]?\s*:\s*(?:\{|$)/i;
const ALERT_ENV_KEY =
  /^(?:SENTRY_DSN|ROLLBAR_\w*TOKEN|BUGSNAG_API_KEY|HONEYBADGER_API_KEY|NEW_RELIC_LICENSE_KEY|(?:\w+_)*(?:SLACK|DISCORD|TEAMS|PAGERDUTY|OPSGENIE|ALERT|ALERTS)_(?:\w+_)*(?:WEBHOOK|URL|KEY|TOKEN|DSN)(?:_\w+)?)$/i;
const MAX_CONFIG_BYTES = 256 * 1024;

export default defineGatherer({
  artifact: 'loggingSetup',
  kind: 'static',
  async gather(context) {
    const source = await context.get('sourceFacts');
    const index = await context.get('files');
    const logrotate: LogrotateRule[] = [];
    const configs = { loggers: [] as NamedLogger[], logFiles: [] as LogFileHandler[] };
    let configFilesRead = 0;
    for (const file of index.files) {
      const isRotate = LOGROTATE_FILE.test(file.path);
      const isConfig = LOGGING_CONFIG_FILE.test(file.path);
      if ((!isRotate && !isConfig) || file.size > MAX_CONFIG_BYTES) continue;
      const text = await readFile(join(index.root, file.path), 'utf8').catch(() => '');
      configFilesRead += 1;
      if (isRotate) logrotate.push(...parseLogrotate(file.path, text));
      if (isConfig) readLoggingConfig(file.path, text, configs);
    }

    const envFiles = await optionalEnvFiles(context);
    return {
      loggers: [...source.loggers, ...configs.loggers],
      logFiles: [...source.logFiles, ...configs.logFiles],
      logrotate,
      alertHooks: source.alertHooks,
      alertEnv: alertEnvKeys(envFiles),
      sourceFilesScanned: source.filesScanned,
      configFilesRead,
      envRead: (envFiles?.deployment.length ?? 0) > 0,
    };
  },
});

/** The path patterns before each `{` of a logrotate file, with the line they start on. */
export function parseLogrotate(file: string, text: string): LogrotateRule[] {
  const rules: LogrotateRule[] = [];
  let pending: string[] = [];
  let start = 0;
  let depth = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    if (depth > 0) {
      if (line.startsWith('}')) depth -= 1;
      return;
    }
    const [head, opens] = line.includes('{')
      ? [line.slice(0, line.indexOf('{')), true]
      : [line, false];
    const words = head
      .split(/\s+/)
      .filter((word) => word.startsWith('/') || word.includes('*') || word.endsWith('.log'));
    if (words.length > 0 && pending.length === 0) start = i + 1;
    pending.push(...words.map((word) => word.replace(/^["']|["']$/g, '')));
    if (!opens) return;
    depth = line.includes('}') ? 0 : 1;
    if (pending.length > 0) rules.push({ file, line: start || i + 1, patterns: pending });
    pending = [];
  });
  return rules;
}

/** File handlers and security loggers of an INI or YAML logging configuration. */
function readLoggingConfig(
  file: string,
  text: string,
  into: { loggers: NamedLogger[]; logFiles: LogFileHandler[] },
): void {
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const handler = HANDLER_CLASS.exec(line)?.[1];
    if (handler) {
      const near = lines.slice(Math.max(0, i - 3), i + 6).join('\n');
      const path = PATH_SETTING.exec(near)?.[1];
      into.logFiles.push({
        file,
        line: i + 1,
        handler,
        ...(path ? { path } : {}),
        rotating: /Rotating/.test(handler),
      });
    }
    const logger = CONFIG_LOGGER.exec(line);
    const name = logger?.[1] ?? logger?.[2];
    if (name) into.loggers.push({ file, line: i + 1, name });
  });
}

function alertEnvKeys(envFiles: EnvFileSet | null): AlertEnvKey[] {
  const found: AlertEnvKey[] = [];
  for (const file of envFiles?.deployment ?? []) {
    for (const entry of file.entries) {
      if (!ALERT_ENV_KEY.test(entry.key)) continue;
      const set =
        entry.value.trim() !== '' &&
        !/^(?:changeme|change_me|xxx+|todo|none|null)$/i.test(entry.value.trim());
      found.push({ key: entry.key, set, file: file.path, line: entry.line ?? 1 });
    }
  }
  return found;
}
