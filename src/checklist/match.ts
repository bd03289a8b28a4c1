import type { ItemDefinition, Profile } from '../core/types.js';

/** A proposed binding of a checklist task to a profile item, with how well its words agree. */
export interface Match {
  itemId: string;
  /** 0 to about 1.5: word agreement (0 to 1), plus a bonus when the headings name its section. */
  score: number;
}

/**
 * Below this a proposal is a guess: the task is left to a person (`manual`) instead. Set so
 * that a review duty that shares words with an item ("Security audit", "Review security logs")
 * is not mistaken for the item ("Security audit logger is active").
 */
export const MIN_SCORE = 0.7;
/** A heading names a section when its words agree at least this well with the section title. */
const MIN_SECTION_SCORE = 0.5;
/** The item's section, named by the task's heading, outweighs a closer wording elsewhere. */
const SECTION_BONUS = 0.5;
/** Words of an item's hand-check sentence count less than the words of its title. */
const MANUAL_WEIGHT = 0.4;

// Words that say how to check rather than what: a checklist's verbs and fillers.
// biome-ignore format: a packed word list reads better than one word a line
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'by', 'at', 'from', 'is',
  'are', 'be', 'been', 'being', 'it', 'its', 'as', 'that', 'this', 'all', 'any', 'no', 'not',
  'set', 'check', 'checks', 'verify', 'confirm', 'ensure', 'review', 'monitor', 'run', 'your',
  'e', 'g', 'eg', 'if', 'than', 'then', 'each', 'every', 'one', 'only', 'so', 'by', 'do', 'does',
  'should', 'must', 'has', 'have', 'using', 'use', 'uses', 'used', 'example', 'such', 'com', 'x',
  'taken', 'made', 'done', 'up', 'place',
]);

// Spellings of one idea in checklists, mapped to the word the profile uses.
const SYNONYMS: Record<string, string> = {
  ssl: 'tls',
  docs: 'documentation',
  doc: 'documentation',
  swagger: 'documentation',
  stripe: 'payment',
  payments: 'payment',
  minimal: 'minimum',
  least: 'minimum',
  privileges: 'permission',
  privilege: 'permission',
  rights: 'permission',
  req: 'request',
  credentials: 'credential',
  passwords: 'credential',
  password: 'credential',
  env: 'environment',
  dotenv: 'environment',
  cert: 'certificate',
  certs: 'certificate',
  ratelimit: 'rate',
  throttling: 'rate',
  accessible: 'access',
  reachable: 'access',
  exposed: 'access',
  logs: 'log',
  logged: 'log',
  logger: 'log',
  logging: 'log',
  bots: 'bot',
  crawler: 'bot',
  framing: 'frame',
  denied: 'deny',
  denies: 'deny',
  working: 'active',
  works: 'active',
  enabled: 'active',
  enforced: 'active',
  running: 'active',
  passes: 'valid',
  daily: 'recent',
  nightly: 'recent',
  backups: 'backup',
  dumps: 'backup',
  dump: 'backup',
  // Whether a port can be reached: one the firewall blocks, or that is closed, is not.
  block: 'access',
  blocks: 'access',
  blocked: 'access',
  blocking: 'access',
  closed: 'access',
  public: 'publicly',
  internet: 'publicly',
  postgres: 'database',
  postgresql: 'database',
  // `responses` would stem to `respons`, short of the profile's `response`.
  responses: 'response',
  rotate: 'rotation',
  rotates: 'rotation',
  rotated: 'rotation',
  rotating: 'rotation',
};

/** Words weighted by rarity: a word most items share says little about which item is meant. */
type Vector = Map<string, number>;

/** An item's words: its title's, and those of its hand-check sentence and section, worth less. */
interface Words {
  title: Vector;
  manual: ReadonlySet<string>;
}

// Abbreviations that stand for several of the profile's words.
const EXPANSIONS: Record<string, string> = {
  hsts: 'strict transport security',
  csp: 'content security policy',
  xfo: 'frame options',
  sqli: 'sql injection',
  tls12: 'tls 1 2',
};

/** Lower-case word stems, synonyms folded, stop words dropped. */
export function words(text: string): string[] {
  // `nginx -t` is how checklists say that the configuration's syntax is checked.
  const spelled = text.toLowerCase().replace(/\bnginx\s+-t\b/g, 'nginx syntax valid');
  return (spelled.match(/[a-z0-9]+/g) ?? [])
    .flatMap((word) => (EXPANSIONS[word] ?? word).split(' '))
    .map((word) => SYNONYMS[word] ?? word)
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}

function stem(word: string): string {
  for (const suffix of ['ation', 'ing', 'ed', 'es', 's']) {
    if (word.length - suffix.length >= 4 && word.endsWith(suffix)) {
      const root = word.slice(0, -suffix.length);
      return SYNONYMS[root] ?? root;
    }
  }
  return word;
}

/** Matches checklist tasks to one profile's items and sections. */
export class Matcher {
  private readonly idf = new Map<string, number>();
  private readonly items: { item: ItemDefinition; words: Words }[];
  private readonly sections: { id: string; words: Words }[];

  constructor(private readonly profile: Profile) {
    // An item's section names it too, as weakly as its hand-check sentence: the database port
    // is the firewall's business though its own sentences never say "firewall".
    const sectionTitles = new Map(profile.sections.map((section) => [section.id, section.title]));
    const manualOf = (item: ItemDefinition) =>
      `${item.manual} ${sectionTitles.get(item.section) ?? ''}`;
    const documents = profile.items.map(
      (item) => new Set([...words(item.title), ...words(manualOf(item))]),
    );
    for (const document of documents) {
      for (const word of document) this.idf.set(word, (this.idf.get(word) ?? 0) + 1);
    }
    for (const [word, count] of this.idf)
      this.idf.set(word, Math.log(1 + documents.length / count));

    this.items = profile.items.map((item) => ({
      item,
      words: { title: this.vector(item.title), manual: new Set(words(manualOf(item))) },
    }));
    this.sections = profile.sections.map((section) => ({
      id: section.id,
      words: { title: this.vector(section.title), manual: new Set() },
    }));
  }

  /** The section a heading names, if one does. */
  sectionOf(heading: string): string | null {
    const vector = this.vector(heading);
    let best: { id: string; score: number } | null = null;
    for (const section of this.sections) {
      const score = agreement(vector, section.words);
      if (score >= MIN_SECTION_SCORE && (!best || score > best.score))
        best = { id: section.id, score };
    }
    return best?.id ?? null;
  }

  /**
   * Every item scored against a task's text, best first. Only the nearest heading counts: a
   * "Weekly" list under "Post-deployment monitoring" is not the deployment section.
   */
  rank(text: string, heading: string | undefined): Match[] {
    const vector = this.vector(text);
    const section = heading === undefined ? null : this.sectionOf(heading);
    return this.items
      .map(({ item, words: itemWords }) => ({
        itemId: item.id,
        score: agreement(vector, itemWords) + (item.section === section ? SECTION_BONUS : 0),
      }))
      .sort((a, b) => b.score - a.score);
  }

  private vector(text: string): Vector {
    // A word no item uses is as rare as a word can be.
    const unseen = Math.log(1 + this.profile.items.length);
    return new Map(words(text).map((word) => [word, this.idf.get(word) ?? unseen]));
  }
}

/**
 * How well a task's words agree with an item's: the harmonic mean of the share of the task's
 * words the item has (a word of the hand-check sentence counts less than one of the title) and
 * the share of the item's title the task has, each word weighted by its rarity.
 */
function agreement(task: Vector, item: Words): number {
  let taskTotal = 0;
  let found = 0;
  let titleFound = 0;
  for (const [word, weight] of task) {
    taskTotal += weight;
    if (item.title.has(word)) {
      found += weight;
      titleFound += item.title.get(word)!;
    } else if (item.manual.has(word)) found += weight * MANUAL_WEIGHT;
  }
  const titleTotal = [...item.title.values()].reduce((sum, weight) => sum + weight, 0);
  const recall = taskTotal === 0 ? 0 : found / taskTotal;
  const precision = titleTotal === 0 ? 0 : titleFound / titleTotal;
  return recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision);
}
