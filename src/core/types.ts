import type { Policy, ShipshapeConfig } from './config-schema.js';

/** The outcome of one check, and of an item rolled up from its checks. */
export type Status = 'pass' | 'fail' | 'warn' | 'manual' | 'skip' | 'error';

export const STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'manual', 'skip', 'error'];

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface Location {
  file: string;
  line?: number;
}

/**
 * One observation behind a result. `message` is written by shipshape and never holds a secret
 * value: it names keys, lengths, classes, URLs, status codes and header values of the target.
 */
export interface Evidence {
  message: string;
  location?: Location;
  url?: string;
  /**
   * What this observation shows on its own, when the check judged each place: `fail` or `warn`
   * for a problem, `pass` for a place that is fine. Absent on notes, and on checks that do not
   * judge places one by one.
   */
  status?: Status;
}

/** What a check returns: the runner adds its id, severity and title. */
export interface Finding {
  status: Status;
  message: string;
  evidence?: Evidence[];
  location?: Location;
  remediation?: string;
}

export interface CheckResult {
  id: string;
  title: string;
  status: Status;
  severity: Severity;
  message: string;
  evidence: Evidence[];
  location?: Location;
  remediation?: string;
  /** A configured waiver that matched: the status stays the real one. */
  waived?: Waived;
  /** Set when an artifact it read came from an active probe (attacks or bursts sent on purpose). */
  active?: true;
}

/** A waiver from the configuration, as it stood on the day of the scan. */
export interface Waived {
  /** The item or check id the waiver names. */
  id: string;
  location?: string;
  reason: string;
  /** The last day it applies, YYYY-MM-DD. */
  expires: string;
  /** Past its expiry on the scan's start: it no longer applies, and the result counts again. */
  expired: boolean;
}

/** What became of each configured waiver in one scan. */
export interface WaiverOutcome extends Omit<Waived, 'expired'> {
  state: 'applied' | 'expired' | 'unused';
}

/** Read-only facts a check may use besides its artifacts: the policy and the target. */
export interface CheckContext {
  policy: Policy;
  target: { url?: string; project?: string };
}

export interface CheckDefinition<A extends keyof Artifacts = keyof Artifacts> {
  id: string;
  title: string;
  severity: Severity;
  /** The artifacts the check reads; the runner gathers each once per scan. */
  needs: readonly A[];
  /** How to fix a failure, shown when the check does not pass. */
  remediation: string;
  run(artifacts: Pick<Artifacts, A>, context: CheckContext): Finding;
}

/**
 * The artifacts gatherers produce. Gatherer modules extend this interface by declaration
 * merging, so the core names no particular artifact.
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by each gatherer module
export interface Artifacts {}

export interface GatherContext {
  config: ShipshapeConfig;
  /** Aborted when the scan's time budget runs out. */
  signal: AbortSignal;
  http: import('../gather/http.js').HttpClient;
  /** Every secret value read must be added here, so that no report can show it. */
  secrets: import('./redact.js').SecretSet;
  /** Artifacts gathered before, for gatherers that build on another (request once, read twice). */
  get<K extends keyof Artifacts>(name: K): Promise<Artifacts[K]>;
  debug(message: string): void;
}

export interface GathererDefinition<K extends keyof Artifacts = keyof Artifacts> {
  artifact: K;
  /**
   * `static` reads files; `live` contacts the target and is skipped without a URL; `active`
   * also sends deliberate attacks or bursts and is skipped with `--passive`.
   */
  kind: 'static' | 'live' | 'active';
  /**
   * Takes the first live turn of the scan: it measures something the other probes' traffic
   * would change, such as how much of a rate limit's burst is left.
   */
  first?: boolean;
  gather(context: GatherContext): Promise<Artifacts[K]>;
}

export interface ItemDefinition {
  id: string;
  section: string;
  title: string;
  /** Check ids bound to this item, run in this order. */
  checks: readonly string[];
  /** How a person verifies the item by hand: used while no check decides it. */
  manual: string;
}

export interface SectionDefinition {
  id: string;
  title: string;
}

export interface Profile {
  id: string;
  title: string;
  sections: readonly SectionDefinition[];
  items: readonly ItemDefinition[];
}

export interface ItemResult {
  id: string;
  section: string;
  title: string;
  status: Status;
  summary: string;
  checks: CheckResult[];
  /** Set when every result that keeps the item from passing carries a waiver. */
  waived?: Waived;
}

export type StatusCounts = Record<Status, number>;

export interface Report {
  tool: { name: 'shipshape'; version: string };
  profile: string;
  target: {
    project: string | null;
    url: string | null;
    /** The configuration file the scan read, as an absolute path; absent when none was read. */
    config?: string;
  };
  startedAt: string;
  durationMs: number;
  passive: boolean;
  stats: {
    /** Every request and connection the scan made. */
    requests: number;
    /** The same, by kind: `http`, `tls`, `tcp`, `postgres`. */
    requestsByKind: Record<string, number>;
    items: StatusCounts;
  };
  sections: SectionDefinition[];
  items: ItemResult[];
  /** The configured waivers: applied, expired (no longer applied) or matching nothing. */
  waivers?: WaiverOutcome[];
}

/** A check of any artifacts, for lists and the registry; `defineCheck` keeps each one typed. */
// biome-ignore lint/suspicious/noExplicitAny: the element type of a heterogeneous list
export type AnyCheck = CheckDefinition<any>;

/** A gatherer of any artifact, for lists and the registry. */
// biome-ignore lint/suspicious/noExplicitAny: the element type of a heterogeneous list
export type AnyGatherer = GathererDefinition<any>;
