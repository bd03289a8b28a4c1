import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createProgress } from '../../src/cli/progress.js';
import type { ItemResult } from '../../src/core/types.js';
import { productionWeb } from '../../src/profiles/production-web.js';

const asResult = (id: string, section: string): ItemResult => ({
  id,
  section,
  title: id,
  status: 'pass',
  summary: '',
  checks: [],
});

describe('progress', () => {
  it('writes one rewritten line per finished section, and clears it at the end', () => {
    const written: string[] = [];
    const progress = createProgress(productionWeb, (text) => written.push(text));
    for (const item of productionWeb.items) progress.onItem(asResult(item.id, item.section));
    progress.done();

    assert.equal(written.length, productionWeb.sections.length + 1);
    assert.match(
      written[0]!,
      /^\r\u001b\[2Kshipshape: 1\/13 sections done; Environment configuration: 5 pass$/,
    );
    assert.equal(written.at(-1), '\r\u001b[2K');
  });

  async function scanWith(progress: boolean | undefined): Promise<string> {
    let stderr = '';
    const io = {
      stdout: () => undefined,
      stderr: (text: string) => {
        stderr += text;
      },
      color: false,
    };
    const project = mkdtempSync(join(tmpdir(), 'shipshape-progress-'));
    await main(['scan', '--project', project], progress === undefined ? io : { ...io, progress });
    return stderr;
  }

  it('shows on a terminal, and never off one', async () => {
    assert.match(await scanWith(true), /13\/13 sections done; Deployment/);
    assert.equal(await scanWith(false), '');
    assert.equal(await scanWith(undefined), '');
  });
});
