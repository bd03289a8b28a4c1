export type { Policy, ShipshapeConfig } from './core/config-schema.js';
export { UsageError } from './core/errors.js';
export type * from './core/types.js';
export { productionWeb } from './profiles/production-web.js';
export { createRegistry, type ScanOptions, scan } from './scan.js';
