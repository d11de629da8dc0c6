/**
 * A corpus of hostile report files mixed with good ones: zip bombs in several shapes, PDF Flate
 * bombs, markup nested deeper than any parser's recursion, a PDF whose object graph loops, one
 * claiming a billion pages, a text file over the text limit. Each bad file must fail alone with a
 * reason; every good one must be stored.
 *
 *   npx tsx src/adapters/node/ingest/test-support/hostile.ts DIR   # writes the corpus into DIR
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { REAL_DIR, SAMPLES_DIR } from '../../../../../ingest/test-support/gold.ts';

export interface HostileFile {
  name: string;
  what: string;
  bytes: () => Uint8Array;
  /** A pattern the failure reason must match. */
  reason: RegExp;
}

interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** Stored (0) or deflated (8, the default). */
  method?: 0 | 8;
}

/** A ZIP; `alias` adds central-directory entries that point at an earlier entry's data (overlap). */
export function zip(entries: ZipEntry[], alias: { of: number; count: number } | null = null): Uint8Array {
  const parts: Buffer[] = [];
  const dir: Buffer[] = [];
  let offset = 0;
  const records: { name: Buffer; method: number; crc: number; csize: number; usize: number; offset: number }[] = [];
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(e.data, { level: 9 }) : Buffer.from(e.data);
    const name = Buffer.from(e.name);
    const rec = { name, method, crc: crc32(e.data), csize: body.length, usize: e.data.length, offset };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(rec.crc, 14);
    local.writeUInt32LE(rec.csize, 18);
    local.writeUInt32LE(rec.usize, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, body);
    offset += 30 + name.length + body.length;
    records.push(rec);
  }
  if (alias)
    for (let i = 0; i < alias.count; i++)
      records.push({ ...records[alias.of]!, name: Buffer.from(`word/overlap${i}.xml`) });
  for (const r of records) {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(r.method, 10);
    c.writeUInt32LE(r.crc, 16);
    c.writeUInt32LE(r.csize, 20);
    c.writeUInt32LE(r.usize, 24);
    c.writeUInt16LE(r.name.length, 28);
    c.writeUInt32LE(r.offset, 42);
    dir.push(c, r.name);
  }
  const cd = Buffer.concat(dir);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A .docx around a document.xml body, plus any other entries. */
function docx(
  body: string | Uint8Array,
  extra: ZipEntry[] = [],
  alias: { of: number; count: number } | null = null,
): Uint8Array {
  const doc =
    typeof body === 'string'
      ? Buffer.from(`<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`)
      : body;
  return zip(
    [
      { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
      { name: '_rels/.rels', data: Buffer.from(RELS) },
      { name: 'word/document.xml', data: doc },
      ...extra,
    ],
    alias,
  );
}

/** document.xml of `mb` MB of tiny paragraphs, built without holding a string that size twice. */
function tinyParagraphs(mb: number): Uint8Array {
  const head = Buffer.from(`<?xml version="1.0"?><w:document ${W}><w:body>`);
  const tail = Buffer.from('</w:body></w:document>');
  const para = Buffer.from('<w:p><w:r><w:t>政府信息公开</w:t></w:r></w:p>');
  const out = Buffer.alloc(head.length + tail.length + Math.floor((mb * 1048576) / para.length) * para.length);
  head.copy(out, 0);
  for (let at = head.length; at + para.length <= out.length - tail.length; at += para.length) para.copy(out, at);
  tail.copy(out, out.length - tail.length);
  return out;
}

/** A PDF from object bodies (1-based), with a correct xref table. */
export function pdf(objs: (string | Buffer)[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(o), Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    length += chunk.length;
  });
  parts.push(
    Buffer.from(
      `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}

function flateStream(dict: string, data: Uint8Array): Buffer {
  const z = deflateSync(data, { level: 9 });
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${z.length} /Filter /FlateDecode >>\nstream\n`),
    z,
    Buffer.from('\nendstream'),
  ]);
}

const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>';

export function hostileFiles(): HostileFile[] {
  return [
    {
      name: 'bomb-one-entry.docx',
      what: 'document.xml of tiny paragraphs inflating to 100 MB (the 300 KB file that killed npm run ingest)',
      bytes: () => docx(tinyParagraphs(100)),
      reason: /inflates to more than 64 MB/,
    },
    {
      name: 'bomb-many-entries.docx',
      what: '5000 ZIP entries',
      bytes: () =>
        docx(
          '<w:p/>',
          Array.from({ length: 5000 }, (_, i) => ({ name: `word/part${i}.xml`, data: Buffer.from('<x/>') })),
        ),
      reason: /ZIP entries \(limit 2000\)/,
    },
    {
      name: 'bomb-overlapping.docx',
      what: '300 directory entries sharing one 8 MB-inflating body (an overlapping zip bomb)',
      bytes: () =>
        docx('<w:p/>', [{ name: 'word/shared.xml', data: Buffer.alloc(8 * 1048576, 0x20) }], { of: 3, count: 300 }),
      reason: /inflates to more than 64 MB/,
    },
    {
      name: 'bomb-nested.docx',
      what: 'a zip bomb zipped inside the document (nested), with no readable body',
      bytes: () =>
        docx(Buffer.from('not xml'), [{ name: 'word/inner.zip', data: docx(tinyParagraphs(60)), method: 0 }]),
      reason: /not a readable \.docx/,
    },
    {
      name: 'deep-nesting.docx',
      what: 'document.xml nested 200,000 elements deep',
      bytes: () => docx(`${'<w:sdt><w:sdtContent>'.repeat(200_000)}<w:p/>${'</w:sdtContent></w:sdt>'.repeat(200_000)}`),
      reason: /./,
    },
    {
      name: 'deep-nesting.html',
      what: 'HTML nested 300,000 <div>s deep around a table',
      bytes: () =>
        Buffer.from(
          `<html><body><p>政府信息公开工作年度报告</p>${'<div>'.repeat(300_000)}<table><tr><td>1</td></tr></table>${'</div>'.repeat(300_000)}</body></html>`,
        ),
      reason: /./,
    },
    {
      name: 'flate-bomb.pdf',
      what: 'one content stream inflating to 200 MB',
      bytes: () =>
        pdf([
          '<< /Type /Catalog /Pages 2 0 R >>',
          '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
          PAGE,
          flateStream('', Buffer.alloc(200 * 1048576, 0x20)),
        ]),
      reason: /inflates to more than 64 MB/,
    },
    {
      name: 'flate-bomb-split.pdf',
      what: 'twenty streams inflating to 60 MB each',
      bytes: () => {
        const one = flateStream('', Buffer.alloc(60 * 1048576, 0x20));
        return pdf([
          '<< /Type /Catalog /Pages 2 0 R >>',
          '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
          PAGE,
          ...Array.from({ length: 20 }, () => one),
        ]);
      },
      reason: /in all \(limit\)/,
    },
    {
      name: 'looping-pages.pdf',
      what: 'a page tree whose /Kids contain itself',
      bytes: () =>
        pdf([
          '<< /Type /Catalog /Pages 2 0 R >>',
          '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>',
          PAGE,
          flateStream('', Buffer.from('BT /F1 12 Tf 72 720 Td (x) Tj ET')),
        ]),
      reason: /not a readable PDF|no text layer/,
    },
    {
      name: 'billion-pages.pdf',
      what: 'a page tree claiming 1,000,000,000 pages',
      bytes: () =>
        pdf([
          '<< /Type /Catalog /Pages 2 0 R >>',
          '<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>',
          PAGE,
          flateStream('', Buffer.from('BT ET')),
        ]),
      reason: /pages \(limit 500\)|no text layer/,
    },
    {
      name: 'huge-text.txt',
      what: '19 MB of text (6.5M characters) repeating a report line',
      bytes: () => Buffer.from('政府信息公开工作年度报告。'.repeat(500_000)),
      reason: /characters of text \(limit/,
    },
  ];
}

/** Good reports to mix in: the five samples and a real PDF. */
export const GOOD_FILES = [
  ...readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(SAMPLES_DIR, f)),
  join(REAL_DIR, 'huaian_2024_szfgs2024.pdf'),
];

/** Writes the hostile files and the good reports into `dir`; returns the good files' names. */
export function writeHostileCorpus(dir: string): { bad: HostileFile[]; good: string[] } {
  mkdirSync(dir, { recursive: true });
  const bad = hostileFiles();
  for (const f of bad) writeFileSync(join(dir, f.name), f.bytes());
  for (const f of GOOD_FILES) copyFileSync(f, join(dir, basename(f)));
  return { bad, good: GOOD_FILES.map((f) => basename(f)) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: hostile.ts DIR');
  const { bad, good } = writeHostileCorpus(dir);
  console.log(`${bad.length} hostile and ${good.length} good files in ${dir}`);
}
