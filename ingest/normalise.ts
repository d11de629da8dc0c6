/**
 * The report's normalised text: the one string every offset (sections, facts, chunks, citation
 * quotes) points into. Chinese punctuation is kept as printed; only what varies without meaning
 * is made uniform: line ends, full-width digits and letters, odd spaces, word-processor markers,
 * a mirror's pinyin glosses and PDF page footers; and lines that a PDF, a Word export or hard wrapping broke inside a
 * paragraph are joined again (see `reflow`).
 */
export function normaliseText(raw: string): string {
  const text = raw
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u3000\u2002\u2003\u2009]/g, ' ')
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\[bookmark: [^\]\n]*\]/g, '')
    .replace(PINYIN_GLOSS, '')
    .replace(/^[ \t]*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?)[ \t]*$/gm, '')
    .replace(/ +$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return reflow(text);
}

/**
 * A pinyin gloss a mirror prints after a Han character (鎮(zhèn), 機(jī)關(guān)): one syllable of Latin
 * letters with a tone mark, in brackets. Whatever the script, it is noise between the characters
 * of a name.
 */
const PINYIN_GLOSS = /(?<=[\u4e00-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]/g;

/** A line ending so ends its sentence, clause or bracket: the next line starts afresh. */
const ENDS_SENTENCE = /[。！？；：…!?;:）)】」』”’]$/;

/** A line starting so starts a paragraph, heading, list item or table row of its own. */
const STARTS_PARAGRAPH = new RegExp(
  [
    '^\\s', // indented
    '^[一二三四五六七八九十]+\\s*[、.．]', // 一、
    '^[（(]\\s*(?:[一二三四五六七八九十]+|\\d{1,2})\\s*[)）]', // （一） (1)
    '^\\d{1,2}\\s*[、.．](?!\\d)', // 1、 1.
    '^[①-⑳⑴-⒇]',
    '^[一二三四五六七八九十]是', // 一是
    '^(?:第[一二三四五六七八九十百零〇\\d]+[条章节项部分]|附件|附表|注[:：])',
    '^[#>|]', // Markdown heading, quote, table row
    '^[-*+•·●○■□◆◇▪]\\s', // bullet
    '^[\\d.,%‰\\s/-]+$', // a value cell on its own line
  ].join('|'),
);

/** A numbering at a line's start (一、 （一） 1.), not counted as the line's own punctuation. */
const LEADING_NUMBER =
  /^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*(?:[一二三四五六七八九十]+|\d{1,2})\s*[)）]|\d{1,2}\s*[、.．])/;

/**
 * Punctuation inside a sentence: a line holding any (past its numbering) is prose, not a title.
 * The enumeration comma is left out: headings hold it (（四）政府信息资源规范化、标准化管理情况).
 */
const PROSE = /[，,。；;]/;

/** Display width: Han and full-width characters count two, others one. */
function width(line: string): number {
  let w = 0;
  for (const c of line) w += c.charCodeAt(0) >= 0x2e80 ? 2 : 1;
  return w;
}

/**
 * The width a hard-wrapped document breaks its lines at (a page's line holds at most about 45
 * Han characters): the width most of its lines come near. Infinite for documents of one
 * paragraph a line, and for short ones, where no line is "full".
 */
function wrapWidth(lines: string[]): number {
  const ws = lines
    .filter((l) => l && !l.includes('\t'))
    .map(width)
    .sort((a, b) => a - b);
  const w = ws[Math.floor(ws.length * 0.9)] ?? 0;
  const full = ws.filter((x) => x >= w * 0.85).length;
  return w > 0 && w <= 120 && full >= 8 ? w : Number.POSITIVE_INFINITY;
}

/**
 * Joins lines broken inside a paragraph: a line that does not end a sentence and is prose (holds
 * a comma or a stop past its numbering) or, unnumbered, as wide as the document's wrap width
 * is continued by the next line — across one blank line, which is where a page break fell —
 * unless that line starts a paragraph, heading, list item or table row. Lines with a tab are
 * table rows and are never joined. The result is a fixed point: joined lines stay joined and a
 * second run joins nothing more.
 */
function reflow(text: string): string {
  const lines = text.split('\n');
  const wide = wrapWidth(lines) * 0.85;
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    let line = lines[i]!;
    i++;
    while (continues(line, wide)) {
      const next = lines[i] === '' && lines[i + 1] ? i + 1 : i;
      const b = lines[next];
      if (!b || b.includes('\t') || STARTS_PARAGRAPH.test(b)) break;
      line += /[A-Za-z]$/.test(line) && /^[A-Za-z]/.test(b) ? ` ${b}` : b;
      i = next + 1;
    }
    out.push(line);
  }
  return out.join('\n');
}

function continues(line: string, wide: number): boolean {
  if (!line || line.includes('\t') || /^[#|]/.test(line) || ENDS_SENTENCE.test(line)) return false;
  const body = line.replace(LEADING_NUMBER, '');
  return PROSE.test(body) || (body === line && width(line) >= wide);
}
