import { extractFile } from './src/gather/source/extract.js';
for (const f of ['app/main.py', 'web/server.ts']) { const r = extractFile('/tmp/sg/p1', f); console.log(r.rawSql.map((x) => `${x.line} ${x.call} ${x.building} ${x.names} ${x.via?.variable ?? ''}`), r.databaseClients.map((c) => c.call)); }
