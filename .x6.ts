import { gatherTree, HOSTILE_FILES } from './test/support/source-tree.js';
const f = await gatherTree('sourceFacts', { ...HOSTILE_FILES, 'app/ok.py': 'x = 1\n' });
console.log(f.problems, f.filesParsed, f.filesScanned);
