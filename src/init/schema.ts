import { z } from 'zod';
import { configSchema } from '../core/config-schema.js';

export const SCHEMA_ID = 'https://shipshape.dev/schema/shipshape.schema.json';

/**
 * The configuration's JSON Schema for editors, from the validator itself, so the two cannot
 * disagree. It describes what a file may hold (`io: 'input'`): every key with a default is
 * optional.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  const document = {
    ...schema,
    $id: SCHEMA_ID,
    title: 'shipshape configuration',
    description: 'shipshape.yaml: the target, policy, probes, limits and waivers of a scan.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
