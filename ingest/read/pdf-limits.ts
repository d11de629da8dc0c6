import { constants, inflateSync } from 'node:zlib';
import { IngestError } from '../errors.ts';
import { LIMITS, MB } from './limits.ts';

/**
 * Checks a PDF's Flate streams against the limits before pdf.js decodes them (pdf.js has no cap
 * and keeps a stream's whole output in memory): each stream is inflated with an output cap.
 * Streams that do not inflate (encrypted, other filters) are left to pdf.js.
 */
export function checkPdfStreams(buf: Uint8Array): void {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let total = 0;
  let n = 0;
  for (let at = b.indexOf('stream'); at >= 0; at = b.indexOf('stream', at + 6)) {
    if (b[at - 3] === 0x65 && b.toString('latin1', at - 3, at) === 'end') continue;
    let start = at + 6;
    if (b[start] === 0x0d) start++;
    if (b[start] !== 0x0a) continue;
    start++;
    const end = b.indexOf('endstream', start);
    if (end < 0) break;
    const dict = b.toString('latin1', Math.max(0, at - 512), at);
    if (!/FlateDecode/.test(dict.slice(dict.lastIndexOf('<<')))) continue;
    n++;
    let out: number;
    try {
      out = inflateSync(b.subarray(start, end), {
        maxOutputLength: LIMITS.pdfStreamBytes,
        finishFlush: constants.Z_SYNC_FLUSH,
      }).length;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') continue;
      throw new IngestError(
        `PDF stream ${n} inflates to more than ${MB(LIMITS.pdfStreamBytes)} (limit): a Flate bomb?`,
      );
    }
    total += out;
    if (total > LIMITS.inflatedBytes * 4)
      throw new IngestError(`PDF streams inflate to more than ${MB(LIMITS.inflatedBytes * 4)} in all (limit)`);
    at = end;
  }
}
