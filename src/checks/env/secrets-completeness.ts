import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { EnvFile, EnvFileSet } from '../../gather/env.js';
import {
  decide,
  deployedNames,
  evidenceAt,
  folderOf,
  type Located,
  locatedEntries,
  noDeploymentFinding,
  type Outcome,
  placeOf,
} from './deployed.js';
import { isEmptyValue, isPlaceholder } from './placeholder.js';

type ValueProblem = 'empty' | 'placeholder';

export default defineCheck({
  id: 'secrets-completeness',
  title: 'All API keys and secrets are set',
  severity: 'high',
  needs: ['envFiles'],
  remediation:
    'Give every key of the template a real value in the deployed env file: generate secrets ' +
    '(`openssl rand -hex 32`) and copy provider keys from their dashboards. Delete keys the ' +
    'app no longer reads from the template.',
  run({ envFiles }) {
    const skip = noDeploymentFinding(envFiles);
    if (skip) return skip;

    const judged = new Set<string>();
    const outcomes: Outcome[] = [];
    const notes: Evidence[] = [];
    for (const template of envFiles.templates) {
      const deployed = deployedFor(template, envFiles);
      if (deployed.length === 0) notes.push(uncomparedNote(template));
      else outcomes.push(...compareTemplate(template, deployed, judged));
    }
    outcomes.push(...judgeSecretKeys(envFiles, judged));
    if (outcomes.length === 0) return nothingToCompare(envFiles, notes);

    const finding = decide(
      outcomes,
      'Every expected key and secret in the deployed env has a value.',
    );
    return { ...finding, evidence: [...(finding.evidence ?? []), ...notes] };
  },
});

/**
 * The deployed files a template describes: those beside it; all of them when the templates
 * were named in the configuration, or when the one template has no deployed file beside it
 * and the deployed files were named.
 */
function deployedFor(template: EnvFile, envFiles: EnvFileSet): EnvFile[] {
  if (envFiles.configured.examples) return envFiles.deployment;
  const beside = envFiles.deployment.filter(
    (file) => folderOf(file.path) === folderOf(template.path),
  );
  if (beside.length > 0) return beside;
  const onlyTemplate = envFiles.templates.length === 1;
  return envFiles.configured.files && onlyTemplate ? envFiles.deployment : [];
}

/** A template of another part of the project (a front end, a worker) with no deployed file. */
function uncomparedNote(template: EnvFile): Evidence {
  const message =
    `${template.path} has no deployed env file beside it, so its keys were not compared; ` +
    'name the pair with env.files and env.examples.';
  return { message, location: { file: template.path } };
}

function compareTemplate(template: EnvFile, deployed: EnvFile[], judged: Set<string>): Outcome[] {
  const names = deployed.map((file) => file.path).join(', ');
  const outcomes: Outcome[] = [];
  let set = 0;
  for (const expected of locatedEntries([template])) {
    const found = findBest(expected.entry.key, deployed);
    if (found) judged.add(identity(found));
    const outcome = judgeExpected(expected, found, names);
    if (outcome) outcomes.push(outcome);
    else set += 1;
  }
  const total = template.entries.length;
  const summary = `${set} of ${total} keys of ${template.path} have a value in ${names}.`;
  outcomes.push({
    status: 'pass',
    evidence: { message: summary, location: { file: template.path } },
  });
  return outcomes;
}

/** The deployed entry for a key, preferring one with a real value when several files set it. */
function findBest(key: string, deployed: EnvFile[]): Located | undefined {
  const found = locatedEntries(deployed).filter(({ entry }) => entry.key === key);
  return found.find(({ entry }) => valueProblem(entry.value) === null) ?? found.at(-1);
}

function judgeExpected(
  expected: Located,
  found: Located | undefined,
  names: string,
): Outcome | null {
  const key = expected.entry.key;
  if (found === undefined) {
    const message = `${key} (listed in ${placeOf(expected)}) is missing from ${names}.`;
    return { status: 'fail', evidence: evidenceAt(expected, message) };
  }

  const problem = valueProblem(found.entry.value);
  if (problem === null) return null;
  // A key the template itself leaves empty is optional there (an analytics id, a pixel id).
  const optional = problem === 'empty' && isEmptyValue(expected.entry.value) && !found.entry.secret;
  const state = problem === 'empty' ? 'empty' : 'a placeholder';
  const note = optional ? ', and the template leaves it empty too' : '';
  const message = `${key} at ${placeOf(found)} is ${state}${note}.`;
  return { status: optional ? 'warn' : 'fail', evidence: evidenceAt(found, message) };
}

function judgeSecretKeys(envFiles: EnvFileSet, judged: Set<string>): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const located of locatedEntries(envFiles.deployment)) {
    if (!located.entry.secret || judged.has(identity(located))) continue;
    const problem = valueProblem(located.entry.value);
    const state = problem === null ? 'set' : problem === 'empty' ? 'empty' : 'a placeholder';
    const message = `${located.entry.key} at ${placeOf(located)} is ${state}.`;
    outcomes.push({
      status: problem === null ? 'pass' : 'fail',
      evidence: evidenceAt(located, message),
    });
  }
  return outcomes;
}

function valueProblem(value: string): ValueProblem | null {
  if (isEmptyValue(value)) return 'empty';
  return isPlaceholder(value) ? 'placeholder' : null;
}

function identity({ file, entry }: Located): string {
  return `${file.path}\u0000${entry.key}`;
}

function nothingToCompare(envFiles: EnvFileSet, notes: Evidence[]): Finding {
  return {
    status: 'manual',
    message:
      `No template (.env.example) to compare ${deployedNames(envFiles)} with, and no ` +
      'secret-looking key in it: confirm by hand that the app needs no further keys.',
    evidence: notes,
  };
}
