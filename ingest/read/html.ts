import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'section',
  'article',
  'header',
  'footer',
  'title',
  'blockquote',
  'pre',
  'hr',
  'dd',
  'dt',
  'center',
  'body',
  'html',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'head', 'template', 'svg', 'object', 'iframe']);

/**
 * Renders HTML as plain text: block elements become lines, each table row one line with its
 * cells separated by tabs. Merged cells (rowspan/colspan) are expanded onto a grid; a merged
 * cell's text is written once, at its top-left position, so a label is never read twice.
 */
export function htmlToText(html: string): string {
  const doc = parse(html);
  const out: string[] = [];
  walk(doc as unknown as Node, out);
  return out.join('').replace(/[ \t]*\n[ \t]*(?=\n)/g, '\n');
}

function walk(node: Node, out: string[]): void {
  if (node.nodeName === '#text') {
    out.push((node as DefaultTreeAdapterMap['textNode']).value.replace(/[\s\u00a0]+/g, ' '));
    return;
  }
  if (!('childNodes' in node)) return;
  const el = node as Element;
  const tag = el.tagName;
  if (tag && SKIP.has(tag)) return;
  if (tag === 'table') {
    out.push('\n', tableToText(el), '\n');
    return;
  }
  const block = tag !== undefined && BLOCK.has(tag);
  if (block) out.push('\n');
  for (const child of el.childNodes) walk(child, out);
  if (block) out.push('\n');
}

function tableToText(table: Element): string {
  const rows: Element[] = [];
  collectRows(table, rows);
  const grid: (string | undefined)[][] = [];
  rows.forEach((tr, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const td of tr.childNodes) {
      if (!('tagName' in td) || (td.tagName !== 'td' && td.tagName !== 'th')) continue;
      while (grid[r]![c] !== undefined) c++;
      const rowspan = spanOf(td, 'rowspan');
      const colspan = spanOf(td, 'colspan');
      const text = cellText(td);
      for (let dr = 0; dr < rowspan; dr++) {
        const row = (grid[r + dr] ??= []);
        for (let dc = 0; dc < colspan; dc++) row[c + dc] = dr === 0 && dc === 0 ? text : '';
      }
      c += colspan;
    }
  });
  return grid.map((row) => Array.from(row, (v) => v ?? '').join('\t')).join('\n');
}

function collectRows(el: Element, rows: Element[]): void {
  for (const child of el.childNodes) {
    if (!('tagName' in child)) continue;
    if (child.tagName === 'tr') rows.push(child);
    else if (child.tagName !== 'table') collectRows(child, rows);
  }
}

function spanOf(td: Element, name: string): number {
  const v = Number.parseInt(td.attrs.find((a) => a.name === name)?.value ?? '1', 10);
  return Number.isFinite(v) && v >= 1 ? Math.min(v, 200) : 1;
}

function cellText(td: Element): string {
  const parts: string[] = [];
  walk(td as unknown as Node, parts);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
