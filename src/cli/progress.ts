import { countStatuses } from '../core/status.js';
import { type ItemResult, type Profile, STATUSES } from '../core/types.js';

export interface Progress {
  onItem(item: ItemResult): void;
  /** Clears the line, so that the report that follows starts on a clean one. */
  done(): void;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * One line on stderr, rewritten as each section of the profile finishes: for a terminal only,
 * since a log file or a CI console would keep every rewrite.
 */
export function createProgress(profile: Profile, write: (text: string) => void): Progress {
  const expected = new Map<string, number>();
  for (const item of profile.items)
    expected.set(item.section, (expected.get(item.section) ?? 0) + 1);
  const seen = new Map<string, ItemResult[]>();
  let finished = 0;
  let shown = false;

  return {
    onItem(item) {
      const items = [...(seen.get(item.section) ?? []), item];
      seen.set(item.section, items);
      if (items.length !== expected.get(item.section)) return;

      finished += 1;
      const title =
        profile.sections.find((section) => section.id === item.section)?.title ?? item.section;
      const counts = countStatuses(items.map((entry) => entry.status));
      const tally = STATUSES.filter((status) => counts[status] > 0)
        .map((status) => `${counts[status]} ${status}`)
        .join(', ');
      write(
        `${CLEAR_LINE}shipshape: ${finished}/${profile.sections.length} sections done; ${title}: ${tally}`,
      );
      shown = true;
    },
    done() {
      if (shown) write(CLEAR_LINE);
      shown = false;
    },
  };
}
