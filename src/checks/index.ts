import type { CheckDefinition } from '../core/types.js';

/** Every built-in check. A new check module is added here and bound to an item in a profile. */
export const builtinChecks: CheckDefinition<never>[] = [];
