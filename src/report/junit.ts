import { type FailOn, isBlockingItem } from '../core/gate.js';
import type {
  CheckResult,
  Evidence,
  ItemResult,
  Report,
  SectionDefinition,
} from '../core/types.js';
import { describeWaiver } from '../core/waivers.js';
import { STATUS_LABEL } from './glyphs.js';

export interface JunitOptions {
  /** The gate of the run: what it blocks on is a failure or an error, as in the exit code. */
  failOn?: FailOn;
}

type Outcome =
  | { kind: 'passed'; note?: string }
  | { kind: 'failure' | 'error'; message: string; type: string }
  | { kind: 'skipped'; message: string };

/**
 * One test suite per section, one test case per item. What the gate blocks on is a `failure`
 * (or an `error` when the item could not be checked); skip, manual and a live waiver are
 * `skipped`; anything else passes, with its status in `system-out`.
 */
export function renderJunit(report: Report, options: JunitOptions = {}): string {
  const failOn = options.failOn ?? 'fail';
  const suites = report.sections.map((section) => renderSuite(report, section, failOn));
  const outcomes = report.items.map((item) => outcomeOf(item, failOn));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="shipshape ${attr(report.profile)}" ${counts(outcomes)} time="${seconds(report)}" timestamp="${attr(report.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function renderSuite(report: Report, section: SectionDefinition, failOn: FailOn): string {
  const items = report.items.filter((item) => item.section === section.id);
  const outcomes = items.map((item) => outcomeOf(item, failOn));
  return [
    `  <testsuite name="${attr(section.title)}" id="${attr(section.id)}" ${counts(outcomes)} time="0" timestamp="${attr(report.startedAt)}">`,
    ...items.map((item, index) => renderCase(item, outcomes[index]!)),
    '  </testsuite>',
  ].join('\n');
}

function renderCase(item: ItemResult, outcome: Outcome): string {
  const open = `    <testcase classname="shipshape.${attr(item.section)}" name="${attr(`${item.id}: ${item.title}`)}" time="0"`;
  const details = text(describeItem(item));
  switch (outcome.kind) {
    case 'failure':
    case 'error':
      return `${open}>\n      <${outcome.kind} message="${attr(outcome.message)}" type="${outcome.type}">${details}</${outcome.kind}>\n    </testcase>`;
    case 'skipped':
      return details === ''
        ? `${open}>\n      <skipped message="${attr(outcome.message)}"/>\n    </testcase>`
        : `${open}>\n      <skipped message="${attr(outcome.message)}"/>\n      <system-out>${details}</system-out>\n    </testcase>`;
    default:
      return outcome.note === undefined
        ? `${open}/>`
        : `${open}>\n      <system-out>${text(outcome.note)}${details === '' ? '' : `\n${details}`}</system-out>\n    </testcase>`;
  }
}

function outcomeOf(item: ItemResult, failOn: FailOn): Outcome {
  const message = item.summary;
  if (isBlockingItem(item, failOn)) {
    const kind = item.status === 'error' ? 'error' : 'failure';
    return { kind, message, type: item.status };
  }
  if (item.status === 'pass') return { kind: 'passed' };
  if (item.waived && !item.waived.expired) return { kind: 'skipped', message };
  if (item.status === 'skip' || item.status === 'manual') {
    return { kind: 'skipped', message: `${STATUS_LABEL[item.status]}: ${message}` };
  }
  // Below the gate (a warn, or a fail under a severity threshold): it passes, and says why.
  return { kind: 'passed', note: `${STATUS_LABEL[item.status]}, below --fail-on ${failOn}.` };
}

/**
 * The body of a case: each check once, with its status, id and message, then the evidence
 * lines that add to that message. The item's summary is the `message` attribute, not repeated.
 */
function describeItem(item: ItemResult): string {
  return item.checks.map((check) => describeCheck(check).join('\n')).join('\n\n');
}

function describeCheck(check: CheckResult): string[] {
  // Evidence that says what the message says is shown once: its place goes on the message.
  const same = check.evidence.find((evidence) => evidence.message === check.message);
  const lines = [
    `[${STATUS_LABEL[check.status]}] ${check.id} (${check.severity}): ${check.message}${placeOf(same)}${urlOf(same)}`,
  ];
  for (const evidence of check.evidence) {
    if (evidence.message === check.message) continue;
    lines.push(`  - ${evidence.message}${placeOf(evidence)}${urlOf(evidence)}`);
  }
  if (check.remediation && check.status !== 'pass') lines.push(`  Fix: ${check.remediation}`);
  if (check.waived) lines.push(`  ${describeWaiver(check.waived)}`);
  return lines;
}

function placeOf(evidence: Evidence | undefined): string {
  const location = evidence?.location;
  if (!location) return '';
  return ` (${location.file}${location.line === undefined ? '' : `:${location.line}`})`;
}

function urlOf(evidence: Evidence | undefined): string {
  return evidence?.url === undefined ? '' : ` ${evidence.url}`;
}

function counts(outcomes: readonly Outcome[]): string {
  const count = (kind: Outcome['kind']) =>
    outcomes.filter((outcome) => outcome.kind === kind).length;
  return `tests="${outcomes.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}"`;
}

function seconds(report: Report): string {
  return (report.durationMs / 1000).toFixed(3);
}

/** XML 1.0 cannot carry most control characters at all, even escaped: they become U+FFFD. */
function legal(value: string): string {
  return value.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

function text(value: string): string {
  return legal(value).replace(
    /[&<>]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!,
  );
}

/** Attribute values also escape quotes and the whitespace that parsers would normalise away. */
function attr(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
