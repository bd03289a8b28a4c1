// Writes schema/shipshape.schema.json from the configuration's validator (npm run schema).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/init/schema.js';

const file = new URL('../schema/shipshape.schema.json', import.meta.url);
writeFileSync(file, configJsonSchema());
process.stdout.write(`wrote ${file.pathname}\n`);
