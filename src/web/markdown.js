// @ts-check
// The markdown subset the answers use, rendered with DOM nodes only (never innerHTML):
// paragraphs, **bold**, `code`, "- " lists, numbered lines, "> " quotes, "#" headings, and
// [n] citation markers, which the caller turns into chips.

/**
 * @typedef {{ type: 'text', text: string } | { type: 'strong', children: Inline[] } | { type: 'code', text: string } | { type: 'cite', n: number }} Inline
 * @typedef {{ type: 'p', lines: Inline[][] } | { type: 'ul', items: Inline[][] } | { type: 'ol', items: { n: number, content: Inline[] }[] } | { type: 'quote', lines: Inline[][] } | { type: 'h', content: Inline[] }} Block
 */

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})(?:[.．)）]\s+|、\s*)(.*)$/;
const QUOTE = /^\s*>\s?(.*)$/;
const HEADING = /^\s*#{1,6}\s+(.*)$/;

/**
 * Inline tokens of one line.
 * @param {string} line
 * @returns {Inline[]}
 */
export function parseInline(line, allowStrong = true) {
  /** @type {Inline[]} */
  const out = [];
  const re = allowStrong ? /\*\*(.+?)\*\*|`([^`]+)`|\[(\d{1,3})\]/g : /`([^`]+)`|\[(\d{1,3})\]/g;
  let last = 0;
  for (const m of line.matchAll(re)) {
    if (m.index > last) out.push({ type: 'text', text: line.slice(last, m.index) });
    if (allowStrong && m[1] !== undefined) out.push({ type: 'strong', children: parseInline(m[1], false) });
    else {
      const code = allowStrong ? m[2] : m[1];
      const cite = allowStrong ? m[3] : m[2];
      if (code !== undefined) out.push({ type: 'code', text: code });
      else out.push({ type: 'cite', n: Number(cite) });
    }
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push({ type: 'text', text: line.slice(last) });
  return out;
}

/**
 * Blocks of a whole answer.
 * @param {string} text
 */
export function parseMarkdown(text) {
  /** @type {Block[]} */
  const blocks = [];
  /** @type {Block | null} */
  let cur = null;
  for (const raw of String(text).replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      cur = null;
      continue;
    }
    let m;
    if ((m = HEADING.exec(line))) {
      blocks.push({ type: 'h', content: parseInline(m[1] ?? '') });
      cur = null;
    } else if ((m = QUOTE.exec(line))) {
      if (cur?.type !== 'quote') blocks.push((cur = { type: 'quote', lines: [] }));
      cur.lines.push(parseInline(m[1] ?? ''));
    } else if ((m = BULLET.exec(line))) {
      if (cur?.type !== 'ul') blocks.push((cur = { type: 'ul', items: [] }));
      cur.items.push(parseInline(m[1] ?? ''));
    } else if ((m = NUMBERED.exec(line))) {
      if (cur?.type !== 'ol') blocks.push((cur = { type: 'ol', items: [] }));
      cur.items.push({ n: Number(m[1]), content: parseInline(m[2] ?? '') });
    } else {
      if (cur?.type !== 'p') blocks.push((cur = { type: 'p', lines: [] }));
      cur.lines.push(parseInline(line.trim()));
    }
  }
  return blocks;
}

/**
 * A DocumentFragment for an answer. `cite(n)` returns the node for a [n] marker.
 * @param {string} text
 * @param {(n: number) => Node} cite
 */
export function renderMarkdown(text, cite) {
  const frag = document.createDocumentFragment();
  /**
   * @template {Element} P
   * @param {P} parent
   * @param {Inline[]} tokens
   * @returns {P}
   */
  const inline = (parent, tokens) => {
    for (const t of tokens) {
      if (t.type === 'text') parent.append(document.createTextNode(t.text));
      else if (t.type === 'code') parent.append(el('code', t.text));
      else if (t.type === 'cite') parent.append(cite(t.n));
      else inline(parent.appendChild(document.createElement('strong')), t.children);
    }
    return parent;
  };
  /**
   * @template {Element} P
   * @param {P} parent
   * @param {Inline[][]} ls
   * @returns {P}
   */
  const lines = (parent, ls) => {
    ls.forEach((l, i) => {
      if (i) parent.append(document.createElement('br'));
      inline(parent, l);
    });
    return parent;
  };
  for (const b of parseMarkdown(text)) {
    if (b.type === 'p') frag.append(lines(document.createElement('p'), b.lines));
    else if (b.type === 'h') frag.append(inline(document.createElement('h4'), b.content));
    else if (b.type === 'quote') frag.append(lines(document.createElement('blockquote'), b.lines));
    else if (b.type === 'ul') {
      const ul = document.createElement('ul');
      for (const item of b.items) ul.append(inline(document.createElement('li'), item));
      frag.append(ul);
    } else {
      const ol = document.createElement('ol');
      for (const item of b.items) {
        const li = inline(document.createElement('li'), item.content);
        li.value = item.n;
        ol.append(li);
      }
      frag.append(ol);
    }
  }
  return frag;
}

/**
 * @param {string} tag
 * @param {string} text
 */
function el(tag, text) {
  const e = document.createElement(tag);
  e.textContent = text;
  return e;
}
