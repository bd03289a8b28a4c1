import { setMaxListeners } from 'node:events';
import { configFileOf } from './config.js';
import type { ShipshapeConfig } from './config-schema.js';
import { BudgetError, describeError, NotGivenError } from './errors.js';
import { SecretSet } from './redact.js';
import type { Registry } from './registry.js';
import { countStatuses, rollUp } from './status.js';
import type {
  Artifacts,
  CheckContext,
  CheckDefinition,
  CheckResult,
  GatherContext,
  GathererDefinition,
  ItemResult,
  Profile,
  Report,
} from './types.js';
import { VERSION } from './version.js';
import { checkWaiverIds, scanDay, waiveItem, waiverOutcomes } from './waivers.js';

export interface RunOptions {
  profile: Profile;
  registry: Registry;
  config: ShipshapeConfig;
  /** Builds the HTTP client for the scan, given the budget's signal. */
  http: (signal: AbortSignal) => GatherContext['http'];
  passive?: boolean;
  debug?: (message: string) => void;
  /** Called once an item's status is known, in profile order. */
  onItem?: (item: ItemResult) => void;
  now?: () => Date;
}

type Gathered =
  | { ok: true; value: unknown }
  | { ok: false; status: 'skip' | 'error'; reason: string };

/**
 * Runs a profile: gathers each artifact its checks need once, runs every check, and rolls the
 * results up into items. A gatherer that fails costs only the checks that needed it; a check
 * that throws costs only itself. The whole scan stops gathering when its time budget runs out.
 */
export async function runProfile(options: RunOptions): Promise<Report> {
  const { profile, registry, config } = options;
  const now = options.now ?? (() => new Date());
  const secrets = new SecretSet();
  registerUrlSecrets(secrets, config);
  // Debug lines quote gatherers' errors, which may quote what they read.
  const debug = options.debug
    ? (message: string) => options.debug!(secrets.scrub(message))
    : () => undefined;
  const startedAt = now();
  const started = performance.now();
  checkWaiverIds(config.waivers, profile);
  // Waivers expire by the scan's start, so one scan judges every result by the same day.
  const day = scanDay(startedAt);

  const budget = new AbortController();
  // Every gatherer and request in flight listens for the budget's end, and removes its listener
  // when done: a scan has dozens at once, which is no leak.
  setMaxListeners(0, budget.signal);
  const timer = setTimeout(() => budget.abort(), config.limits.timeBudget * 1000);
  timer.unref();
  const http = options.http(budget.signal);
  const gathered = new Map<keyof Artifacts, Promise<Gathered>>();
  // Live gatherers take turns, so that one probe's traffic never disturbs another's answers.
  let liveQueue: Promise<unknown> = Promise.resolve();

  // `inTurn`: asked for by a gatherer that already holds the live turn, so it runs at once
  // instead of queueing behind the gatherer that waits for it.
  const gather = (name: keyof Artifacts, inTurn = false): Promise<Gathered> => {
    let pending = gathered.get(name);
    if (pending) return pending;
    pending = runGatherer(name, inTurn);
    gathered.set(name, pending);
    return pending;
  };

  const context: GatherContext = {
    config,
    signal: budget.signal,
    http,
    secrets,
    debug,
    get: async (name) => {
      const result = await gather(name, true);
      if (result.ok) return result.value as never;
      throw result.status === 'skip' ? new NotGivenError(result.reason) : new Error(result.reason);
    },
  };

  async function runGatherer(name: keyof Artifacts, inTurn: boolean): Promise<Gathered> {
    const gatherer = registry.gatherers.get(name);
    if (!gatherer) return { ok: false, status: 'error', reason: `nothing gathers ${String(name)}` };
    if (gatherer.kind !== 'static' && !config.target.url) {
      return { ok: false, status: 'skip', reason: 'no target URL was given (--url or target.url)' };
    }
    if (gatherer.kind === 'active' && options.passive) {
      return { ok: false, status: 'skip', reason: '--passive: active probes were not sent' };
    }

    const work = async (): Promise<Gathered> => {
      if (budget.signal.aborted) {
        return {
          ok: false,
          status: 'error',
          reason: 'the scan time budget ran out before this ran',
        };
      }
      debug(`gather ${String(name)}`);
      try {
        const value = await untilAborted(gatherer.gather(context), budget.signal);
        return { ok: true, value };
      } catch (error) {
        const reason = describeError(error);
        debug(`gather ${String(name)} failed: ${reason}`);
        const status = error instanceof NotGivenError ? 'skip' : 'error';
        return { ok: false, status, reason };
      }
    };

    if (gatherer.kind === 'static' || inTurn) return work();
    const turn = liveQueue.then(work);
    liveQueue = turn;
    return turn;
  }

  const checkContext: CheckContext = {
    policy: config.policy,
    target: { url: config.target.url, project: config.project },
  };

  // Checks that read an active probe's artifact are marked so in the report.
  const activeArtifacts = new Set(
    [...registry.gatherers.values()]
      .filter((gatherer) => gatherer.kind === 'active')
      .map((gatherer) => gatherer.artifact),
  );

  // A live gatherer that must see the target untouched by the scan queues before any other.
  for (const name of neededArtifacts(profile, registry, (gatherer) => gatherer.first === true)) {
    void gather(name);
  }
  // Static gatherers start at once, beside the live probes: a target that spends the whole
  // time budget must not cost the items that only read the project.
  const isStatic = (gatherer: GathererDefinition) => gatherer.kind === 'static';
  for (const name of neededArtifacts(profile, registry, isStatic)) void gather(name);

  const authored = authoredText(profile, registry);
  const items: ItemResult[] = [];
  try {
    for (const item of profile.items) {
      const checks: CheckResult[] = [];
      for (const checkId of item.checks) {
        const check = registry.checks.get(checkId);
        if (check) checks.push(await runCheck(check, gather, checkContext, debug, activeArtifacts));
      }
      const result = waiveItem(summariseItem(item, checks), config.waivers, day);
      items.push(result);
      options.onItem?.(secrets.scrubDeep(result, authored));
    }
  } finally {
    clearTimeout(timer);
    await http.close();
  }

  const configFile = configFileOf(config);
  const report: Report = {
    tool: { name: 'shipshape', version: VERSION },
    profile: profile.id,
    target: {
      project: config.project ?? null,
      url: config.target.url ?? null,
      ...(configFile === undefined ? {} : { config: configFile }),
    },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    passive: options.passive ?? false,
    stats: {
      requests: http.requestCount,
      requestsByKind: http.requestsByKind,
      items: countStatuses(items.map((item) => item.status)),
    },
    sections: [...profile.sections],
    items,
    waivers: waiverOutcomes(config.waivers, items, day),
  };
  return secrets.scrubDeep(report, authored);
}

/**
 * The query values and fragments of the target URLs and probe paths: a token given in a URL
 * (`?token=...`) is a secret like any other, wherever the URL is quoted.
 */
function registerUrlSecrets(secrets: SecretSet, config: ShipshapeConfig): void {
  const { probes } = config;
  const urls = [
    config.target.url,
    config.target.httpUrl,
    probes.health,
    probes.apiPrefix,
    ...probes.docsPaths,
    probes.price?.path,
    probes.payment?.path,
    ...probes.apiPaths.map((endpoint) => endpoint.path),
    probes.rateLimit.path,
  ];
  for (const url of urls) if (url !== undefined) secrets.addUrlParts(url);
}

/**
 * Text shipshape itself wrote (titles, remediations) is left as written: a password that is a
 * word (`postgres`) would otherwise be cut out of the advice, and none of it quotes a value.
 */
function authoredText(profile: Profile, registry: Registry): Set<string> {
  const texts = new Set<string>();
  for (const item of profile.items) {
    texts.add(item.title);
    for (const id of item.checks) {
      const check = registry.checks.get(id);
      if (check) texts.add(check.title);
      if (check?.remediation) texts.add(check.remediation);
    }
  }
  return texts;
}

async function runCheck(
  check: CheckDefinition,
  gather: (name: keyof Artifacts) => Promise<Gathered>,
  context: CheckContext,
  debug: (message: string) => void,
  activeArtifacts: ReadonlySet<keyof Artifacts> = new Set(),
): Promise<CheckResult> {
  const active = check.needs.some((name) => activeArtifacts.has(name));
  const base = {
    id: check.id,
    title: check.title,
    severity: check.severity,
    evidence: [],
    ...(active ? { active: true as const } : {}),
  };

  const artifacts: Record<string, unknown> = {};
  for (const name of check.needs) {
    const result = await gather(name);
    if (!result.ok) {
      debug(`check ${check.id}: ${result.status} (${result.reason})`);
      return { ...base, status: result.status, message: `Not checked: ${result.reason}.` };
    }
    artifacts[name] = result.value;
  }

  try {
    const finding = check.run(artifacts as never, context);
    debug(`check ${check.id}: ${finding.status}`);
    const remediation =
      finding.remediation ?? (finding.status === 'pass' ? undefined : check.remediation);
    return {
      ...base,
      status: finding.status,
      message: finding.message,
      evidence: finding.evidence ?? [],
      ...(finding.location ? { location: finding.location } : {}),
      ...(remediation ? { remediation } : {}),
    };
  } catch (error) {
    debug(`check ${check.id} threw: ${error instanceof Error ? error.stack : String(error)}`);
    return {
      ...base,
      status: 'error',
      message: `The check failed to run: ${describeError(error)}.`,
    };
  }
}

function summariseItem(item: Profile['items'][number], checks: CheckResult[]): ItemResult {
  const base = { id: item.id, section: item.section, title: item.title, checks };
  if (checks.length === 0)
    return { ...base, status: 'manual', summary: `Verify by hand: ${item.manual}` };

  const status = rollUp(checks.map((check) => check.status));
  const deciding = checks.find((check) => check.status === status) ?? checks[0]!;
  const summary =
    status === 'skip' || status === 'manual'
      ? `${deciding.message} Verify by hand: ${item.manual}`
      : deciding.message;
  return { ...base, status, summary };
}

/** The artifacts the profile's checks need whose gatherers match `which`. */
function neededArtifacts(
  profile: Profile,
  registry: Registry,
  which: (gatherer: GathererDefinition) => boolean,
): Set<keyof Artifacts> {
  const needed = new Set<keyof Artifacts>();
  for (const checkId of profile.items.flatMap((item) => item.checks)) {
    for (const name of registry.checks.get(checkId)?.needs ?? []) {
      const gatherer = registry.gatherers.get(name);
      if (gatherer && which(gatherer as GathererDefinition)) needed.add(name);
    }
  }
  return needed;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new BudgetError('the scan time budget ran out'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BudgetError('the scan time budget ran out'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
