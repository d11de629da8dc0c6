/**
 * The report's normalised text: the one string every offset (sections, facts, chunks, citation
 * quotes) points into. Chinese punctuation is kept as printed; only what varies without meaning
 * is made uniform: line ends, full-width digits and letters, odd spaces, word-processor markers
 * and PDF page footers.
 */
export function normaliseText(raw: string): string {
  return raw
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u3000\u2002\u2003\u2009]/g, ' ')
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\[bookmark: [^\]\n]*\]/g, '')
    .replace(/^[ \t]*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?)[ \t]*$/gm, '')
    .replace(/ +$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
