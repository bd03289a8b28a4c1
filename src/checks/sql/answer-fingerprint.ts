import type { HttpResponse } from '../../gather/http.js';

/** Every form in which an answer may echo a value back: raw, JSON, HTML and URL escaped. */
function echoesOf(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
  const htmlX = html.replaceAll('&#39;', '&#x27;');
  const url = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  return [...new Set([value, json, html, htmlX, url, form])].sort((a, b) => b.length - a.length);
}

/**
 * An answer reduced to what does not vary between two harmless requests: the echoed value is
 * cut out, numbers (ids, times) and white space are flattened. Two answers alike by this
 * measure handled the values alike.
 */
export function fingerprint(response: HttpResponse, sent: string): string {
  let body = response.body;
  for (const echo of echoesOf(sent)) if (echo !== '') body = body.split(echo).join('<sent>');
  const flattened = body.replace(/\d+/g, '0').replace(/\s+/g, ' ').trim();
  return `${response.status} ${flattened}`;
}

/** Whether two answers look alike: the same fingerprint, or lengths within 2% at the same status. */
export function sameAnswer(
  a: HttpResponse,
  sentA: string,
  b: HttpResponse,
  sentB: string,
): boolean {
  const left = fingerprint(a, sentA);
  const right = fingerprint(b, sentB);
  if (left === right) return true;
  if (a.status !== b.status) return false;
  const longer = Math.max(left.length, right.length);
  return Math.abs(left.length - right.length) <= longer * 0.02;
}
