import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type {
  CheckResult,
  Evidence,
  ItemResult,
  Location,
  Report,
  Severity,
  Status,
} from '../core/types.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const PROJECT_ROOT = 'PROJECTROOT';

const LEVEL_OF_SEVERITY: Record<Severity, Sarif.ReportingConfiguration.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * The report as a SARIF 2.1.0 log: one rule per check, one result per failing or warning
 * check and place its finding is about (file and line for static findings), and checks that
 * could not run as tool notifications. Passing, manual and skipped checks are not results.
 */
export function renderSarif(report: Report): string {
  const checks = report.items.flatMap((item) => item.checks.map((check) => ({ item, check })));
  const ruleIds = [...new Set(checks.map(({ check }) => check.id))];
  const rules = ruleIds.map((id) =>
    describeRule(checks.find(({ check }) => check.id === id)!.check, items(checks, id)),
  );

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'shipshape',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        rules,
      },
    },
    invocations: [invocation(report, checks)],
    results: withoutRepeats(
      checks
        .filter(({ check }) => check.status === 'fail' || check.status === 'warn')
        .flatMap(({ item, check }) => resultsOf(item, check, ruleIds.indexOf(check.id), report)),
    ),
  };
  if (report.target.project !== null) {
    run.originalUriBaseIds = { [PROJECT_ROOT]: { uri: folderUri(report.target.project) } };
  }

  const log: Sarif.Log = { $schema: SCHEMA, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function items(checks: Array<{ item: ItemResult; check: CheckResult }>, id: string): string[] {
  return [...new Set(checks.filter(({ check }) => check.id === id).map(({ item }) => item.id))];
}

function describeRule(check: CheckResult, itemIds: string[]): Sarif.ReportingDescriptor {
  return {
    id: check.id,
    shortDescription: { text: check.title },
    defaultConfiguration: { level: LEVEL_OF_SEVERITY[check.severity] },
    ...(check.remediation ? { help: { text: check.remediation } } : {}),
    properties: { severity: check.severity, items: itemIds },
  };
}

function resultsOf(
  item: ItemResult,
  check: CheckResult,
  ruleIndex: number,
  report: Report,
): Sarif.Result[] {
  const result = (
    text: string,
    status: Status,
    location: Sarif.Location = fallbackLocation(check, report),
  ): Sarif.Result => ({
    ruleId: check.id,
    ruleIndex,
    kind: 'fail',
    level: status === 'fail' ? 'error' : 'warning',
    message: { text: `${check.title}: ${text}` },
    // GitHub code scanning refuses a whole upload when one result has no location.
    locations: [location],
    properties: { items: [item.id], status },
  });

  const problems = problemPlaces(check);
  const own = check.location;
  const ownIsListed =
    own !== undefined && problems.some((evidence) => samePlace(evidence.location!, own));
  const results = problems.map((evidence) =>
    result(evidence.message, evidence.status ?? check.status, physical(evidence.location!)),
  );
  if (ownIsListed) return results;
  if (own !== undefined || results.length === 0) {
    results.unshift(
      result(check.message, check.status, own === undefined ? undefined : physical(own)),
    );
  }
  return results;
}

/**
 * Where a result goes that names no place of its own: a located entry of its evidence that
 * is not marked sound; else the project file its message or evidence names; else an anchor for
 * a finding about the live deployment or the project as a whole (the configuration file the
 * scan read, or `shipshape.yaml` at the project root), with a message that says so.
 */
function fallbackLocation(check: CheckResult, report: Report): Sarif.Location {
  const located = check.evidence.find(
    (evidence) => evidence.location !== undefined && evidence.status !== 'pass',
  );
  if (located) return physical(located.location!);
  const named = [check.message, ...check.evidence.map((evidence) => evidence.message)]
    .map(namedFile)
    .find((location) => location !== undefined);
  if (named) return physical(named);

  const url = report.target.url;
  const live =
    check.evidence.some((evidence) => evidence.url !== undefined) ||
    (url !== null && check.message.includes(url));
  const about = live
    ? `This finding concerns the live deployment at ${url ?? liveUrl(check)}, not a line of this file.`
    : 'This finding concerns the project as a whole, not a line of this file.';
  return { ...physical(anchorOf(report)), message: { text: about } };
}

function liveUrl(check: CheckResult): string {
  return check.evidence.find((evidence) => evidence.url !== undefined)?.url ?? 'the target URL';
}

/** The configuration file the scan read, else the one a project would have at its root. */
function anchorOf(report: Report): Location {
  const { config, project } = report.target;
  if (config === undefined) return { file: 'shipshape.yaml' };
  if (project !== null) {
    const inside = relative(project, config);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) {
      return { file: inside.split(sep).join('/') };
    }
  }
  return { file: config };
}

/**
 * A project file a message names as `path:line` or by a path with a known extension: a path
 * inside a URL (`https://host/openapi.json`) or an absolute path of the server is not one.
 */
const NAMED_FILE =
  /(?<![\w./:@%~-])((?:[\w.-]+\/)*(?:[\w-][\w.-]*)?\.(?:conf|py|ts|tsx|js|jsx|mjs|cjs|env(?:\.[\w-]+)?|ya?ml|toml|ini|cfg|json))(?::(\d+))?(?![\w/-])/;

function namedFile(text: string): Location | undefined {
  const match = NAMED_FILE.exec(text);
  if (!match) return undefined;
  const file = match[1]!;
  const line = match[2] === undefined ? undefined : Number(match[2]);
  return line === undefined ? { file } : { file, line };
}

/**
 * The evidence entries that name a place with a problem. When the check marked its entries,
 * only those marked fail or warn; an unmarked check that names its own place is about that
 * place only, and one that does not is about every place its evidence names.
 */
function problemPlaces(check: CheckResult): Evidence[] {
  const placed = check.evidence.filter((evidence) => evidence.location !== undefined);
  if (check.evidence.some((evidence) => evidence.status !== undefined)) {
    return placed.filter((evidence) => evidence.status === 'fail' || evidence.status === 'warn');
  }
  return check.location === undefined ? placed : [];
}

function samePlace(a: Location, b: Location): boolean {
  return a.file === b.file && a.line === b.line;
}

/** A check bound to two items reports the same places twice: one result names both items. */
function withoutRepeats(results: Sarif.Result[]): Sarif.Result[] {
  const kept = new Map<string, Sarif.Result>();
  for (const result of results) {
    const key = JSON.stringify([result.ruleId, result.message.text, result.locations]);
    const known = kept.get(key);
    if (known) known.properties!.items.push(...result.properties!.items);
    else kept.set(key, result);
  }
  return [...kept.values()];
}

function physical(location: Location): Sarif.Location {
  const artifactLocation: Sarif.ArtifactLocation = isAbsolute(location.file)
    ? { uri: pathToFileURL(location.file).href }
    : { uri: location.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: PROJECT_ROOT };
  const region =
    location.line !== undefined && location.line >= 1
      ? { region: { startLine: location.line } }
      : {};
  return { physicalLocation: { artifactLocation, ...region } };
}

function invocation(
  report: Report,
  checks: Array<{ item: ItemResult; check: CheckResult }>,
): Sarif.Invocation {
  const errors = checks.filter(({ check }) => check.status === 'error');
  const seen = new Set<string>();
  const notifications: Sarif.Notification[] = [];
  for (const { check } of errors) {
    if (seen.has(check.id)) continue;
    seen.add(check.id);
    notifications.push({
      level: 'error',
      message: { text: check.message },
      associatedRule: { id: check.id },
    });
  }
  return {
    executionSuccessful: true,
    startTimeUtc: report.startedAt,
    endTimeUtc: new Date(Date.parse(report.startedAt) + report.durationMs).toISOString(),
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

/** A folder as a file URI that ends in `/`, as SARIF's uriBaseIds require. */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}
