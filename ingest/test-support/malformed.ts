/**
 * Bad and odd inputs for ingest, made from the bundled samples: each should give a clear error
 * (and leave the database as it was) or be ingested with a warning naming what is wrong.
 */
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_DIR, SAMPLES_DIR } from './gold.ts';
import { renderReport, t2Grid, t3Grid, t4Grid } from './render.ts';
import { goldCells, loadGold } from './gold.ts';

export interface BadInput {
  name: string;
  /** What the case is, for the test title. */
  what: string;
  bytes: Uint8Array | (() => Uint8Array);
  /** 'error': refused; 'warning': stored with a warning or failed rule. */
  expect: 'error' | 'warning' | 'either';
}

const SAMPLES = [
  '000_02e80cf19b94c8cc.txt',
  '001_36591a17fc2832bc.txt',
  '002_b99ae1cfb7712085.txt',
  '003_795117ff85927c6d.txt',
  '004_e51fc33f15234b62.txt',
];
const sample = (f: string) => readFileSync(join(SAMPLES_DIR, f), 'utf8');

/** A deterministic byte generator (xorshift), so failures reproduce. */
function bytes(seed: number, n: number): Uint8Array {
  let x = seed || 1;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A valid one-page PDF whose page has no text layer (what a scanner produces, minus the image). */
function pdfWithoutText(): Uint8Array {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const stream = '0 0 1 rg 10 10 100 100 re f';
  objs.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export async function badInputs(): Promise<BadInput[]> {
  const cases: BadInput[] = [];
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  for (const ext of ['txt', 'md', 'html', 'htm', 'docx', 'pdf'])
    cases.push({ name: `empty.${ext}`, what: 'empty file', bytes: new Uint8Array(0), expect: 'error' });
  for (const ext of ['txt', 'html', 'docx', 'pdf']) {
    for (const seed of [1, 2, 3])
      cases.push({
        name: `random${seed}.${ext}`,
        what: 'random binary bytes',
        bytes: bytes(seed * 7919, 4096),
        expect: 'error',
      });
  }
  cases.push({
    name: 'nul.txt',
    what: 'text with NUL bytes',
    bytes: utf8(`${sample(SAMPLES[0]!)}\u0000\u0000`),
    expect: 'error',
  });
  cases.push({
    name: 'no-org.txt',
    what: 'a report whose title and text name no org (stored as 未署名单位, with a warning)',
    bytes: utf8(
      `2021年政府信息公开工作年度报告\n${'一、总体情况\n本年度政府信息公开工作有序开展，主动公开政府信息若干条。\n'.repeat(8)}`,
    ),
    expect: 'warning',
  });
  cases.push({ name: 'report.xls', what: 'unsupported extension', bytes: utf8(sample(SAMPLES[0]!)), expect: 'error' });
  cases.push({ name: 'noext', what: 'no extension', bytes: utf8(sample(SAMPLES[0]!)), expect: 'error' });
  for (const f of SAMPLES) {
    const text = sample(f);
    for (const frac of [0.005, 0.02, 0.1, 0.3, 0.5, 0.7]) {
      cases.push({
        name: `trunc-${frac}-${f}`,
        what: `truncated to ${frac * 100}%`,
        bytes: utf8(text.slice(0, Math.floor(text.length * frac))),
        expect: frac < 0.05 ? 'error' : 'either',
      });
    }
    cases.push({
      name: `cut-utf8-${f}`,
      what: 'ends in the middle of a UTF-8 character',
      bytes: Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xe6, 0x94])]),
      expect: 'warning',
    });
    cases.push({
      name: `bom-gbk-${f}`,
      what: 'GB18030 bytes behind a UTF-8 byte-order mark',
      bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(text, 'gb18030')]),
      expect: 'error',
    });
    cases.push({
      name: `big5-${f}`,
      what: 'Big5-encoded (an encoding we do not detect)',
      bytes: iconv.encode(text, 'big5'),
      expect: 'error',
    });
    cases.push({
      name: `shiftjis-${f}`,
      what: 'Shift_JIS-encoded',
      bytes: iconv.encode(text, 'shift_jis'),
      expect: 'error',
    });
    cases.push({
      name: `latin1-${f}`,
      what: 'UTF-8 read as Latin-1 and saved again (mojibake)',
      bytes: utf8(Buffer.from(text, 'utf8').toString('latin1')),
      expect: 'error',
    });
    cases.push({
      name: `utf16-nobom-${f}`,
      what: 'UTF-16 without a byte-order mark',
      bytes: Buffer.from(text, 'utf16le'),
      expect: 'error',
    });
    cases.push({
      name: `no-section-five-${f}`,
      what: 'a report with section 五 missing',
      bytes: utf8(text.replace(/五、[^\n]*\n/, '')),
      expect: 'warning',
    });
    cases.push({
      name: `no-t3-row-${f}`,
      what: 'table 三 with the 予以公开 row missing',
      bytes: utf8(text.replace(/[^\n]*予以公开[^\n]*\n(?:[\t ]*\d+[\t ]*\n)*/, '')),
      expect: 'warning',
    });
    if (!f.startsWith('003'))
      cases.push({
        name: `no-t4-${f}`,
        what: 'table 四 values missing',
        bytes: utf8(text.replace(/\n(?:\d+\t){14}\d+\t?\n/, '\n')),
        expect: 'warning',
      });
    cases.push({
      name: `letters-in-table-${f}`,
      what: 'letters in place of table numbers',
      bytes: utf8(text.replace(/(本年新收政府信息公开申请数量[\t\n ]*)\d+/, '$1abc')),
      expect: 'warning',
    });
    cases.push({
      name: `year-2018-${f}`,
      what: 'a 2018 report (pre-2019 template)',
      bytes: utf8(text.replace(/20(19|2\d)(\s*)年/g, '2018$2年')),
      expect: 'warning',
    });
    cases.push({
      name: `no-keywords-${f}`,
      what: 'Chinese prose that is not a report',
      bytes: utf8(text.replace(/政府信息公开|政务公开/g, '工作')),
      expect: 'error',
    });
    cases.push({
      name: `no-year-${f}`,
      what: 'no year anywhere',
      bytes: utf8(text.replace(/\d{4}\s*年/g, '本年')),
      expect: 'error',
    });
  }
  const huge = () => Buffer.alloc(50 * 1024 * 1024, '政务公开。\n');
  cases.push({ name: 'huge-50mb.txt', what: '50 MB text', bytes: huge, expect: 'error' });
  cases.push({ name: 'scanned.pdf', what: 'PDF with no text layer', bytes: pdfWithoutText(), expect: 'error' });
  const pdf = readFileSync(join(REAL_DIR, 'huaian_2024_szfgs2024.pdf'));
  for (const frac of [0.01, 0.2, 0.6])
    cases.push({
      name: `trunc-${frac}.pdf`,
      what: `PDF truncated to ${frac * 100}%`,
      bytes: pdf.subarray(0, Math.floor(pdf.length * frac)),
      expect: 'either',
    });
  cases.push({ name: 'fake.pdf', what: 'text with a .pdf name', bytes: utf8(sample(SAMPLES[0]!)), expect: 'error' });
  const gold = loadGold(SAMPLES[3]!);
  const cells = goldCells(gold);
  const docx = await renderReport(
    {
      head: `${gold.title}\n一、总体情况\n政府信息公开`,
      t2Heading: '二、主动公开政府信息情况',
      t3Heading: '三、收到和处理政府信息公开申请情况',
      t4Heading: '四、政府信息公开行政复议、行政诉讼情况',
      tail: '五、存在的主要问题及改进情况\n六、其他需要报告的事项',
    },
    [t2Grid(gold.template, cells), t3Grid(gold.template, cells), t4Grid(cells)],
    'docx',
  );
  for (const frac of [0.1, 0.5, 0.9])
    cases.push({
      name: `trunc-${frac}.docx`,
      what: `docx truncated to ${frac * 100}%`,
      bytes: docx.bytes.subarray(0, Math.floor(docx.bytes.length * frac)),
      expect: 'error',
    });
  cases.push({
    name: 'zip-not-docx.docx',
    what: 'a ZIP that is not a Word document',
    bytes: Buffer.from('504b0506000000000000000000000000000000000000', 'hex'),
    expect: 'error',
  });
  cases.push({
    name: 'blank-template.docx',
    what: 'the blank 2021 template (no report)',
    bytes: readFileSync(join(REAL_DIR, 'TEMPLATE_2021_govnianbao_zwgk_nianbao_moban.docx')),
    expect: 'error',
  });
  return cases;
}
