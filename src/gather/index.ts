import type { GathererDefinition } from '../core/types.js';

/** Every built-in gatherer, one per artifact. */
export const builtinGatherers: GathererDefinition<never>[] = [];
