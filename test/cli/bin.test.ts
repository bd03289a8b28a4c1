import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('the shipshape binary', () => {
  it('ends quietly when the reader of its output closes the pipe early', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-bin-'));
    const checklist = join(dir, 'checklist.md');
    const tasks = Array.from({ length: 3000 }, (_, n) => `- [ ] Rate limits are appropriate ${n}`);
    writeFileSync(checklist, `# Checklist\n\n${tasks.join('\n')}\n`);

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', 'bind', checklist],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Like `| head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    rmSync(dir, { recursive: true, force: true });

    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
  });
});
