// Benchmark of the static audit: builds a synthetic project of about one million lines of
// Python and TypeScript with raw SQL planted at known lines, scans it, and prints wall time,
// files per second, peak memory and how many planted findings were found (and nothing else).
//
//   npx tsx scripts/bench-static.ts [--lines 1000000] [--keep] [--dir /tmp/folder] [--build-only]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Report } from '../src/core/types.js';
import { scan } from '../src/scan.js';

const FILE_LINES = 250;
/** One file in this many holds a planted raw query. */
const PLANT_EVERY = 40;

interface Planted {
  file: string;
  line: number;
}

/** A small deterministic generator, so that every run builds the same tree. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const PY_BLOCKS: Array<(n: number) => string[]> = [
  (n) => [
    `class Record${n}(BaseModel):`,
    `    """A record of kind ${n}."""`,
    '',
    '    id: int',
    '    name: str',
    `    amount_cents: int = ${n % 900}`,
    '    tags: list[str] = []',
    '',
  ],
  (n) => [
    `def summarise_${n}(rows: list[dict]) -> dict:`,
    '    totals: dict[str, int] = {}',
    '    for row in rows:',
    '        key = row.get("category", "other").lower()',
    '        totals[key] = totals.get(key, 0) + int(row["amount"])',
    `    logger.info("summarised %d rows", len(rows))`,
    '    return totals',
    '',
  ],
  (n) => [
    `def load_${n}(db: Session, record_id: int):`,
    '    row = db.execute(',
    `        text("SELECT id, name FROM records_${n % 50} WHERE id = :id"), {"id": record_id}`,
    '    ).first()',
    '    if row is None:',
    '        raise LookupError(record_id)',
    '    return dict(row._mapping)',
    '',
  ],
  (n) => [
    `def slugify_${n}(title: str) -> str:`,
    '    words = [word for word in title.strip().split() if word]',
    '    slug = "-".join(word.lower() for word in words)',
    `    return slug[:${40 + (n % 20)}]`,
    '',
  ],
  (n) => [
    `async def fetch_${n}(conn, user_id: int):`,
    `    query = "SELECT * FROM events WHERE user_id = %s AND kind = %s"`,
    `    await conn.execute(query, (user_id, "kind-${n % 7}"))`,
    '    return await conn.fetchall()',
    '',
  ],
];

const TS_BLOCKS: Array<(n: number) => string[]> = [
  (n) => [
    `export interface Item${n} {`,
    '  id: number;',
    '  name: string;',
    '  priceCents: number;',
    '  tags: string[];',
    '}',
    '',
  ],
  (n) => [
    `export function total${n}(items: Array<{ priceCents: number; quantity: number }>): number {`,
    '  let sum = 0;',
    '  for (const item of items) {',
    '    sum += item.priceCents * item.quantity;',
    '  }',
    `  return Math.round(sum * ${1 + (n % 3)});`,
    '}',
    '',
  ],
  (n) => [
    `export async function findUser${n}(pool: Pool, id: number) {`,
    `  const result = await pool.query('SELECT id, email FROM users_${n % 40} WHERE id = $1', [id]);`,
    '  if (result.rowCount === 0) return null;',
    '  return result.rows[0];',
    '}',
    '',
  ],
  (n) => [
    `export class Cache${n}<T> {`,
    '  private readonly entries = new Map<string, { value: T; expires: number }>();',
    '',
    '  get(key: string, now: number): T | undefined {',
    '    const entry = this.entries.get(key);',
    '    return entry && entry.expires > now ? entry.value : undefined;',
    '  }',
    '}',
    '',
  ],
  (n) => [
    `export const format${n} = (value: number): string =>`,
    `  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(value / 100);`,
    '',
  ],
];

/** Raw SQL of each kind the check must find, with the offset of the reported line. */
const PY_PLANTS: Array<(n: number) => { lines: string[]; at: number }> = [
  (n) => ({
    lines: [
      `def search_${n}(db, term):`,
      `    return db.execute(text(f"SELECT * FROM items WHERE name = '{term}'"))`,
      '',
    ],
    at: 1,
  }),
  (n) => ({
    lines: [
      `def report_${n}(cursor, region):`,
      `    sql = "SELECT * FROM sales WHERE region = '%s'" % region`,
      '    cursor.execute(sql)',
      '',
    ],
    at: 2,
  }),
  (n) => ({
    lines: [
      `def purge_${n}(db, table):`,
      '    db.execute("DELETE FROM {} WHERE old".format(table))',
      '',
    ],
    at: 1,
  }),
];

const TS_PLANTS: Array<(n: number) => { lines: string[]; at: number }> = [
  (n) => ({
    lines: [
      `export async function search${n}(pool: Pool, term: string) {`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is TypeScript source to plant
      "  return pool.query(`SELECT * FROM items WHERE name = '${term}'`);",
      '}',
      '',
    ],
    at: 1,
  }),
  (n) => ({
    lines: [
      `export async function byId${n}(prisma: PrismaClient, id: string) {`,
      "  return prisma.$queryRawUnsafe('SELECT * FROM orders WHERE id = ' + id);",
      '}',
      '',
    ],
    at: 1,
  }),
];

function buildFile(
  language: 'py' | 'ts',
  index: number,
  next: () => number,
): { text: string; planted?: number } {
  const blocks = language === 'py' ? PY_BLOCKS : TS_BLOCKS;
  const header =
    language === 'py'
      ? [
          'import logging',
          '',
          'from sqlalchemy import text',
          '',
          'logger = logging.getLogger(__name__)',
          '',
        ]
      : ["import type { Pool } from 'pg';", ''];
  const lines = [...header];
  let planted: number | undefined;
  const plantAt = index % PLANT_EVERY === 0 ? Math.floor(FILE_LINES / 2) : -1;

  while (lines.length < FILE_LINES) {
    const n = Math.floor(next() * 100_000);
    if (planted === undefined && plantAt >= 0 && lines.length >= plantAt) {
      const plants = language === 'py' ? PY_PLANTS : TS_PLANTS;
      const plant = plants[(index / PLANT_EVERY) % plants.length]!(n);
      planted = lines.length + plant.at + 1;
      lines.push(...plant.lines);
      continue;
    }
    lines.push(...blocks[Math.floor(next() * blocks.length)]!(n));
  }
  return { text: `${lines.join('\n')}\n`, ...(planted ? { planted } : {}) };
}

function buildTree(root: string, totalLines: number): { files: number; planted: Planted[] } {
  const next = random(42);
  const planted: Planted[] = [];
  const count = Math.ceil(totalLines / FILE_LINES);
  for (let index = 0; index < count; index += 1) {
    const language = index % 2 === 0 ? 'py' : 'ts';
    const folder = `${language === 'py' ? 'backend/app' : 'web/src'}/module${Math.floor(index / 50)}`;
    mkdirSync(join(root, folder), { recursive: true });
    const file = `${folder}/part${index}.${language}`;
    const built = buildFile(language, index, next);
    writeFileSync(join(root, file), built.text);
    if (built.planted) planted.push({ file, line: built.planted });
  }
  return { files: count, planted };
}

function rawSqlLocations(report: Report): string[] {
  const item = report.items.find((candidate) => candidate.id === 'sql.raw-queries');
  const check = item?.checks.find((candidate) => candidate.id === 'raw-sql-strings');
  return (check?.evidence ?? [])
    .map((evidence) => evidence.location)
    .filter((location) => location !== undefined)
    .map((location) => `${location.file}:${location.line}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      lines: { type: 'string', default: '1000000' },
      keep: { type: 'boolean', default: false },
      dir: { type: 'string' },
      'build-only': { type: 'boolean', default: false },
    },
  });
  const root = values.dir ?? mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
  const built = buildTree(root, Number(values.lines));
  if (values['build-only']) {
    console.log(`tree: ${built.files} files in ${root}`);
    return 0;
  }
  const errors: string[] = [];

  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await scan({ project: root });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);

    const found = new Set(rawSqlLocations(report));
    const expected = new Set(built.planted.map((plant) => `${plant.file}:${plant.line}`));
    const hits = [...expected].filter((location) => found.has(location)).length;
    const extra = [...found].filter((location) => !expected.has(location));
    for (const item of report.items) {
      for (const check of item.checks)
        if (check.status === 'error') errors.push(`${check.id}: ${check.message}`);
    }

    console.log(
      `tree: ${built.files} files, ${Number(values.lines).toLocaleString('en')} lines, in ${root}`,
    );
    console.log(`wall time: ${seconds.toFixed(2)} s`);
    console.log(`files per second: ${Math.round(built.files / seconds)}`);
    // CPU time of all threads: on a busy machine it shows what the wall time would be alone.
    console.log(`CPU time (all threads): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
    console.log(`peak memory (max RSS): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    console.log(
      `planted raw SQL found: ${hits} of ${expected.size}; other raw SQL reported: ${extra.length}`,
    );
    for (const location of extra.slice(0, 10)) console.log(`  unexpected: ${location}`);
    for (const error of errors) console.log(`  check error: ${error}`);
    return hits === expected.size && extra.length === 0 && errors.length === 0 ? 0 : 1;
  } finally {
    if (!values.keep && values.dir === undefined) rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
