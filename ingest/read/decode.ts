import iconv from 'iconv-lite';
import { IngestError } from '../errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Decodes a text file: a BOM wins; otherwise strict UTF-8, then GB18030 (a superset of GBK and
 * GB2312, the encodings Chinese government sites still publish in). Binary data is refused
 * rather than decoded into noise.
 */
export function decodeText(buf: Uint8Array): { text: string; encoding: TextEncoding; warning?: string } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: strictUtf8(buf.subarray(3)), encoding: 'utf-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be' };
  }
  if (looksBinary(buf)) throw new IngestError('binary data, not a text file');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    if (truncatedUtf8(buf)) {
      return {
        text: new TextDecoder('utf-8').decode(buf),
        encoding: 'utf-8',
        warning: 'file ends in the middle of a UTF-8 character: truncated?',
      };
    }
    const text = iconv.decode(Buffer.from(buf), 'gb18030');
    if (!plausibleChinese(text)) throw new IngestError('unknown text encoding (neither UTF-8 nor GB18030)');
    return { text, encoding: 'gb18030' };
  }
}

function strictUtf8(buf: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new IngestError('invalid UTF-8 after a UTF-8 byte-order mark');
  }
}

/** Valid UTF-8 but for an incomplete character in the last three bytes. */
function truncatedUtf8(buf: Uint8Array): boolean {
  for (let cut = 1; cut <= 3 && cut < buf.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - cut));
      return (buf[buf.length - cut]! & 0xc0) === 0xc0;
    } catch {}
  }
  return false;
}

/** Any NUL byte, or many control characters in the first 8 KiB, mean this is not text. */
function looksBinary(buf: Uint8Array): boolean {
  if (buf.includes(0)) return true;
  const n = Math.min(buf.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return n > 0 && control / n > 0.02;
}

/** Wrong-encoding decodes produce replacement characters and rare symbols instead of Han text. */
function plausibleChinese(text: string): boolean {
  let han = 0;
  let bad = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff)) bad++;
  }
  return bad <= han / 50 && han > 0;
}
