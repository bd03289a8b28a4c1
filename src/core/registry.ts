import type {
  AnyCheck,
  AnyGatherer,
  Artifacts,
  CheckDefinition,
  GathererDefinition,
} from './types.js';

/** Keeps a check's artifact names and the types of its `run` argument in step. */
export function defineCheck<A extends keyof Artifacts>(
  check: CheckDefinition<A>,
): CheckDefinition<A> {
  return check;
}

export function defineGatherer<K extends keyof Artifacts>(
  gatherer: GathererDefinition<K>,
): GathererDefinition<K> {
  return gatherer;
}

/** The checks and gatherers a scan can use. Duplicate ids are a programming error. */
export class Registry {
  readonly checks = new Map<string, CheckDefinition>();
  readonly gatherers = new Map<keyof Artifacts, GathererDefinition>();

  addCheck(check: AnyCheck): this {
    if (this.checks.has(check.id)) throw new Error(`check ${check.id} is registered twice`);
    this.checks.set(check.id, check);
    return this;
  }

  addGatherer(gatherer: AnyGatherer): this {
    const name = gatherer.artifact as keyof Artifacts;
    if (this.gatherers.has(name)) throw new Error(`artifact ${String(name)} has two gatherers`);
    this.gatherers.set(name, gatherer);
    return this;
  }
}
