import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { HOSTILE, sampleReport } from '../support/reports.js';

const CHROMIUM = '/usr/bin/chromium';
// Debian's chromium, never a downloaded browser; the flags keep it from calling home.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const report = sampleReport();
const html = renderHtml(report);
const failCount = report.items.filter((item) => item.status === 'fail').length;

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
const inline = (tag: string) =>
  [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => match[1]!);

describe('renderHtml, as text', () => {
  it('allows exactly its one inline style and one inline script, by hash', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const [style] = inline('style');
    const scripts = inline('script');

    assert.equal(scripts.length, 1);
    assert.match(csp, /default-src 'none'/);
    assert.ok(csp.includes(`style-src '${sha256(style!)}'`));
    assert.ok(csp.includes(`script-src '${sha256(scripts[0]!)}'`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  });

  it('loads nothing from elsewhere and carries no inline handler or style attribute', () => {
    assert.doesNotMatch(html, /\s(src|href)="(https?:)?\/\//);
    assert.doesNotMatch(html, /<[^>]*\son[a-z]+=/i);
    assert.doesNotMatch(html, /<[^>]*\sstyle=/i);
  });

  it('escapes what the target sent', () => {
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('<script>window.pwned'));
    assert.ok(!html.includes('<!-- shipshape'));
    assert.ok(html.includes('&#60;img src=x onerror=&#34;window.pwned=1&#34;&#62;'));
  });

  it('says a message once where the item, its one check and the evidence say the same', () => {
    const repeated = sampleReport();
    const item = repeated.items.find((candidate) => candidate.checks.length === 1)!;
    const check = item.checks[0]!;
    const said = 'SECRET_KEY at .env:6 is a placeholder.';
    item.summary = said;
    check.message = said;
    check.location = { file: '.env', line: 6 };
    check.evidence = [
      { message: said, location: { file: '.env', line: 6 } },
      { message: 'DEBUG at .env:4 turns debug on.', location: { file: '.env', line: 4 } },
    ];
    const page = renderHtml(repeated);
    assert.equal(page.split(said).length - 1, 1);
    assert.ok(page.includes('DEBUG at .env:4 turns debug on.'));
  });

  it('lists every item once, with its status for the filters', () => {
    const articles =
      html.match(/<article class="item s-\w+" id="item-[^"]+" data-status="\w+"/g) ?? [];
    assert.equal(articles.length, 49);
  });
});

const browserReason = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (npm run test:setup)`;

// In CI the browser must be there: a skipped browser test would hide a broken report.
describe('renderHtml, in headless Chromium', {
  skip: process.env.CI ? false : browserReason,
}, () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-html-'));

  before(async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: LAUNCH_ARGS,
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:'))
        problems.push(`request ${request.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
  });

  after(async () => {
    await browser?.close();
  });

  const visibleItems = () => page.locator('article.item:visible').count();

  it('loads without console errors, CSP reports or requests', async () => {
    assert.equal(await page.locator('form.filters').isVisible(), true, 'the script ran');
    assert.deepEqual(problems, []);
  });

  it('shows hostile evidence as text and runs none of it', async () => {
    assert.equal(await page.evaluate('window.pwned'), undefined);
    const text = (await page.locator('body').textContent()) ?? '';
    assert.ok(text.includes('window.pwned=2'));
    assert.ok(text.includes(HOSTILE.slice(0, 20)));
  });

  it('filters by status', async () => {
    assert.equal(await visibleItems(), 49);
    for (const status of ['pass', 'warn', 'manual', 'skip', 'error']) {
      await page.locator(`input[name=status][value=${status}]`).uncheck();
    }
    assert.equal(await visibleItems(), failCount);
    assert.match(
      (await page.locator('.shown').textContent()) ?? '',
      new RegExp(`Showing ${failCount} of 49`),
    );
  });

  it('filters by section, hiding sections left empty', async () => {
    await page.locator('select[name=section]').selectOption('env');
    const expected = report.items.filter(
      (item) => item.section === 'env' && item.status === 'fail',
    ).length;
    assert.equal(await visibleItems(), expected);
    assert.equal(await page.locator('main > section:visible').count(), expected > 0 ? 1 : 0);

    await page.locator('select[name=section]').selectOption('');
    for (const box of await page.locator('input[name=status]').all()) await box.check();
    assert.equal(await visibleItems(), 49);
  });

  it('takes a screenshot, and prints without the filter bar', async () => {
    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.deepEqual([...readFileSync(screenshot).subarray(1, 4)], [...Buffer.from('PNG')]);

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('form.filters').isVisible(), false);
    assert.equal(await visibleItems(), 49);
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(problems, []);
  });
});
