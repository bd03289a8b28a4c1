import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { SourceFacts } from '../../gather/source.js';
import { capped, evidenceAt, noSourceFinding, where } from '../source-places.js';

export function judgeBotScreening(source: SourceFacts): Finding {
  const none = noSourceFinding(source);
  if (none) return none;

  if (source.botScreens.length > 0) {
    return {
      status: 'pass',
      message: `The application screens user agents (${where(source.botScreens[0]!)}).`,
      evidence: capped(
        source.botScreens.map((screen) => evidenceAt(`${where(screen)}: ${screen.how}`, screen)),
      ),
    };
  }
  return {
    status: 'manual',
    message:
      'No code reads the User-Agent header to refuse bots: confirm nginx or a WAF in front of the API does it.',
  };
}

export default defineCheck({
  id: 'bot-screening-middleware',
  title: 'A middleware screens bot user agents',
  severity: 'medium',
  needs: ['sourceFacts'],
  remediation:
    'Add a middleware that reads the User-Agent header, matches known bot and script clients ' +
    '(python-requests, curl, scrapy, headless browsers) and answers 403, or an nginx rule ' +
    '`if ($http_user_agent ~* "(python-requests|curl|scrapy)") { return 403; }`.',
  run: ({ sourceFacts }) => judgeBotScreening(sourceFacts),
});
