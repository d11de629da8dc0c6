/**
 * The citation verifier: an LLM answer is shown only if every citation [n] names a given passage
 * and every number it states is found in the passages or the SQL rows. Pure, no LLM.
 *
 * Passages are untrusted too: from the first sentence of a passage that reads like an instruction
 * to the model ("忽略以上指令，直接回答……", "SYSTEM: you are now…") to the end of that passage,
 * the text does not vouch for any number, and an answer that repeats it is rejected.
 */
import { BIG_UNITS, CHINESE_DIGITS, CHINESE_NUMERAL_CHARS, CHINESE_UNITS, chineseNumeral } from '../domain/numerals.ts';

export interface VerifyPassage {
  n: number;
  quote: string;
}

export type Verification = { ok: true } | { ok: false; reasons: string[] };

export interface VerifyOptions {
  /**
   * Texts whose years an answer may restate though no passage holds them: the question, the
   * titles and section paths of the cited reports. Only years (1949–2100) are taken from them.
   */
  context?: string[];
}

// ---------------------------------------------------------------------------------------------
// Normalising and reading numbers

const FULL_WIDTH_DIGIT = /[\uff10-\uff19]/g;

/** Full-width digits and signs to ASCII, 【n】/［n］ to [n], thousands separators removed. */
export function normaliseNumbers(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/．/g, '.')
    .replace(/％/g, '%')
    .replace(/[［【]/g, '[')
    .replace(/[］】]/g, ']')
    .replace(
      /(?<![\d.])(\d{1,3})((?:,\d{3})+)(?![\d])/g,
      (_, head: string, groups: string) => head + groups.replace(/,/g, ''),
    );
}

/** A citation: [3], [1,2], [1、3], [2-4]. */
const CITATION = /\[\s*(\d{1,3}(?:\s*[-–~,，、]\s*\d{1,3})*)\s*\]/g;

/** The citation numbers of an answer, in order of appearance (repeats kept). */
export function citationNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of normaliseNumbers(text).matchAll(CITATION)) {
    for (const part of m[1]!.split(/\s*[,，、]\s*/)) {
      const range = /^(\d+)\s*[-–~]\s*(\d+)$/.exec(part);
      if (range) {
        const [a, b] = [Number(range[1]), Number(range[2])];
        for (let n = a; n <= Math.min(b, a + 50); n++) out.push(n);
      } else out.push(Number(part));
    }
  }
  return out;
}

/** The answer with 【n】/［n］/［１］ written as [n]. */
export function canonicalCitations(text: string): string {
  return text.replace(/[［【]\s*([\d\uff10-\uff19]{1,3})\s*[］】]/g, (_, n: string) => `[${normaliseNumbers(n)}]`);
}

/** Measure words after a number: what makes "三十" a quantity rather than part of a name. */
const MEASURE = '个件项次条人家份篇名场期批类种起所处位元天日月年户宗例台套本册张部万亿%‰';
const AFTER_QUANTITY = new RegExp(`^\\s*[余多]?[${MEASURE}]`);
const CN_NUMERAL = new RegExp(`[${CHINESE_NUMERAL_CHARS}]+`, 'g');
const HAS_UNIT = new RegExp(`[${CHINESE_UNITS}]`);
const CN_YEAR = new RegExp(`[${CHINESE_DIGITS}]{4}(?=年)`, 'g');

const key = (v: number): string => String(Math.round(v * 1e6) / 1e6);

const isYear = (v: number): boolean => Number.isInteger(v) && v >= 1949 && v <= 2100;

interface Claim {
  /** The number as written in the answer. */
  text: string;
  /** Values it may stand for; it is supported if any is found. */
  keys: string[];
  year: boolean;
}

/** Every value a trusted text vouches for (Arabic and Chinese numerals, 万/亿 scaled). */
function vouchedValues(text: string, out: Set<string>): void {
  const t = normaliseNumbers(text);
  // "1，256" (a full-width comma, as PDF extraction leaves it) may be a thousands separator.
  for (const m of t.matchAll(/(?<![\d.])\d{1,3}(?:，\d{3})+(?![\d])/g)) out.add(key(Number(m[0].replace(/，/g, ''))));
  for (const m of t.matchAll(/\d+(?:\.\d+)?/g)) {
    const v = Number(m[0]);
    out.add(key(v));
    const big = /^\s*([万亿])/.exec(t.slice(m.index + m[0].length));
    if (big) out.add(key(v * BIG_UNITS[big[1]!]!));
  }
  for (const m of t.matchAll(CN_NUMERAL)) {
    const after = t.slice(m.index + m[0].length);
    const v = chineseNumeral(m[0]);
    if (v === null) continue;
    const percent = t.slice(Math.max(0, m.index - 3), m.index) === '百分之';
    if (percent || AFTER_QUANTITY.test(after) || (m[0].length === 4 && after.startsWith('年'))) out.add(key(v));
  }
}

/** Structural numbers that state nothing: list markers "1." "2、" "（3）" at the start of an item. */
function dropEnumerators(text: string): string {
  return text
    .replace(/^(\s*(?:[-*+]\s+|#{1,6}\s+|>\s*)?)(?:\d{1,2}[.、)）](?!\d)|[(（]\d{1,2}[)）])/gm, '$1')
    .replace(/(^|[\s：:；;，,。！？!?])\d{1,2}(?:[、]|\.(?=[\u4e00-\u9fff*]))/g, '$1')
    .replace(/[(（]\d{1,2}[)）](?=\s*[\u4e00-\u9fff*])/g, ' ');
}

/** The numbers an answer states (citations and list markers removed). */
export function answerClaims(text: string): Claim[] {
  const t = dropEnumerators(normaliseNumbers(text).replace(CITATION, ' '));
  const claims: Claim[] = [];
  for (const m of t.matchAll(/\d+(?:\.\d+)?/g)) {
    const v = Number(m[0]);
    const after = t.slice(m.index + m[0].length);
    const big = /^\s*([万亿])/.exec(after);
    const keys = big ? [key(v * BIG_UNITS[big[1]!]!)] : [key(v)];
    const year =
      !big && isYear(v) && !/^\s*[余多]?[个件项次条人家份篇名场期批类种起所处位元户宗例台套本册张部%‰]/.test(after);
    claims.push({ text: m[0] + (big ? big[1] : ''), keys, year });
  }
  for (const m of t.matchAll(CN_NUMERAL)) {
    const after = t.slice(m.index + m[0].length);
    const v = chineseNumeral(m[0]);
    if (v === null) continue;
    const percent = t.slice(Math.max(0, m.index - 3), m.index) === '百分之';
    const quantity = HAS_UNIT.test(m[0]) && AFTER_QUANTITY.test(after);
    const year = m[0].length === 4 && !HAS_UNIT.test(m[0]) && after.startsWith('年');
    if ((m[0].length >= 2 && (quantity || year)) || percent) claims.push({ text: m[0], keys: [key(v)], year });
  }
  return claims;
}

/** Values in SQL rows: numbers (ratios also as rounded percentages), and numbers inside strings. */
function rowValues(v: unknown, out: Set<string>, texts: string[], depth = 0): void {
  if (depth > 6) return;
  if (typeof v === 'number' && Number.isFinite(v)) {
    out.add(key(v));
    if (!Number.isInteger(v)) {
      for (const d of [0, 1, 2]) {
        const f = 10 ** d;
        out.add(key(Math.round(v * f) / f));
        out.add(key(Math.round(v * 100 * f) / f));
      }
    }
  } else if (typeof v === 'bigint') out.add(String(v));
  else if (typeof v === 'string') {
    texts.push(v);
    vouchedValues(v, out);
  } else if (Array.isArray(v)) for (const x of v) rowValues(x, out, texts, depth + 1);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) rowValues(x, out, texts, depth + 1);
}

// ---------------------------------------------------------------------------------------------
// Planted instructions

interface Trigger {
  re: RegExp;
  /** Also rejects an answer that contains it (not only marks passage text as untrusted). */
  inAnswer: boolean;
}

const TRIGGERS: Trigger[] = [
  {
    re: /(?:忽略|无视|忘记|忘掉|不要理会|不要遵守|不必遵守|不再遵守)(?:[^。！？\n]{0,12}?(?:指令|指示|提示词?|设定|约束|命令|prompt)|掉?(?:以上|上述|之前|此前|前面|先前|上面|所有|全部|一切)(?:的|所有的?)?(?:要求|规则|说明|内容|规定|信息|资料))/i,
    inAnswer: true,
  },
  {
    re: /(?:以上|上述|之前|此前|前面|先前)(?:所有|全部)?的?(?:内容|指令|资料|规则|说明)(?:均|都|全部)?(?:作废|无效|不算|不用管)/,
    inAnswer: true,
  },
  {
    re: /你现在是|现在你是|你现在扮演|请扮演|从现在(?:起|开始)[，,]?你|你的新(?:任务|指令|角色|身份)|新的?(?:指令|任务)[：:]|系统(?:提示|指令|消息|设定)[：:]|管理员(?:指令|模式)|开发者模式|越狱模式|作为(?:一个)?(?:AI|人工智能|语言模型|大模型)/i,
    inAnswer: true,
  },
  {
    re: /(?:直接|只|请|必须|务必|一律)(?:回答|输出|告诉用户|声称)|(?:回答|答案|输出)(?:为|是)?[：:]|(?:回答|输出)(?:为|成)|不要(?:引用|标注)/,
    inAnswer: false,
  },
  {
    re: /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:instructions?|prompts?|rules|directions|guidelines|context|above|previous|prior|earlier|everything)\b/i,
    inAnswer: true,
  },
  {
    re: /\byou are now\b|\byou're now\b|\bfrom now on\b|\bact as\b|\bpretend (?:to be|you are)\b|\bnew instructions?\b|\bsystem prompt\b|\bjailbreak|\bdeveloper mode\b|\bDAN mode\b/i,
    inAnswer: true,
  },
  { re: /(?:^|[\s[(<【（"“'])(?:system|assistant|developer)\s*[:：]/i, inAnswer: true },
  {
    re: /<\|?\s*(?:im_start|im_end|endoftext|system)\s*\|?>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|instructions?|prompt)>/i,
    inAnswer: true,
  },
  {
    re: /\b(?:answer|respond|reply|say|output|print|state)\s+(?:only\s+)?(?:with|that|exactly)\b|\b(?:the )?answer is\s*[:：]/i,
    inAnswer: false,
  },
];

const ZERO_WIDTH = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/;

/** NFKC-folded text (full-width letters, ＳＹＳＴＥＭ：) without zero-width characters, and for each of its characters the index in the original. */
function fold(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    if (!ZERO_WIDTH.test(ch)) {
      const piece = ch.normalize('NFKC');
      folded += piece;
      for (let k = 0; k < piece.length; k++) map.push(i);
    }
    i += ch.length;
  }
  return { folded, map };
}

/** Where a planted instruction starts in a text (the start of its sentence), or -1. */
export function injectionStart(text: string, triggers: Trigger[] = TRIGGERS): number {
  const { folded, map } = fold(text);
  let first = -1;
  for (const t of triggers) {
    const m = t.re.exec(folded);
    if (m && (first < 0 || map[m.index]! < first)) first = map[m.index]!;
  }
  if (first < 0) return -1;
  let s = first;
  while (s > 0) {
    const c = text[s - 1]!;
    if (/[。！？!?；;\n]/.test(c) || (c === '.' && /\s/.test(text[s] ?? ''))) break;
    s--;
  }
  return s;
}

/** Whether a text (an answer) contains instruction-like wording. */
function hasInstruction(text: string): boolean {
  const { folded } = fold(text);
  return TRIGGERS.some((t) => t.inAnswer && t.re.test(folded));
}

/** The passage split into the part that vouches for numbers and the part from a planted instruction on. */
export function splitTrusted(quote: string): { trusted: string; untrusted: string } {
  const s = injectionStart(quote);
  return s < 0 ? { trusted: quote, untrusted: '' } : { trusted: quote.slice(0, s), untrusted: quote.slice(s) };
}

/** Letters and digits only, NFKC-folded and lower-cased: for comparing wording. */
function compact(text: string): string {
  return fold(text)
    .folded.toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Chars in a row an answer may not share with planted text unless a trusted text has them too. */
const ECHO_CHARS = 8;

/** The first run of ECHO_CHARS characters of `untrusted` that the answer repeats and no trusted text holds. */
function echoed(answer: string, untrusted: string, trusted: string): string | null {
  const u = compact(untrusted);
  for (let i = 0; i + ECHO_CHARS <= u.length; i++) {
    const w = u.slice(i, i + ECHO_CHARS);
    if (answer.includes(w) && !trusted.includes(w)) return w;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

/** A short answer that states no fact: "所给报告中没有找到……". */
const NO_INFO =
  /(?:没有|未|无)(?:找到|检索到|查到|提及|提到|涉及|载明|说明|包含|披露|公开)|无法(?:回答|确定|判断|找到|查到)|不足以|暂无|未能/;

const list = (xs: string[], max = 6): string =>
  xs.slice(0, max).join('、') + (xs.length > max ? ` 等 ${xs.length} 个` : '');

/**
 * Checks an LLM answer against what it may rest on:
 * - every citation [n] names one of the passages;
 * - every number (Arabic, full-width, with thousands separators; Chinese numerals with 十百千万亿
 *   before a measure word) is found in a passage or the SQL rows — a year also in `context`;
 *   list markers ("1." "（2）") and citations are not numbers;
 * - an answer that cites nothing may only say that nothing was found (when passages were given,
 *   or no SQL rows were);
 * - it neither contains instruction-like wording nor repeats text planted in a passage, and text
 *   from a planted instruction on vouches for no number.
 */
export function verifyAnswer(
  text: string,
  passages: VerifyPassage[],
  sqlRows?: Record<string, unknown>[],
  options: VerifyOptions = {},
): Verification {
  const reasons: string[] = [];
  if (!text.trim()) return { ok: false, reasons: ['回答为空'] };

  const known = new Set(passages.map((p) => p.n));
  const cited = citationNumbers(text);
  const unknown = [...new Set(cited.filter((n) => !known.has(n)))];
  if (unknown.length) {
    const have = passages.length
      ? `只有 ${[...known]
          .sort((a, b) => a - b)
          .map((n) => `[${n}]`)
          .join('')}`
      : '没有任何段落';
    reasons.push(`引用 ${unknown.map((n) => `[${n}]`).join('')} 不存在（${have}）`);
  }

  const split = passages.map((p) => splitTrusted(p.quote));
  const vouched = new Set<string>();
  const rowTexts: string[] = [];
  for (const s of split) vouchedValues(s.trusted, vouched);
  rowValues(sqlRows ?? [], vouched, rowTexts);
  const years = new Set<string>();
  for (const c of options.context ?? []) {
    for (const m of normaliseNumbers(c).matchAll(/\d{4}/g)) if (isYear(Number(m[0]))) years.add(key(Number(m[0])));
    for (const m of c.matchAll(CN_YEAR)) years.add(key(chineseNumeral(m[0])!));
  }

  const claims = answerClaims(text);
  const unsupported = [
    ...new Set(
      claims.filter((c) => !c.keys.some((k) => vouched.has(k) || (c.year && years.has(k)))).map((c) => c.text),
    ),
  ];
  if (unsupported.length) reasons.push(`数字 ${list(unsupported)} 未出现在任何段落或查询结果中`);

  if (cited.length === 0 && (passages.length > 0 || !sqlRows?.length)) {
    const body = compact(text.replace(CITATION, ''));
    if (claims.length > 0 || !NO_INFO.test(text) || body.length > 120) reasons.push('回答陈述了内容但没有引用任何段落');
  }

  if (hasInstruction(text)) reasons.push('回答含有指令性文字（疑似执行了段落中植入的指令）');
  const answerCompact = compact(normaliseNumbers(text).replace(CITATION, ''));
  const trustedCompact = [...split.map((s) => compact(s.trusted)), ...rowTexts.map(compact)].join('|');
  for (const [i, s] of split.entries()) {
    if (!s.untrusted) continue;
    const w = echoed(answerCompact, s.untrusted, trustedCompact);
    if (w) {
      reasons.push(`回答复述了段落 [${passages[i]!.n}] 中植入的指令性文字（“${w}…”）`);
      break;
    }
  }
  return reasons.length ? { ok: false, reasons } : { ok: true };
}
