import { isAbsolute, join, resolve } from 'node:path';
import type { ShipshapeConfig } from '../../core/config-schema.js';
import { NotGivenError } from '../../core/errors.js';

export const NOT_ON_HOST =
  'host checks read the server itself: run shipshape on the server with --host (or host.enabled: true)';

/** The folder that stands for `/` on the host; throws NotGivenError outside host mode. */
export function hostRoot(config: ShipshapeConfig): string {
  if (!config.host.enabled) throw new NotGivenError(NOT_ON_HOST);
  return resolve(config.host.root);
}

/** A host path (`/etc/ufw`) under the root; a relative path is taken from the current folder. */
export function onHost(root: string, path: string): string {
  if (!isAbsolute(path)) return resolve(path);
  return root === '/' ? path : join(root, path);
}
