import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding, Location } from '../../core/types.js';
import type { NginxConfig, NginxTestMessage, NginxTestRun } from '../../gather/nginx/types.js';
import { limitEvidence, locationOf, where } from './scopes.js';

const FATAL = new Set(['emerg', 'alert', 'crit']);

const CAUSES: Record<NginxTestMessage['cause'], string> = {
  config: 'the configuration',
  environment: 'a file, host, user or module of the server that this machine lacks',
  context:
    'a variable defined outside this file (by the file that includes it, or filled in by envsubst before nginx starts)',
};

function fatal(run: NginxTestRun): NginxTestMessage[] {
  return run.messages.filter((message) => FATAL.has(message.level));
}

function configFailures(run: NginxTestRun): NginxTestMessage[] {
  return run.ok ? [] : fatal(run).filter((message) => message.cause === 'config');
}

function runEvidence(run: NginxTestRun): Evidence[] {
  if (run.ok) return [{ message: `nginx -t accepts ${run.root} (loaded as ${run.loadedAs})` }];
  if (run.timedOut) return [{ message: `nginx -t on ${run.root} did not finish in time` }];
  const messages = fatal(run);
  if (messages.length === 0) {
    return [{ message: `nginx -t on ${run.root} failed without a message (exit ${run.exitCode})` }];
  }
  return messages.map((message) => ({
    message:
      message.cause === 'config'
        ? `nginx -t on ${run.root}: ${message.text}`
        : `nginx -t on ${run.root} stopped at ${message.text}: this is ${CAUSES[message.cause]}, so the rest rests on the parser`,
    ...(message.file !== undefined && message.line !== undefined
      ? { location: { file: message.file, line: message.line } }
      : {}),
  }));
}

function unreadIncludes(config: NginxConfig): Evidence[] {
  return config.roots.flatMap((root) =>
    root.includes
      .filter((include) => include.status === 'outside' || include.status === 'missing')
      .map((include) => ({
        message: `include ${include.pattern} at ${where(include)}: ${include.status === 'outside' ? 'outside the project' : 'not in the project'}, not read`,
        location: locationOf(include),
      })),
  );
}

function judgeSyntax(config: NginxConfig): Finding {
  const { test, errors } = config;
  const runs = test.ran ? test.runs : [];
  const failures = runs.flatMap((run) => configFailures(run).map((message) => ({ run, message })));
  const evidence: Evidence[] = [
    ...errors.map((error) => ({
      message: `syntax error: ${error.message}`,
      location: locationOf(error),
    })),
    ...runs.flatMap(runEvidence),
    ...unreadIncludes(config),
  ];

  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (${errors.length} syntax errors)` : '';
    return {
      status: 'fail',
      message: `${where(first)}: ${first.message}${more}; nginx refuses to load a configuration with a syntax error.`,
      location: locationOf(first),
      evidence: limitEvidence(evidence),
    };
  }
  if (failures.length > 0) {
    const { run, message } = failures[0]!;
    const at = message.file !== undefined ? ` at ${message.file}:${message.line}` : '';
    return {
      status: 'fail',
      message: `nginx -t refuses ${run.root}${at}: ${message.text}.`,
      ...(message.file !== undefined && message.line !== undefined
        ? { location: { file: message.file, line: message.line } }
        : {}),
      evidence: limitEvidence(evidence),
    };
  }
  if (test.ran && !runs.some((run) => run.ok)) {
    const stopped = stopLocation(config, runs);
    return {
      status: 'warn',
      message: unfinishedMessage(config, runs, test.version),
      ...(stopped ? { location: stopped } : {}),
      evidence: limitEvidence(evidence),
      remediation:
        'Run `sudo nginx -t` on the server, where the certificates, upstream hosts, users and ' +
        'modules the configuration names exist, before every `sudo systemctl reload nginx`.',
    };
  }
  return { status: 'pass', message: passMessage(config), evidence: limitEvidence(evidence) };
}

/**
 * Where nginx -t stopped: the file and line of its first message when it gave them, else the
 * configuration it was testing (the message names it).
 */
function stopLocation(config: NginxConfig, runs: NginxTestRun[]): Location | undefined {
  for (const run of runs) {
    const first = fatal(run)[0];
    if (first?.file !== undefined && first.line !== undefined) {
      return { file: first.file, line: first.line };
    }
  }
  const file = runs[0]?.root ?? config.roots[0]?.file;
  return file === undefined ? undefined : { file };
}

function filesRead(config: NginxConfig): string {
  return `${config.files.length} nginx file${config.files.length === 1 ? '' : 's'}`;
}

function configurations(count: number): string {
  return `${count} configuration${count === 1 ? '' : 's'}`;
}

/** What stopped a run that was not accepted, in a few words. */
function stopOf(run: NginxTestRun): string {
  if (run.timedOut) return `${run.root} did not finish in time`;
  const first = fatal(run)[0];
  if (first === undefined) return `${run.root} failed without a message (exit ${run.exitCode})`;
  const at =
    first.file !== undefined && first.line !== undefined ? ` (${first.file}:${first.line})` : '';
  return `${run.root} stopped at ${first.text}${at}`;
}

/**
 * nginx -t got through no configuration: the parser saw no syntax error, but what nginx checks
 * beyond it (directive names, arguments, files and hosts) is unknown until it runs on the server.
 */
function unfinishedMessage(config: NginxConfig, runs: NginxTestRun[], version?: string): string {
  const nginx = `nginx${version ? ` ${version}` : ''} -t`;
  const parser = `The parser read ${filesRead(config)} without a syntax error`;
  const check =
    'directive arguments, files and hosts are not checked until `sudo nginx -t` runs on the server';
  if (runs.length === 0) {
    return `${parser}, but ${nginx} was stopped before it tested any configuration: ${check}.`;
  }
  const none =
    runs.length === 1
      ? 'could not get through the configuration'
      : `got through none of the ${configurations(runs.length)}`;
  const stops = runs.slice(0, 3).map(stopOf).join('; ');
  const more = runs.length > 3 ? `; and ${runs.length - 3} more` : '';
  return `${parser}, but ${nginx} ${none} (${stops}${more}): ${check}.`;
}

function passMessage(config: NginxConfig): string {
  const files = filesRead(config);
  const { test } = config;
  if (!test.ran) {
    return `The parser read ${files} without a syntax error; nginx -t did not run (${test.reason}), so the verdict is the parser's: directive names and arguments were not checked.`;
  }
  const accepted = test.runs.filter((run) => run.ok).length;
  const version = test.version ? ` ${test.version}` : '';
  const rest = test.runs.length - accepted;
  const stopped =
    rest > 0
      ? `; ${rest} stopped at what the server provides and this machine lacks (see evidence), so run \`sudo nginx -t\` on the server for ${rest === 1 ? 'it' : 'them'}`
      : '';
  return `The parser read ${files} without a syntax error, and nginx${version} -t accepts ${accepted} of ${configurations(test.runs.length)}${stopped}.`;
}

export default defineCheck({
  id: 'nginx-syntax',
  title: 'nginx configuration loads without errors',
  severity: 'high',
  needs: ['nginxConfig'],
  remediation:
    'Fix the error at the file and line shown, then run `sudo nginx -t` on the server before ' +
    '`sudo systemctl reload nginx`: a reload with a broken configuration keeps the old one ' +
    'running, and a restart takes the site down.',
  run: ({ nginxConfig }) => judgeSyntax(nginxConfig),
});
