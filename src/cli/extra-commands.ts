import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { type Proposal, proposeBindings, writeBindings } from '../checklist/bind.js';
import { MANUAL } from '../checklist/bindings.js';
import { UsageError } from '../core/errors.js';
import { productionWeb } from '../profiles/production-web.js';
import { resolveConfig } from '../scan.js';
import { loadChecklist, writeChecklist } from './checklist.js';
import type { Io } from './main.js';

type SetExit = (code: number) => void;

/** `shipshape bind FILE.md`: proposes an item for each unbound task; `--write` adds them. */
export function addBindCommand(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('bind')
    .description('Propose an item id for each task of a Markdown checklist that has none')
    .argument('<file>', 'the Markdown checklist')
    .option('--write', 'add the proposed <!-- shipshape: id --> comments to the file')
    .option('--project <dir>', 'project folder whose shipshape.yaml binds tasks by text')
    .option('--config <file>', 'configuration file with a checklist.bindings table')
    .action((file, options) => {
      const config = resolveConfig({
        ...(options.project !== undefined ? { project: options.project } : {}),
        ...(options.config !== undefined ? { config: options.config } : {}),
      });
      const loaded = loadChecklist(file, config.checklist.bindings, productionWeb, 'bind');
      const proposals = proposeBindings(loaded.bound, productionWeb);

      io.stdout(describeProposals(file, loaded.bound.length, proposals));
      if (options.write && proposals.length > 0) {
        writeChecklist(file, writeBindings(loaded.checklist, proposals));
        io.stdout(`Wrote ${proposals.length} bindings to ${file}.\n`);
      } else if (proposals.length > 0) {
        io.stdout(`Run again with --write to add them to ${file}.\n`);
      }
      setExit(0);
    });
}

function describeProposals(file: string, total: number, proposals: readonly Proposal[]): string {
  const titles = new Map(productionWeb.items.map((item) => [item.id, item.title]));
  const lines = [
    `${file}: ${total} items, ${total - proposals.length} bound, ${proposals.length} to bind`,
  ];
  for (const { task, itemId, score } of proposals) {
    const target =
      itemId === MANUAL
        ? `${MANUAL} (no item matches well enough)`
        : `${itemId} (${titles.get(itemId)}, ${score.toFixed(2)})`;
    lines.push(`  line ${String(task.line).padStart(4)}  ${task.text}\n             -> ${target}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `shipshape init`: looks at the project and writes a starter shipshape.yaml. */
export function addInitCommand(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('init')
    .description('Look at the project and write a starter shipshape.yaml with comments')
    .option('--project <dir>', 'project folder (default: the current folder)')
    .option('--force', 'replace an existing shipshape.yaml')
    .option('--stdout', 'print the file instead of writing it')
    .action(async (options) => {
      const { detectProject } = await import('../init/detect.js');
      const { starterConfig } = await import('../init/starter.js');
      const project = resolve(options.project ?? '.');
      if (!existsSync(project))
        throw new UsageError(`--project: ${project} does not exist; give the project's folder`);

      const file = join(project, 'shipshape.yaml');
      if (!options.stdout && !options.force && existsSync(file)) {
        throw new UsageError(`${file} exists; keep it, or replace it with --force`);
      }
      const text = starterConfig(await detectProject(project));
      if (options.stdout) io.stdout(text);
      else {
        writeFileSync(file, text);
        io.stdout(`Wrote ${file}; check it, then run shipshape scan --url https://your-domain\n`);
      }
      setExit(0);
    });
}
