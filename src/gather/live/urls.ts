import { NotGivenError } from '../../core/errors.js';
import type { GatherContext } from '../../core/types.js';

/** The scan's target URL; live gatherers run only with one, so its absence is a wiring error. */
export function requireTargetUrl(context: GatherContext): string {
  const url = context.config.target.url;
  if (url === undefined) throw new NotGivenError('no target URL was given (--url or target.url)');
  return url;
}

/**
 * A probe path on the target's origin: probe paths are absolute, whatever the URL's own path.
 * Concatenated rather than resolved, so that a path such as `//other.host` stays on the target.
 */
export function resolveProbeUrl(targetUrl: string, path: string): string {
  return new URL(`${new URL(targetUrl).origin}${path}`).toString();
}

/** A path under a prefix, with one slash between them. */
export function joinPath(prefix: string, path: string): string {
  return `${prefix.replace(/\/+$/, '')}${path}`;
}
