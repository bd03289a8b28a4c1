import { extractFile } from './src/gather/source/extract.js';
for (const f of ['app/main.py', 'web/server.ts']) console.log(JSON.stringify(extractFile('/tmp/sg/p1', f), (k, v) => (Array.isArray(v) && v.length === 0 ? undefined : v), 1));
