import type { Heading, ListItem, Nodes, Paragraph, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/** A task item (`- [ ] text`) of a Markdown checklist, with the offsets an edit needs. */
export interface ChecklistTask {
  /** 1-based line of the item's box. */
  line: number;
  checked: boolean;
  /** The item's text as it renders, without the box and without shipshape's comments. */
  text: string;
  /** The headings above the item, outermost first. */
  headings: string[];
  /** The ids of a `<!-- shipshape: id -->` comment on the item, or null when it has none. */
  binding: string[] | null;
  /** Offset of the box's mark, the character between `[` and `]`. */
  markOffset: number;
  /** Offset just past the item's text: where a binding comment goes. */
  textEnd: number;
  /** Offset of the end of the line the item's text ends on. */
  textLineEnd: number;
  /** What starts a line under the item: blockquote marks, then spaces to the item's content. */
  childPrefix: string;
  /** The evidence line an earlier fill wrote under the item, as offsets of that line. */
  evidence: { start: number; end: number } | null;
  /** The evidence line's bullet: one the item's own sub-list does not use, so it stays apart. */
  evidenceBullet: '-' | '*';
}

export interface Checklist {
  source: string;
  /** `\r\n` when the file uses it, so that inserted lines match the rest. */
  eol: string;
  tasks: ChecklistTask[];
}

export const EVIDENCE_MARK = '<!-- shipshape-evidence -->';
const BINDING = /<!--\s*shipshape:\s*([^>]*?)\s*-->/;
const BOX = /^[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+\[([ xX])\]/;

export function parseMarkdown(source: string): Root {
  return fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Every task item of the file, in order, nested ones included. */
export function parseChecklist(source: string): Checklist {
  const tree = parseMarkdown(source);
  const tasks: ChecklistTask[] = [];
  const headings: { depth: number; text: string }[] = [];

  const visit = (node: Nodes) => {
    if (node.type === 'heading') {
      trackHeading(headings, node);
      return;
    }
    if (node.type === 'listItem') {
      const task = readTask(
        source,
        node,
        headings.map((heading) => heading.text),
      );
      if (task) tasks.push(task);
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);

  return { source, eol: source.includes('\r\n') ? '\r\n' : '\n', tasks };
}

function trackHeading(headings: { depth: number; text: string }[], node: Heading): void {
  while (headings.length > 0 && headings.at(-1)!.depth >= node.depth) headings.pop();
  headings.push({ depth: node.depth, text: plainText(node).trim() });
}

function readTask(source: string, item: ListItem, headings: string[]): ChecklistTask | null {
  const paragraph = item.children[0];
  if (typeof item.checked !== 'boolean' || paragraph?.type !== 'paragraph') return null;
  const start = item.position!.start.offset!;
  const box = BOX.exec(source.slice(start, lineEnd(source, start)));
  if (!box) return null;

  const textEnd = paragraph.position!.end.offset!;
  return {
    line: item.position!.start.line,
    checked: item.checked,
    text: plainText(paragraph).replace(/\s+/g, ' ').trim(),
    headings,
    binding: findBinding(item, paragraph),
    markOffset: start + box[0].length - 2,
    textEnd,
    textLineEnd: lineEnd(source, textEnd),
    childPrefix: childPrefix(source, start, box[0]),
    evidence: findEvidence(source, item),
    evidenceBullet: subListBullet(source, item) === '-' ? '*' : '-',
  };
}

/** The bullet of the item's own sub-list (not an evidence line), if it has one. */
function subListBullet(source: string, item: ListItem): string | null {
  for (const list of item.children) {
    if (list.type !== 'list' || list.ordered) continue;
    const { start, end } = offsets(list);
    if (source.slice(start, end).includes(EVIDENCE_MARK) && list.children.length === 1) continue;
    return source[start] ?? null;
  }
  return null;
}

/** A binding comment inside the item's text, or on a line of its own within the item. */
function findBinding(item: ListItem, paragraph: Paragraph): string[] | null {
  const candidates = [...paragraph.children, ...item.children.slice(1)];
  for (const node of candidates) {
    if (node.type !== 'html') continue;
    const match = BINDING.exec(node.value);
    if (match) return match[1]!.split(/[\s,]+/).filter((id) => id !== '');
  }
  return null;
}

function findEvidence(source: string, item: ListItem): ChecklistTask['evidence'] {
  for (const list of item.children) {
    if (list.type !== 'list') continue;
    const entry = list.children.find((child) =>
      source.slice(offsets(child).start, offsets(child).end).includes(EVIDENCE_MARK),
    );
    if (!entry) continue;
    const { start, end } = offsets(entry);
    return { start: lineStart(source, start), end: lineEnd(source, end) };
  }
  return null;
}

/**
 * Lines under the item start with the same blockquote marks as the item's own line, then
 * spaces up to where the item's content begins.
 */
function childPrefix(source: string, itemStart: number, boxText: string): string {
  const before = source.slice(lineStart(source, itemStart), itemStart).replace(/[^>]/g, ' ');
  const marker = boxText.slice(0, -3).replace(/\t/g, '    ');
  return `${before}${' '.repeat(marker.length)}`;
}

/** The text a node renders, without HTML comments and other raw HTML. */
export function plainText(node: Nodes): string {
  if (node.type === 'html') return '';
  if ('value' in node) return node.value;
  if ('children' in node) return node.children.map((child) => plainText(child)).join('');
  return '';
}

function offsets(node: Nodes): { start: number; end: number } {
  return { start: node.position!.start.offset!, end: node.position!.end.offset! };
}

export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(source: string, offset: number): number {
  const newline = source.indexOf('\n', offset);
  const end = newline === -1 ? source.length : newline;
  return source[end - 1] === '\r' ? end - 1 : end;
}
