import type { WaiverConfig } from './config-schema.js';
import { UsageError } from './errors.js';
import type {
  CheckResult,
  ItemResult,
  Location,
  Profile,
  Status,
  Waived,
  WaiverOutcome,
} from './types.js';

/** The statuses that keep an item from passing; a waiver is what lets them go. */
const OPEN: readonly Status[] = ['fail', 'error', 'warn'];

/** The scan's day in UTC, YYYY-MM-DD: what a waiver's expiry is compared with. */
export function scanDay(startedAt: Date): string {
  return startedAt.toISOString().slice(0, 10);
}

/** Rejects a waiver that names nothing in the profile: a typo would otherwise waive nothing. */
export function checkWaiverIds(
  waivers: readonly WaiverConfig[],
  profile: Profile,
  where: (index: number) => string = (index) => `waivers[${index}].id`,
): void {
  const known = new Set(profile.items.flatMap((item) => [item.id, ...item.checks]));
  waivers.forEach((waiver, index) => {
    if (known.has(waiver.id)) return;
    throw new UsageError(
      `${where(index)}: no item or check is named "${waiver.id}"; use an item id such as headers.csp or a check id such as csp-policy`,
    );
  });
}

/**
 * Marks the results of an item that a waiver covers. Statuses stay as they are: the gate reads
 * `waived`, and the summary says so. A pass needs no waiver and gets none.
 */
export function waiveItem(
  item: ItemResult,
  waivers: readonly WaiverConfig[],
  day: string,
): ItemResult {
  if (waivers.length === 0) return item;

  const checks = item.checks.map((check) => waiveCheck(item.id, check, waivers, day));
  const waived = itemWaiver(checks);
  if (!waived) return { ...item, checks };
  return { ...item, checks, summary: `${describeWaiver(waived)} ${item.summary}`, waived };
}

/** What became of each waiver: applied to a result, expired, or matching no result. */
export function waiverOutcomes(
  waivers: readonly WaiverConfig[],
  items: readonly ItemResult[],
  day: string,
): WaiverOutcome[] {
  const results = items.flatMap((item) => item.checks.map((check) => ({ item, check })));
  return waivers.map((waiver) => {
    const base = { ...waiver };
    if (isExpired(waiver, day)) return { ...base, state: 'expired' };
    const used = results.some(({ item, check }) => check.waived && covers(waiver, item.id, check));
    return { ...base, state: used ? 'applied' : 'unused' };
  });
}

export function describeWaiver(waived: Waived): string {
  return waived.expired
    ? `Waiver expired on ${waived.expires} and no longer applies (${waived.reason}).`
    : `Waived until ${waived.expires}: ${waived.reason}.`;
}

function waiveCheck(
  itemId: string,
  check: CheckResult,
  waivers: readonly WaiverConfig[],
  day: string,
): CheckResult {
  if (check.status === 'pass') return check;
  const matching = waivers.filter((waiver) => covers(waiver, itemId, check));
  if (matching.length === 0) return check;

  // A live waiver wins over an expired one for the same result.
  const chosen = matching.find((waiver) => !isExpired(waiver, day)) ?? matching[0]!;
  return { ...check, waived: toWaived(chosen, isExpired(chosen, day)) };
}

/** The item's waiver, when each result that keeps it from passing has one. */
function itemWaiver(checks: readonly CheckResult[]): Waived | undefined {
  const open = checks.filter((check) => OPEN.includes(check.status));
  const waivers = open.map((check) => check.waived);
  if (open.length === 0 || waivers.some((waived) => waived === undefined)) return undefined;
  return waivers.find((waived) => waived!.expired) ?? waivers[0];
}

function covers(waiver: WaiverConfig, itemId: string, check: CheckResult): boolean {
  if (waiver.id !== itemId && waiver.id !== check.id) return false;
  if (waiver.location === undefined) return true;

  // Every place the result cites must lie where the waiver says: a result that also cites
  // another file is not waived by a waiver for one of them.
  const cited = [check.location, ...check.evidence.map((evidence) => evidence.location)].filter(
    (location): location is Location => location !== undefined,
  );
  return cited.length > 0 && cited.every((location) => isWithin(location, waiver.location!));
}

function isWithin(location: Location, waived: string): boolean {
  const match = /^(.*?)(?::(\d+))?$/.exec(waived)!;
  const file = normalise(match[1]!);
  if (normalise(location.file) !== file) return false;
  return match[2] === undefined || location.line === Number(match[2]);
}

function normalise(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

function isExpired(waiver: WaiverConfig, day: string): boolean {
  return waiver.expires < day;
}

function toWaived(waiver: WaiverConfig, expired: boolean): Waived {
  return {
    id: waiver.id,
    ...(waiver.location !== undefined ? { location: waiver.location } : {}),
    reason: waiver.reason,
    expires: waiver.expires,
    expired,
  };
}
