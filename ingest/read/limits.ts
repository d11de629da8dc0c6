/**
 * What one report file may cost to read. Real reports are 5–60 pages, under 200,000 characters
 * and a few MB inflated; each limit is many times that, and a file over one is refused with the
 * limit named, before the work it would take.
 */
export const LIMITS = {
  /** Bytes of the file itself. */
  fileBytes: 20 * 1024 * 1024,
  /** Bytes a .docx's ZIP entries may inflate to, all together (images are never inflated). */
  inflatedBytes: 64 * 1024 * 1024,
  /** Entries in a .docx's ZIP (a real one has 10–40, plus its images). */
  zipEntries: 2000,
  /** Bytes one Flate stream of a PDF may inflate to (a full-page scan is about 26 MB); all of them, 4× inflatedBytes. */
  pdfStreamBytes: 64 * 1024 * 1024,
  /** Pages of a PDF. */
  pdfPages: 500,
  /** Characters of text a file may yield (HTML converted from a .docx included). */
  textChars: 1_000_000,
} as const;

export const MB = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
