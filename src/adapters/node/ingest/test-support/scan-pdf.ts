/**
 * A scanned PDF made for tests: each page one JPEG image (DCTDecode) and no text layer, as a
 * scanner writes it. The JPEGs come from pdftoppm rendering a real report's pages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Renders pages of a PDF as JPEGs (pdftoppm -jpeg), each with its pixel size. */
export function renderJpegs(pdf: string, pages: number[], dpi = 300): { jpeg: Buffer; w: number; h: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'scan-'));
  try {
    return pages.map((p) => {
      const out = join(dir, `p${p}`);
      execFileSync('pdftoppm', ['-r', String(dpi), '-jpeg', '-f', `${p}`, '-l', `${p}`, '-singlefile', pdf, out]);
      const jpeg = readFileSync(`${out}.jpg`);
      return { jpeg, ...jpegSize(jpeg) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(b: Buffer): { w: number; h: number } {
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) throw new Error('not a JPEG');
    const marker = b[i + 1]!;
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { h: b.readUInt16BE(i + 5), w: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('JPEG has no frame header');
}

/** An image-only PDF: one A4-proportioned page per image, the image filling the page. */
export function imagePdf(images: { jpeg: Buffer; w: number; h: number }[], dpi = 300): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string) => objects.push(Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'));
  const pageIds = images.map((_, i) => 3 + i * 3);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${images.length} >>`);
  images.forEach(({ jpeg, w, h }, i) => {
    const [pw, ph] = [(w * 72) / dpi, (h * 72) / dpi].map((v) => v.toFixed(2));
    const id = pageIds[i]!;
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw} ${ph}] /Resources << /XObject << /Im0 ${id + 1} 0 R >> >> /Contents ${id + 2} 0 R >>`,
    );
    add(
      Buffer.concat([
        Buffer.from(
          `<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
          'latin1',
        ),
        jpeg,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
    const content = `q ${pw} 0 0 ${ph} 0 0 cm /Im0 Do Q`;
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  });
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(at);
    parts.push(obj);
    at += obj.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`,
  ].join('');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}
