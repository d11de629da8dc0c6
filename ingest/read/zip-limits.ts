import { inflateRawSync } from 'node:zlib';
import { IngestError } from '../errors.ts';
import { LIMITS, MB } from './limits.ts';

/** Entries a .docx reader never inflates when images are skipped. */
const MEDIA = /^word\/(?:media|embeddings)\//;

/**
 * Checks a ZIP (a .docx) against the limits before any library inflates it: the entry count
 * from the central directory, then every entry but images inflated with an output cap, so the
 * sizes the directory claims (which a bomb may understate) are never trusted. Entries that share
 * compressed data (overlapping bombs) count once per entry, as a reader would inflate them.
 */
export function checkZip(buf: Uint8Array): void {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const eocd = findEndOfCentralDirectory(b);
  if (eocd < 0) throw new IngestError('not a readable .docx file (no ZIP directory)');
  const entries = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  if (entries === 0xffff || at === 0xffffffff)
    throw new IngestError('not a readable .docx file (ZIP64 archives are not supported)');
  if (entries > LIMITS.zipEntries)
    throw new IngestError(`.docx has ${entries} ZIP entries (limit ${LIMITS.zipEntries}): a ZIP bomb?`);
  let inflated = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50)
      throw new IngestError('not a readable .docx file (damaged ZIP directory)');
    const method = b.readUInt16LE(at + 10);
    const compressed = b.readUInt32LE(at + 20);
    const nameLen = b.readUInt16LE(at + 28);
    const local = b.readUInt32LE(at + 42);
    const name = b.toString('utf8', at + 46, at + 46 + nameLen);
    at += 46 + nameLen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    if (MEDIA.test(name)) continue;
    if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50)
      throw new IngestError(`not a readable .docx file (damaged ZIP entry ${name})`);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, Math.min(b.length, start + compressed));
    const budget = LIMITS.inflatedBytes - inflated;
    if (method === 0) inflated += data.length;
    else if (method === 8) {
      try {
        inflated += inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') inflated = Infinity;
        else throw new IngestError(`not a readable .docx file (ZIP entry ${name}: ${(e as Error).message})`);
      }
    }
    if (inflated > LIMITS.inflatedBytes)
      throw new IngestError(
        `.docx inflates to more than ${MB(LIMITS.inflatedBytes)} (limit; at ZIP entry ${name}): a ZIP bomb?`,
      );
  }
}

function findEndOfCentralDirectory(b: Buffer): number {
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--)
    if (b.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}
