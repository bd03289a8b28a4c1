import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { ParseProblem, RawSqlCall, SourceFacts } from '../../gather/source.js';
import { capped, count, evidenceAt, noSourceFinding, where } from '../source-places.js';

/** Problems that leave part of a file unread: a query there could be missed. */
const BLIND_SPOTS = new Set(['syntax', 'unreadable', 'analysis']);

const PROBLEM_WORDS: Record<ParseProblem['problem'], string> = {
  syntax: 'has syntax errors from here on; the parser recovered, but code near it may be misread',
  encoding: 'is not valid UTF-8; invalid bytes were replaced before parsing',
  unreadable: 'could not be read',
  analysis: 'could not be analysed',
};

export function describeRawSql(call: RawSqlCall): string {
  const names = call.names.map((name) => `\`${name}\``).join(', ');
  const via = call.via ? ` (built in \`${call.via.variable}\` on line ${call.via.line})` : '';
  return `\`${call.call}\` runs SQL built by ${call.building} from ${names || 'a value'}${via}`;
}

/** Blind spots are marked as what keeps the check from passing; other problems are notes. */
export function problemEvidence(problems: ParseProblem[]): Evidence[] {
  return problems.map((problem) => {
    const evidence = evidenceAt(`${problem.file} ${PROBLEM_WORDS[problem.problem]}`, problem);
    return BLIND_SPOTS.has(problem.problem) ? { ...evidence, status: 'warn' } : evidence;
  });
}

/** Files the index left unread, and files with problems, as evidence lines. */
function notes(source: SourceFacts): Evidence[] {
  const large = source.filesTooLarge;
  const unread =
    large > 0
      ? [{ message: `${count(large, 'file')} over 1 MiB in the project were not read` }]
      : [];
  return [...unread, ...problemEvidence(source.problems)];
}

export function judgeRawSql(source: SourceFacts): Finding {
  const none = noSourceFinding(source);
  if (none) return none;

  const scanned = `${count(source.filesScanned, 'source file')} (${source.linesScanned} lines)`;
  if (source.rawSql.length > 0) {
    return {
      status: 'fail',
      message: `${count(source.rawSql.length, 'call')} ${source.rawSql.length === 1 ? 'runs' : 'run'} SQL built from strings, in ${scanned}; expected bound parameters.`,
      evidence: capped(
        source.rawSql.map((call) => ({
          ...evidenceAt(`${where(call)}: ${describeRawSql(call)}`, call),
          status: 'fail' as const,
        })),
      ),
    };
  }

  const blind = source.problems.filter((problem) => BLIND_SPOTS.has(problem.problem));
  if (blind.length > 0) {
    return {
      status: 'warn',
      message: `No SQL built from strings was found in ${scanned}, but ${count(blind.length, 'file')} could not be read in full.`,
      evidence: capped(notes(source)),
      remediation:
        'Fix the syntax errors, or confirm by hand that those files build no SQL from strings.',
    };
  }
  return {
    status: 'pass',
    message: `No SQL built from strings in ${scanned}: every query found binds its values.`,
    evidence: capped(notes(source)),
  };
}

export default defineCheck({
  id: 'raw-sql-strings',
  title: 'SQL is never built from strings',
  severity: 'critical',
  needs: ['sourceFacts'],
  remediation:
    'Pass values as bound parameters: `db.execute(text("SELECT ... WHERE id = :id"), {"id": id})`, ' +
    "`cursor.execute('... WHERE id = %s', (id,))`, `pool.query('... WHERE id = $1', [id])`, or " +
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text shows TypeScript source
    "Prisma's tagged `$queryRaw\\`... ${id}\\``; never an f-string, `%`, `.format()`, `+` or a template literal.",
  run: ({ sourceFacts }) => judgeRawSql(sourceFacts),
});
