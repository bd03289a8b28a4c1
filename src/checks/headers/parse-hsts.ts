import { cut } from '../../core/redact.js';

/**
 * A strict reading of Strict-Transport-Security (RFC 6797, section 6.1): directives separated
 * by `;`, names are case-insensitive tokens, values are tokens or quoted strings. A header the
 * RFC tells browsers to ignore (no max-age, a repeated directive, a malformed value) is invalid.
 */
export interface HstsPolicy {
  maxAge: number;
  includeSubDomains: boolean;
  preload: boolean;
}

export type HstsParseResult =
  | { valid: true; policy: HstsPolicy }
  | { valid: false; problem: string };

interface Directive {
  name: string;
  value?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VALUELESS = new Set(['includesubdomains', 'preload']);

/** Splits on `;` outside quoted strings; a quote left open is reported as null. */
export function splitDirectives(header: string): string[] | null {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < header.length; index += 1) {
    const char = header[index]!;
    if (quoted && char === '\\') {
      current += char + (header[index + 1] ?? '');
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (quoted) return null;
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function unquote(value: string): string | null {
  if (!value.startsWith('"')) return TOKEN.test(value) ? value : null;
  if (value.length < 2 || !value.endsWith('"')) return null;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}

function parseDirective(text: string): Directive | string {
  const equals = text.indexOf('=');
  const name = (equals === -1 ? text : text.slice(0, equals)).trim();
  if (!TOKEN.test(name)) return `"${cut(name, 40)}" is not a valid directive name`;
  if (equals === -1) return { name: name.toLowerCase() };

  const value = unquote(text.slice(equals + 1).trim());
  if (value === null) return `the value of ${name} is malformed`;
  return { name: name.toLowerCase(), value };
}

function collectDirectives(header: string): Map<string, Directive> | string {
  const parts = splitDirectives(header);
  if (parts === null) return 'a quoted string is not closed';

  const directives = new Map<string, Directive>();
  for (const part of parts) {
    const directive = parseDirective(part);
    if (typeof directive === 'string') return directive;
    if (directives.has(directive.name)) return `the ${directive.name} directive appears twice`;
    if (VALUELESS.has(directive.name) && directive.value !== undefined) {
      return `${directive.name} takes no value`;
    }
    directives.set(directive.name, directive);
  }
  return directives;
}

export function parseHsts(header: string): HstsParseResult {
  const directives = collectDirectives(header);
  if (typeof directives === 'string') return { valid: false, problem: directives };

  const maxAge = directives.get('max-age');
  if (maxAge === undefined) return { valid: false, problem: 'max-age is missing' };
  if (maxAge.value === undefined || !/^\d+$/.test(maxAge.value)) {
    return { valid: false, problem: 'max-age is not a whole number of seconds' };
  }

  return {
    valid: true,
    policy: {
      // A value past what a number holds exactly is kept as the largest one that does.
      maxAge: Math.min(Number(maxAge.value), Number.MAX_SAFE_INTEGER),
      includeSubDomains: directives.has('includesubdomains'),
      preload: directives.has('preload'),
    },
  };
}
