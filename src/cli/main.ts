import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { UsageError } from '../core/errors.js';
import { FAIL_ON_LEVELS, type FailOn } from '../core/gate.js';
import type { Report } from '../core/types.js';
import { VERSION } from '../core/version.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { renderTerminal } from '../report/terminal.js';
import { scan } from '../scan.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { addBindCommand, addInitCommand } from './extra-commands.js';
import { addLogsCommand } from './logs-command.js';
import { addMonitorCommands } from './monitor-command.js';
import { finishScan, type RenderContext, startScan, targetOptions } from './scan-extras.js';
import { requireWritable } from './writable.js';

const FORMATS = ['terminal', 'markdown', 'json', 'sarif', 'html', 'junit'] as const;
type Format = (typeof FORMATS)[number];

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour for stdout: a TTY without NO_COLOR. */
  color: boolean;
  /** Progress lines on stderr while a scan runs: only when stderr is a TTY. */
  progress?: boolean;
}

const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env),
  progress: Boolean(process.stderr.isTTY),
};

/** Runs the command line and returns the exit code; only the binary calls process.exit. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here too, with code 0; commander has already printed the line.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`shipshape: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(
      `shipshape: the scan could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.cannotRun;
  }
  return exitCode;
}

function buildProgram(io: Io, setExit: (code: number) => void) {
  const program = new Command('shipshape')
    .description(
      'Runs the production deployment security checklist and fills in every item with evidence.',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run shipshape --help for usage)');

  program
    .command('scan')
    .description('Audit a project folder and probe a live deployment')
    .option('--project <dir>', 'project folder to audit (default: the current folder)')
    .option('--url <url>', 'URL of the live deployment to probe')
    .option('--config <file>', 'configuration file (default: shipshape.yaml in the project)')
    .option('--ca <file>', 'PEM certificate of the CA that signed the target certificate')
    .option('--database-url <url>', 'Postgres URL of the application role, for the database checks')
    .option('--passive', 'send no active probes (attacks, bursts)')
    .option(
      '--host',
      'read the server this runs on (firewall, listening sockets, security logs, renewal timers, backups); nothing is changed',
    )
    .option(
      '--firewall-output <file...>',
      'saved output of ufw status verbose, nft -j list ruleset, nft list ruleset, iptables-save, or ufw folder, read instead of asking the host',
    )
    .addOption(
      new Option('--format <format...>', 'report format; repeat for several').choices(FORMATS),
    )
    .option('--output <file...>', 'write the report to a file, paired with --format in order')
    .addOption(
      new Option(
        '--fail-on <level>',
        'lowest status (fail, warn) or severity of a fail that fails the run',
      )
        .choices(FAIL_ON_LEVELS)
        .default('fail' as FailOn),
    )
    .option('--debug', 'print what the scan does on stderr')
    .option(
      '--checklist <file>',
      'a Markdown checklist to fill in (to --output FILE.md, or with --write)',
    )
    .option('--write', 'with --checklist: fill the checklist file in place')
    .action(async (options) => {
      const outputs = planOutputs(options.format as Format[] | undefined, options.output);
      for (const output of outputs)
        if (output.file !== null) requireWritable(output.file, '--output');
      const extras = startScan(options, outputs, io);
      const report = await scan({
        ...targetOptions(options),
        ...(options.host ? { host: true } : {}),
        ...(options.firewallOutput !== undefined
          ? { firewallOutputs: options.firewallOutput }
          : {}),
        ...(options.debug ? { debug: (line: string) => io.stderr(`debug: ${line}\n`) } : {}),
        ...(extras.onItem ? { onItem: extras.onItem } : {}),
      });
      const context = finishScan(extras, report, options.failOn, io);
      const written = writeOutputs(report, outputs, io, context) && !context.checklistUnwritten;
      // A report that is not where it was asked for fails the run, even a clean one: CI would
      // otherwise pass on an artifact that is missing.
      const code = exitCodeFor(report, options.failOn);
      setExit(written ? code : Math.max(code, EXIT.usage));
    });

  program
    .command('demo')
    .description('Start the bundled demo deployment on 127.0.0.1, scan it, and print the checklist')
    .option('--out <dir>', 'folder for the demo reports (default: a new temporary folder)')
    .action(async (options) => {
      const { runDemo } = await import('../demo/run.js');
      setExit(
        await runDemo({
          color: io.color,
          write: io.stdout,
          ...(options.out !== undefined ? { outDir: options.out } : {}),
        }),
      );
    });

  addBindCommand(program, io, setExit);
  addLogsCommand(program, io, setExit);
  addMonitorCommands(program, io, setExit);
  addInitCommand(program, io, setExit);
  return program;
}

export interface PlannedOutput {
  format: Format;
  /** null writes to stdout. */
  file: string | null;
}

/** Pairs formats with files in order; a file without a format takes it from its extension. */
export function planOutputs(formats: Format[] = [], files: string[] = []): PlannedOutput[] {
  const planned: PlannedOutput[] = [];
  const count = Math.max(formats.length, files.length);
  for (let index = 0; index < count; index += 1) {
    const file = files[index] ?? null;
    const format = formats[index] ?? formatFromExtension(file!);
    planned.push({ format, file });
  }
  if (planned.length === 0) planned.push({ format: 'terminal', file: null });
  if (planned.filter((output) => output.file === null).length > 1) {
    throw new UsageError(
      '--format: only one format can go to standard output; add an --output file for the others',
    );
  }
  return planned;
}

function formatFromExtension(file: string): Format {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.sarif') return 'sarif';
  if (extension === '.html' || extension === '.htm') return 'html';
  if (extension === '.xml') return 'junit';
  if (extension === '.md' || extension === '.markdown') return 'markdown';
  if (extension === '.txt' || extension === '.log') return 'terminal';
  throw new UsageError(
    `--output: cannot tell the format of ${file} from its extension; add --format json, markdown, sarif, html, junit or terminal`,
  );
}

/** Writes every output; false when a file could not be written and its report went to stdout. */
function writeOutputs(
  report: Report,
  outputs: PlannedOutput[],
  io: Io,
  context: RenderContext,
): boolean {
  let written = true;
  for (const output of outputs) {
    const text = render(report, output.format, output.file === null && io.color, context);
    if (output.file === null) {
      io.stdout(text);
      continue;
    }
    try {
      writeFileSync(output.file, text);
    } catch (error) {
      // The report is not lost: it goes to stdout instead, and the run says why.
      io.stderr(
        `shipshape: --output: cannot write ${output.file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the ${output.format} report follows on stdout\n`,
      );
      io.stdout(text);
      written = false;
    }
  }
  return written;
}

function render(report: Report, format: Format, color: boolean, context: RenderContext): string {
  if (format === 'json') return renderJson(report);
  if (format === 'html') return renderHtml(report);
  if (format === 'junit') return renderJunit(report, { failOn: context.failOn });
  if (format === 'markdown' && context.checklist !== undefined) return context.checklist;
  if (format === 'sarif') return renderSarif(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderTerminal(report, { color, width: color ? process.stdout.columns : undefined });
}
