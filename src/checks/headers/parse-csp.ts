/**
 * Content-Security-Policy parsed the way CSP Level 3 (section 2.2) tells browsers to: a header
 * value may hold several policies separated by commas; a policy's directives are separated by
 * `;`; a repeated directive is ignored after its first occurrence; names are case-insensitive.
 */
export interface CspPolicy {
  /** Directive name (lower case) to its source expressions, as written. */
  directives: Map<string, string[]>;
  /** Directives that appeared more than once; browsers keep only the first. */
  duplicates: string[];
}

const DIRECTIVE_NAME = /^[A-Za-z0-9-]+$/;

export function parseCspPolicy(text: string): CspPolicy {
  const directives = new Map<string, string[]>();
  const duplicates: string[] = [];

  for (const token of text.split(';')) {
    const [rawName, ...sources] = token.trim().split(/[\t\n\f\r ]+/);
    if (!rawName || !DIRECTIVE_NAME.test(rawName)) continue;
    const name = rawName.toLowerCase();
    if (directives.has(name)) {
      duplicates.push(name);
      continue;
    }
    directives.set(name, sources);
  }
  return { directives, duplicates };
}

/** Every policy in the values of the CSP headers of one response. */
export function parseCspHeaders(values: readonly string[]): CspPolicy[] {
  return values
    .flatMap((value) => value.split(','))
    .filter((text) => text.trim() !== '')
    .map(parseCspPolicy);
}

/** The sources that govern a fetch directive: its own, else default-src, else none given. */
export function effectiveSources(policy: CspPolicy, directive: string): string[] | undefined {
  return policy.directives.get(directive) ?? policy.directives.get('default-src');
}

const KEYWORDS = new Set([
  "'self'",
  "'none'",
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'strict-dynamic'",
  "'unsafe-hashes'",
  "'wasm-unsafe-eval'",
  "'report-sample'",
]);

/** Keywords and schemes compare case-insensitively; hosts and paths keep their case. */
export function normaliseSource(source: string): string {
  const lower = source.toLowerCase();
  if (KEYWORDS.has(lower) || /^[a-z][a-z0-9+.-]*:$/.test(lower)) return lower;
  return source;
}

export function isNonceOrHash(source: string): boolean {
  return /^'(nonce-|sha256-|sha384-|sha512-)[A-Za-z0-9+/_=-]+'$/i.test(source);
}

/** Sources that admit any host: a bare `*`, a scheme alone, or a scheme with a `*` host. */
export function isWildcardSource(source: string): boolean {
  const lower = source.toLowerCase();
  return (
    lower === '*' ||
    /^[a-z][a-z0-9+.-]*:$/.test(lower) ||
    /^[a-z][a-z0-9+.-]*:\/\/\*\/?$/.test(lower)
  );
}

/** What frame-ancestors allows: nobody, the same origin, listed hosts, or any host. */
export type FrameAncestors = 'none' | 'self' | 'hosts' | 'any';

export function classifyFrameAncestors(sources: readonly string[]): FrameAncestors {
  const normalised = sources.map(normaliseSource);
  // 'none' counts only alone: beside other sources, browsers ignore it.
  const listed = normalised.filter((source) => source !== "'none'");
  if (listed.length === 0) return 'none';
  if (listed.some(isWildcardSource)) return 'any';
  return listed.every((source) => source === "'self'") ? 'self' : 'hosts';
}
