import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/bots/bot-screening-middleware.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ sourceFacts: await gatherTree('sourceFacts', tree) }, checkContext);
}

const MIDDLEWARE = `BOTS = re.compile(r"python-requests|curl|bot|spider", re.I)

@app.middleware("http")
async def block_bots(request, call_next):
    agent = request.headers.get("user-agent", "")
    if BOTS.search(agent):
        return JSONResponse(status_code=403, content={"detail": "Forbidden"})
    return await call_next(request)
`;

describe("'bot-screening-middleware'", () => {
  it('passes a middleware that refuses bot user agents, in Python and Express', async () => {
    const finding = await judge({ 'app/main.py': MIDDLEWARE });
    assert.equal(finding.status, 'pass');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'app/main.py', line: 5 });
    const express =
      "app.use((req, res, next) => {\n  if (isbot(req.get('user-agent'))) return res.sendStatus(403);\n  next();\n});\n";
    assert.equal((await judge({ 'src/bots.js': express })).status, 'pass');
  });

  it('is manual when code only reads the header, or has none of it', async () => {
    const logging = 'def log(request):\n    logger.info(request.headers.get("user-agent"))\n';
    assert.equal((await judge({ 'app/log.py': logging })).status, 'manual');
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
  });

  it('is skipped without source and survives hostile files', async () => {
    assert.equal((await judge({ 'a.md': '' })).status, 'skip');
    assert.equal((await judge({ ...HOSTILE_FILES, 'app/main.py': MIDDLEWARE })).status, 'pass');
  });
});
