import type { FileScan } from './scan.js';

/** Env variables that name an alert channel: `SLACK_WEBHOOK_URL`, `PAGERDUTY_ROUTING_KEY` ... */
const ALERT_KEY =
  /\b((?:[A-Z0-9]+_)*(?:SLACK|DISCORD|TEAMS|PAGERDUTY|OPSGENIE|ALERT|ALERTS)_(?:[A-Z0-9]+_)*(?:WEBHOOK|URL|KEY|TOKEN|DSN|CHANNEL)(?:_[A-Z0-9]+)*)\b/g;
/** Webhook hosts of chat services written straight into the code (the URL itself is secret). */
const WEBHOOK_HOST =
  /hooks\.slack\.com\/|discord(?:app)?\.com\/api\/webhooks\/|webhook\.office\.com\//g;
const COMMENT = /^\s*(?:#|\/\/|\*)/;

/** Alert channels the code reads from the environment or calls directly. */
export function findAlertChannels(scan: FileScan): void {
  if (!/SLACK|DISCORD|TEAMS|PAGERDUTY|OPSGENIE|ALERT|hooks\.|webhook/i.test(scan.text)) return;
  const seen = new Set<string>();
  scan.text.split('\n').forEach((line, index) => {
    if (COMMENT.test(line)) return;
    for (const match of line.matchAll(ALERT_KEY)) {
      const key = match[1]!;
      if (seen.has(key)) continue;
      seen.add(key);
      scan.facts.alertHooks.push({
        file: scan.file,
        line: index + 1,
        tool: 'webhook',
        target: 'env',
        envKey: key,
      });
    }
    if (WEBHOOK_HOST.test(line)) {
      scan.facts.alertHooks.push({
        file: scan.file,
        line: index + 1,
        tool: 'webhook',
        target: 'literal',
      });
    }
    WEBHOOK_HOST.lastIndex = 0;
  });
}
