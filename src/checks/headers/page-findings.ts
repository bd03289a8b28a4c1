import { rollUp } from '../../core/status.js';
import type { Artifacts, Evidence, Finding, Status } from '../../core/types.js';
import type { HttpResponse } from '../../gather/http.js';

type PageExchange = Artifacts['pageHeaders']['pages'][number];

/** What one response's headers show, for one check. */
export interface PageJudgement {
  status: Exclude<Status, 'manual' | 'skip'>;
  /** Observed against expected, without the URL (the evidence carries it). */
  message: string;
}

// Long enough for a real CSP's start; hostile targets can send megabytes of header.
const QUOTE_LIMIT = 200;

/** A header value as observed, in quotes, cut to a readable length with control bytes shown. */
export function quoteHeader(value: string): string {
  const visible = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  const cut = visible.length > QUOTE_LIMIT ? `${visible.slice(0, QUOTE_LIMIT)}...` : visible;
  return `"${cut}"`;
}

/** All values of one header of a response, in order; none when absent. */
export function headerValues(response: HttpResponse, name: string): string[] {
  return response.headers[name.toLowerCase()] ?? [];
}

function describePage(page: PageExchange): string {
  const status = page.exchange.response ? ` (${page.exchange.response.status})` : '';
  const name =
    page.role === 'health'
      ? 'health endpoint'
      : page.role === 'api'
        ? `API ${page.endpoint}`
        : 'page';
  return `${name}${status}`;
}

/** An answer a browser renders as a page: declared HTML, or undeclared and looking like it. */
export function isHtmlResponse(response: HttpResponse): boolean {
  const type = headerValues(response, 'content-type')[0]?.toLowerCase();
  if (type !== undefined) return /^\s*(text\/html|application\/xhtml\+xml)/.test(type);
  return /^\s*<(!doctype html|html)/i.test(response.body);
}

/**
 * Headers that guard a rendered page (CSP, framing) matter little on JSON: a failure there is
 * reported as a warning that says so, and the HTML answers decide.
 */
function softenForNonHtml(judgement: PageJudgement, response: HttpResponse): PageJudgement {
  if (judgement.status !== 'fail' || isHtmlResponse(response)) return judgement;
  return {
    status: 'warn',
    message: `${judgement.message} (on a non-HTML answer, where it matters only if a browser renders it)`,
  };
}

function judgeOne(
  page: PageExchange,
  judge: (response: HttpResponse, url: string) => PageJudgement,
  htmlOnly: boolean,
) {
  const { response, error, request } = page.exchange;
  if (!response) {
    return { status: 'error' as const, message: `no response (${error ?? 'unknown error'})` };
  }
  const judgement = judge(response, request.url);
  return htmlOnly ? softenForNonHtml(judgement, response) : judgement;
}

/**
 * Judges every page response and rolls the verdicts up: the worst one decides, and a page that
 * could not be fetched makes the result `error` unless another page already failed.
 * `htmlOnly`: the header guards rendered pages, so a failure on a non-HTML answer only warns.
 */
export function judgePages(
  pages: readonly PageExchange[],
  judge: (response: HttpResponse, url: string) => PageJudgement,
  htmlOnly = false,
): Finding {
  if (pages.length === 0) return { status: 'error', message: 'No page response was recorded.' };

  const verdicts = pages.map((page) => ({ page, ...judgeOne(page, judge, htmlOnly) }));
  const status = rollUp(verdicts.map((verdict) => verdict.status));
  const evidence: Evidence[] = verdicts.map(({ page, message }) => ({
    message: `${describePage(page)}: ${message}`,
    url: page.exchange.request.url,
  }));

  const deciding = verdicts.find((verdict) => verdict.status === status)!;
  const where = `${describePage(deciding.page)} at ${deciding.page.exchange.request.url}`;
  const others = verdicts.length > 1 ? ` (${verdicts.length} responses judged)` : '';
  return { status, message: `${capitalise(deciding.message)}: ${where}${others}.`, evidence };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
