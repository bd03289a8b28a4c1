import { createHash } from 'node:crypto';
import type {
  CheckResult,
  Evidence,
  ItemResult,
  Report,
  SectionDefinition,
  Status,
  WaiverOutcome,
} from '../core/types.js';
import { describeWaiver } from '../core/waivers.js';
import { STATUS_LABEL, summaryCounts, waiverNotes, waiverTag } from './glyphs.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';

/** Worst news first, in the counts, the bars and the filters. */
const STATUS_ORDER: readonly Status[] = ['fail', 'error', 'warn', 'manual', 'skip', 'pass'];

/**
 * One self-contained page: no external asset, and a CSP that lets only its own style and script
 * run, by hash, so that nothing a target put into the evidence can run or load anything.
 */
export function renderHtml(report: Report): string {
  const title = `shipshape: ${report.target.url ?? report.target.project ?? report.profile}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    renderHeader(report),
    renderSummary(report),
    renderFilters(report),
    '<main>',
    ...report.sections.map((section, index) => renderSection(report, section, index)),
    '</main>',
    renderWaivers(report.waivers ?? []),
    `<script>${HTML_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The page's policy: its own style and script by hash, a blank favicon, and nothing else. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src '${sha256(HTML_STYLE)}'`,
    `script-src '${sha256(HTML_SCRIPT)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Text for an element or a quoted attribute; every string from a report goes through it. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd')
    .replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function renderHeader(report: Report): string {
  const seconds = (report.durationMs / 1000).toFixed(1);
  const facts = [
    ['Project', report.target.project ?? '(none)'],
    ['URL', report.target.url ?? '(none)'],
    ['Scanned', `${report.startedAt} in ${seconds} s, ${report.stats.requests} requests`],
    ['Profile', `${report.profile}${report.passive ? ' (passive: no active probes)' : ''}`],
  ];
  return [
    '<header>',
    '<h1>Production deployment security checklist</h1>',
    `<dl class="facts">${facts.map(([name, value]) => `<dt>${name}</dt><dd>${escapeHtml(value!)}</dd>`).join('')}</dl>`,
    `<p class="tool">shipshape ${escapeHtml(report.tool.version)}</p>`,
    '</header>',
  ].join('\n');
}

function renderSummary(report: Report): string {
  const counts = report.stats.items;
  const chips = STATUS_ORDER.map(
    (status) =>
      `<li class="chip s-${status}"><span class="n">${counts[status]}</span> ${STATUS_LABEL[status].toLowerCase()}</li>`,
  );
  const rows = report.sections.map((section, index) => {
    const items = itemsOf(report, section);
    return [
      '<tr>',
      `<th scope="row"><a href="#section-${escapeHtml(section.id)}">${index + 1}. ${escapeHtml(section.title)}</a></th>`,
      `<td>${renderBar(items)}</td>`,
      `<td class="tally">${escapeHtml(tally(items))}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<section class="summary" aria-label="Summary">',
    `<p class="total">${report.items.length} items: ${escapeHtml(summaryCounts(counts))}</p>`,
    `<ul class="chips">${chips.join('')}</ul>`,
    `<table class="sections"><tbody>${rows.join('\n')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

/** A stacked bar of the section's statuses: SVG attributes, since the CSP forbids style="". */
function renderBar(items: readonly ItemResult[]): string {
  let x = 0;
  const rects = STATUS_ORDER.flatMap((status) => {
    const count = items.filter((item) => item.status === status).length;
    if (count === 0) return [];
    const rect = `<rect class="s-${status}" x="${x}" y="0" width="${count}" height="1"/>`;
    x += count;
    return [rect];
  });
  const total = Math.max(items.length, 1);
  return `<svg class="bar" viewBox="0 0 ${total} 1" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(tally(items))}">${rects.join('')}</svg>`;
}

function renderFilters(report: Report): string {
  const boxes = STATUS_ORDER.map(
    (status) =>
      `<label><input type="checkbox" name="status" value="${status}" checked> ${STATUS_LABEL[status].toLowerCase()} (${report.stats.items[status]})</label>`,
  );
  const options = report.sections.map(
    (section, index) =>
      `<option value="${escapeHtml(section.id)}">${index + 1}. ${escapeHtml(section.title)}</option>`,
  );
  // Hidden until the script runs: without it every item shows, and the controls would do nothing.
  return [
    '<form class="filters" aria-label="Filters" hidden>',
    `<fieldset><legend>Status</legend>${boxes.join('')}</fieldset>`,
    `<label class="section-filter">Section <select name="section"><option value="">All sections</option>${options.join('')}</select></label>`,
    '<p class="shown" aria-live="polite"></p>',
    '</form>',
  ].join('\n');
}

function renderSection(report: Report, section: SectionDefinition, index: number): string {
  const id = escapeHtml(section.id);
  return [
    `<section class="section" id="section-${id}" data-section="${id}">`,
    `<h2>${index + 1}. ${escapeHtml(section.title)}</h2>`,
    ...itemsOf(report, section).map(renderItem),
    '</section>',
  ].join('\n');
}

function renderItem(item: ItemResult): string {
  const waived = item.waived
    ? `<p class="waived${item.waived.expired ? ' expired' : ''}">${escapeHtml(describeWaiver(item.waived))}</p>`
    : '';
  return [
    `<article class="item s-${item.status}" id="item-${escapeHtml(item.id)}" data-status="${item.status}" data-section="${escapeHtml(item.section)}">`,
    `<h3>${badge(item.status)} ${escapeHtml(item.title)} <code>${escapeHtml(item.id)}</code>${item.waived ? ` <span class="tag">${escapeHtml(waiverTag(item.waived))}</span>` : ''}</h3>`,
    // One check that says the same as the item: its message below is the summary.
    item.checks.length === 1 && item.checks[0]!.message === item.summary
      ? ''
      : `<p class="item-summary">${escapeHtml(item.summary)}</p>`,
    waived,
    item.checks.length > 0
      ? `<ul class="checks">${item.checks.map(renderCheck).join('\n')}</ul>`
      : '',
    '</article>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function renderCheck(check: CheckResult): string {
  // Evidence that only repeats the message, at the same place, adds nothing to read.
  const evidence = check.evidence
    .filter((entry) => !repeatsMessage(entry, check))
    .map(renderEvidence)
    .join('');
  const parts = [
    `<li class="check s-${check.status}">`,
    `<p class="check-head">${badge(check.status)} <code>${escapeHtml(check.id)}</code> <span class="severity">${check.severity}</span> ${escapeHtml(check.title)}</p>`,
    `<p class="message">${escapeHtml(check.message)}${renderLocation(check.location)}</p>`,
    evidence === '' ? '' : `<ul class="evidence">${evidence}</ul>`,
    check.remediation && check.status !== 'pass'
      ? `<p class="fix"><strong>Fix:</strong> ${escapeHtml(check.remediation)}</p>`
      : '',
    check.waived
      ? `<p class="waived${check.waived.expired ? ' expired' : ''}">${escapeHtml(describeWaiver(check.waived))}</p>`
      : '',
    '</li>',
  ];
  return parts.filter((part) => part !== '').join('');
}

function repeatsMessage(evidence: Evidence, check: CheckResult): boolean {
  if (evidence.message !== check.message || evidence.url !== undefined) return false;
  const [here, there] = [evidence.location, check.location];
  return here === undefined || (here.file === there?.file && here.line === there?.line);
}

function renderEvidence(evidence: Evidence): string {
  const url =
    evidence.url === undefined ? '' : ` <code class="url">${escapeHtml(evidence.url)}</code>`;
  return `<li>${escapeHtml(evidence.message)}${renderLocation(evidence.location)}${url}</li>`;
}

function renderLocation(location: Evidence['location']): string {
  if (location === undefined) return '';
  const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
  return ` <code class="location">${escapeHtml(where)}</code>`;
}

function renderWaivers(waivers: readonly WaiverOutcome[]): string {
  if (waivers.length === 0) return '';
  const notes = new Set(waiverNotes(waivers));
  const rows = waivers.map((waiver) => {
    const where =
      waiver.location === undefined ? '' : ` <code>${escapeHtml(waiver.location)}</code>`;
    return `<li class="waiver ${waiver.state}"><code>${escapeHtml(waiver.id)}</code>${where}: ${waiver.state}, until ${escapeHtml(waiver.expires)}. ${escapeHtml(waiver.reason)}</li>`;
  });
  return [
    '<section class="waivers" aria-label="Waivers">',
    '<h2>Waivers</h2>',
    `<ul>${rows.join('')}</ul>`,
    notes.size > 0 ? `<p class="note">${[...notes].map(escapeHtml).join(' ')}</p>` : '',
    '</section>',
  ].join('\n');
}

function badge(status: Status): string {
  return `<span class="badge s-${status}">${STATUS_LABEL[status]}</span>`;
}

function itemsOf(report: Report, section: SectionDefinition): ItemResult[] {
  return report.items.filter((item) => item.section === section.id);
}

function tally(items: readonly ItemResult[]): string {
  return STATUS_ORDER.map(
    (status) => [status, items.filter((item) => item.status === status).length] as const,
  )
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
}
