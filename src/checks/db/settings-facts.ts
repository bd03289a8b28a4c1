import type { Evidence, Finding } from '../../core/types.js';
import type { DatabaseClientSetting, DatabaseSettings } from '../../gather/database-settings.js';
import { capped, evidenceAt, where } from '../source-places.js';

export interface FoundSetting {
  evidence: Evidence;
  /** The number set, when it is one: 0 turns a timeout off. */
  value?: number;
}

/** Every place a setting of one of the names is given: client options, URLs, env, code strings. */
export function findSettings(
  settings: DatabaseSettings,
  names: RegExp,
  envKeys: RegExp,
): FoundSetting[] {
  const found: FoundSetting[] = [];
  for (const client of settings.clients) found.push(...clientSettings(client, names));
  for (const url of settings.urls) {
    for (const [key, value] of Object.entries(url.params)) {
      if (names.test(key)) found.push(numbered(`${where(url)}: URL parameter ${key}`, url, value));
    }
  }
  for (const entry of settings.env) {
    if (envKeys.test(entry.key))
      found.push(numbered(`${where(entry)}: ${entry.key}`, entry, entry.value));
  }
  return found;
}

function clientSettings(client: DatabaseClientSetting, names: RegExp): FoundSetting[] {
  const found: FoundSetting[] = [];
  for (const [name, value] of Object.entries(client.options)) {
    if (!names.test(name)) continue;
    const place = { file: client.file, line: value.line };
    found.push(
      numbered(
        `${where(place)}: ${client.library} \`${client.call}\` option ${name}`,
        place,
        value.kind === 'number' || value.kind === 'string' ? value.value : undefined,
      ),
    );
  }
  for (const [key, value] of Object.entries(client.urlParams)) {
    if (names.test(key))
      found.push(
        numbered(`${where(client)}: ${client.library} URL parameter ${key}`, client, value),
      );
  }
  return found;
}

function numbered(
  message: string,
  place: { file: string; line?: number },
  value?: string,
): FoundSetting {
  const number = value === undefined ? Number.NaN : Number(/(\d+)/.exec(value)?.[1]);
  const shown = Number.isNaN(number) ? '' : ` = ${number}`;
  return {
    evidence: evidenceAt(`${message}${shown}`, place),
    ...(Number.isNaN(number) ? {} : { value: number }),
  };
}

export function hasDatabase(settings: DatabaseSettings): boolean {
  return settings.urls.length > 0 || settings.clients.length > 0;
}

type Judgement = Pick<Finding, 'status' | 'message'>;

/** How a timeout check words its three cases: set to 0, set, and absent where a database is. */
export interface TimeoutVerdicts {
  zero: Judgement;
  set: Judgement;
  absent: Judgement;
}

const NO_DATABASE = 'No database URL or client settings were found in the env files or the code.';

/** The shared decision of the timeout checks: 0 turns a timeout off, none found is judged. */
export function judgeTimeoutSettings(
  settings: DatabaseSettings,
  found: readonly FoundSetting[],
  verdicts: TimeoutVerdicts,
): Finding {
  const evidence = capped(found.map((setting) => setting.evidence));
  if (found.some((setting) => setting.value === 0)) return { ...verdicts.zero, evidence };
  if (found.length > 0) return { ...verdicts.set, evidence };
  if (!hasDatabase(settings)) return { status: 'manual', message: NO_DATABASE };
  return verdicts.absent;
}
