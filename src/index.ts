export { scan, createRegistry, type ScanOptions } from './scan.js';
export { productionWeb } from './profiles/production-web.js';
export { UsageError } from './core/errors.js';
export type * from './core/types.js';
export type { ShipshapeConfig, Policy } from './core/config-schema.js';
