import type { FileScan } from './scan.js';
import { lineOf, scopeOf } from './syntax.js';

const USER_AGENT = /user[-_ ]?agent/i;
const BOT_WORDS = /bot|crawler|spider|scrap|headless|python-requests|curl|wget|httpx|aiohttp/i;
const REFUSAL = /\b403\b|forbidden|HTTP_403/i;

/**
 * Code that reads the User-Agent header and refuses bots: a function that reads the header,
 * names bot user agents and answers 403. One finding per function.
 */
export function findBotScreens(
  scan: FileScan,
  functionKinds: ReadonlySet<string>,
  nameKinds: string[],
): void {
  if (!USER_AGENT.test(scan.text) || !BOT_WORDS.test(scan.text)) return;
  const names = nameKinds.map((kind) => ({ kind, regex: '(?i)^user_?agent$' }));
  const reads = scan.root.findAll({
    rule: { any: [{ kind: 'string', regex: '(?i)user[-_ ]?agent' }, ...names] },
  });
  const seen = new Set<number>();
  for (const read of reads) {
    const scope = scopeOf(read, functionKinds);
    const text = scope.text();
    if (seen.has(scope.id()) || !BOT_WORDS.test(text) || !REFUSAL.test(text)) continue;
    seen.add(scope.id());
    scan.facts.botScreens.push({
      file: scan.file,
      line: lineOf(read),
      how: 'reads the User-Agent header, matches bot names and answers 403',
    });
  }
}
