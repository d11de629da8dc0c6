/**
 * Re-renders a report's tables 二/三/四 into the layouts real reports come in, from canonical
 * cell values, so the parser can be tested on each layout with known answers.
 */
import iconv from 'iconv-lite';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import {
  printedGroup,
  T2_COLS,
  T2_ROWS,
  T3_COLS,
  T3_GROUPS,
  T3_ROWS,
  T4_BLOCKS,
  T4_COLS,
  type TemplateVersion,
} from '../../src/domain/catalogue.ts';

export interface GridCell {
  text: string;
  rowspan?: number;
  colspan?: number;
}
export type Grid = GridCell[][];

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '/' : String(v));

const T2_BLOCKS: Record<TemplateVersion, [string, string[]][]> = {
  '2021': [
    ['第二十条第（一）项', ['reg', 'norm']],
    ['第二十条第（五）项', ['license']],
    ['第二十条第（六）项', ['penalty', 'coercion']],
    ['第二十条第（八）项', ['fee']],
  ],
  '2019': [
    ['第二十条第（一）项', ['reg', 'norm']],
    ['第二十条第（五）项', ['license', 'other_mgmt_service']],
    ['第二十条第（六）项', ['penalty', 'coercion']],
    ['第二十条第（八）项', ['fee']],
    ['第二十条第（九）项', ['central_procurement']],
  ],
};

export function t2Grid(template: TemplateVersion, cells: Record<string, number | null>): Grid {
  const grid: Grid = [];
  for (const [block, rowKeys] of T2_BLOCKS[template]) {
    grid.push([{ text: block, colspan: 4 }]);
    const rows = T2_ROWS[template].filter((r) => rowKeys.includes(r.key));
    const cols = rows[0]!.cols;
    const colLabel = (c: string) =>
      c === 'amount' && template === '2019' ? '采购总金额（单位：元）' : T2_COLS[c]!.label;
    grid.push([{ text: '信息内容' }, ...cols.map((c) => ({ text: colLabel(c) }))]);
    for (const r of rows)
      grid.push([{ text: r.label }, ...r.cols.map((c) => ({ text: fmt(cells[`t2.${r.key}.${c}`]) }))]);
  }
  return grid;
}

/** 表三 with its merged headers: the vertical 三、本年度办理结果 and the （三）…（六） groups. */
export function t3Grid(template: TemplateVersion, cells: Record<string, number | null>): Grid {
  const rows = T3_ROWS[template];
  const values = (key: string) => T3_COLS.map((c) => ({ text: fmt(cells[`t3.${key}.${c.key}`]) }));
  const grid: Grid = [
    [
      { text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', rowspan: 3, colspan: 3 },
      { text: '申请人情况', colspan: 7 },
    ],
    [
      { text: '自然人', rowspan: 2 },
      { text: '法人或其他组织', colspan: 5 },
      { text: '总计', rowspan: 2 },
    ],
    [{ text: '商业企业' }, { text: '科研机构' }, { text: '社会公益组织' }, { text: '法律服务机构' }, { text: '其他' }],
  ];
  const resultRows = rows.slice(
    2,
    rows.findIndex((r) => r.key === 'carry_forward'),
  );
  for (const r of rows) {
    const row: GridCell[] = [];
    if (r.key === 'granted') row.push({ text: T3_GROUPS.results!, rowspan: resultRows.length });
    const g = printedGroup(r.key);
    const inResults = resultRows.includes(r);
    if (g && rows.find((x) => printedGroup(x.key) === g) === r)
      row.push({ text: T3_GROUPS[g]!, rowspan: rows.filter((x) => printedGroup(x.key) === g).length });
    if (g) row.push({ text: r.label });
    else row.push({ text: r.label, colspan: inResults ? 2 : 3 });
    grid.push([...row, ...values(r.key)]);
  }
  return grid;
}

export function t4Grid(cells: Record<string, number | null>): Grid {
  return [
    [
      { text: '行政复议', colspan: 5 },
      { text: '行政诉讼', colspan: 10 },
    ],
    [
      ...T4_COLS.map((c) => ({ text: c.label, rowspan: 2 })),
      { text: '未经复议直接起诉', colspan: 5 },
      { text: '复议后起诉', colspan: 5 },
    ],
    [...T4_COLS.map((c) => ({ text: c.label })), ...T4_COLS.map((c) => ({ text: c.label }))],
    T4_BLOCKS.flatMap((b) => T4_COLS.map((c) => ({ text: fmt(cells[`t4.${b.key}.${c.key}`]) }))),
  ];
}

/** Tab-separated rows (a Word table pasted as text): merged cells leave empty fields. */
export function gridToTabs(grid: Grid): string {
  return expand(grid)
    .map((r) => r.join('\t'))
    .join('\n');
}

/** One cell per line with a blank line between rows (a Word table saved as plain text). */
export function gridToLines(grid: Grid): string {
  return grid.map((r) => r.map((c) => c.text).join('\n')).join('\n\n');
}

export function gridToHtml(grid: Grid): string {
  const td = (c: GridCell) =>
    `<td${c.rowspan ? ` rowspan="${c.rowspan}"` : ''}${c.colspan ? ` colspan="${c.colspan}"` : ''}>${c.text}</td>`;
  return `<table border="1">${grid.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</table>`;
}

export function gridToDocxTable(grid: Grid): Table {
  return new Table({
    rows: grid.map(
      (r) =>
        new TableRow({
          children: r.map(
            (c) =>
              new TableCell({
                children: [new Paragraph(c.text)],
                ...(c.rowspan ? { rowSpan: c.rowspan } : {}),
                ...(c.colspan ? { columnSpan: c.colspan } : {}),
              }),
          ),
        }),
    ),
  });
}

function expand(grid: Grid): string[][] {
  const out: string[][] = [];
  grid.forEach((row, r) => {
    out[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (out[r]![c] !== undefined) c++;
      for (let dr = 0; dr < (cell.rowspan ?? 1); dr++)
        for (let dc = 0; dc < (cell.colspan ?? 1); dc++)
          (out[r + dr] ??= [])[c + dc] = dr === 0 && dc === 0 ? cell.text : '';
      c += cell.colspan ?? 1;
    }
  });
  return out.map((r) => Array.from(r, (v) => v ?? ''));
}

/** A small seeded generator, so a noisy rendering is the same for the same seed. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const isValueRow = (row: string[]) => row.some((c) => /^(?:-?\d+(?:\.\d+)?|\/)$/.test(c));
/** Labels long enough that a narrow PDF or Word column breaks them over lines. */
const LONG_LABEL = 11;

/**
 * A markdown conversion of a PDF: pipe rows with a separator under the first, header words split
 * over two cells or glued into one, long labels printed on the line above their numbers (the
 * rest below), a page number and a stray digit between rows.
 */
export function gridToMarkdown(grid: Grid, seed: number): string {
  const rnd = seeded(seed);
  const rows = expand(grid);
  const out: string[] = [];
  const pipe = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const breakAt = Math.floor(rows.length / 2);
  rows.forEach((row, r) => {
    if (r === breakAt) out.push('', `— ${2 + Math.floor(rnd() * 20)} —`, '');
    if (!isValueRow(row)) {
      const cells = row.filter((c) => c !== '');
      const k = Math.floor(rnd() * cells.length);
      const c = cells[k] ?? '';
      if (rnd() < 0.5 && c.length >= 4) cells.splice(k, 1, c.slice(0, 2), c.slice(2));
      else if (k + 1 < cells.length) cells.splice(k, 2, c + cells[k + 1]);
      out.push(pipe(cells));
    } else {
      const at = row.findIndex((c) => c.length >= LONG_LABEL && !/^\d/.test(c));
      if (at >= 0 && rnd() < 0.5) {
        const label = row[at]!;
        const cut = Math.ceil(label.length / 2);
        out.push(pipe([label.slice(0, cut)]), pipe(row.map((c, i) => (i === at ? '' : c))), pipe([label.slice(cut)]));
      } else out.push(pipe(row));
      if (rnd() < 0.05) out.push('1');
    }
    if (r === 0) out.push(pipe(row.map(() => '---')));
  });
  return out.join('\n');
}

const pad = (rnd: () => number) => ' '.repeat(2 + Math.floor(rnd() * 5));

/**
 * `pdftotext -layout` of a text PDF: values right-aligned in fixed columns, blank cells printed as
 * nothing (or "/"), merged cells as blanks, a vertical group header one character per line beside
 * the rows, long labels broken over the lines above and below their numbers, and a page break
 * (footer, blank lines, the column headers printed again) in the middle of the table.
 */
export function gridToSpaces(grid: Grid, seed: number): string {
  const rnd = seeded(seed);
  const rows = expand(grid);
  const header = rows.filter((r) => !isValueRow(r)).slice(0, 3);
  const out: string[] = [];
  const vertical: string[] = [];
  const breakAt = Math.floor(rows.length / 2);
  const isValue = (c: string) => /^(?:-?\d+(?:\.\d+)?|\/)$/.test(c);
  const labelWidth =
    4 + Math.max(...rows.flatMap((r) => r.filter((c) => !isValue(c)).map((c) => Math.min(c.length, 24))));
  const omitBlanks = rnd() < 0.5;
  rows.forEach((row, r) => {
    if (r === breakAt && isValueRow(row)) {
      out.push('', `- ${2 + Math.floor(rnd() * 9)} -`, '', '');
      for (const h of header) out.push(h.filter((c) => c !== '').join(pad(rnd)));
    }
    if (!isValueRow(row)) {
      out.push(row.filter((c) => c !== '').join(pad(rnd)));
      return;
    }
    const labels = row
      .filter((c) => c !== '' && !isValue(c))
      .map((c) => {
        if (c.length >= 6 && /^[一二三四五六七八九十]、本年度/.test(c)) {
          vertical.push(...c.slice(1));
          return c[0]!;
        }
        return c;
      });
    const side = vertical.shift() ?? '';
    const values = row
      .filter(isValue)
      .map((v) => (v === '/' && omitBlanks ? '' : v))
      .map((v) => v.padStart(7 + (rnd() < 0.2 ? 1 : 0)))
      .join(' ');
    const long = labels.findIndex((c) => c.length >= LONG_LABEL);
    if (long >= 0) {
      const label = labels[long]!;
      const cut = Math.ceil(label.length / 2);
      const rest = labels.map((c, i) => (i === long ? '' : c)).filter((c) => c !== '');
      out.push(label.slice(0, cut), [side, ...rest].join('  ').padEnd(labelWidth) + values, label.slice(cut));
    } else
      out.push(
        [side, ...labels]
          .filter((c) => c !== '')
          .join('  ')
          .padEnd(labelWidth) + values,
      );
  });
  return out.join('\n');
}

/**
 * OCR of a scanned table: headers replaced by 数据1…数据N (once, and again mid-table), cells set
 * apart by single spaces, runs of spaces or a misread rule `|`, and long labels with a few
 * characters lost (其他法律行政止公开).
 */
export function gridToOcr(grid: Grid, seed: number): string {
  const rnd = seeded(seed);
  const rows = expand(grid);
  const width = Math.max(...rows.map((r) => r.filter((c) => /^(?:\d+(?:\.\d+)?|\/)$/.test(c)).length));
  const names = ['项目', ...Array.from({ length: width }, (_, i) => `数据${i + 1}`)].join('  ');
  const sep = () => [' ', '  ', ' | ', pad(rnd)][Math.floor(rnd() * 4)]!;
  const out: string[] = [];
  let headed = false;
  rows.forEach((row, r) => {
    if (!isValueRow(row)) {
      if (!headed) out.push(names);
      headed = true;
      return;
    }
    if (r === Math.floor(rows.length / 2)) out.push(names);
    const cells = row
      .filter((c) => c !== '')
      .map((c) => {
        if (c.length < LONG_LABEL || /^\d/.test(c)) return c;
        const at = 4 + Math.floor(rnd() * (c.length - 6));
        return c.slice(0, at) + c.slice(at + 1 + Math.floor(rnd() * 3));
      });
    out.push(cells.map((c, i) => (i === 0 ? c : sep() + c)).join(''));
  });
  return out.join('\n');
}

export type Layout = 'tabs' | 'lines' | 'html' | 'docx' | 'gb18030' | 'markdown' | 'spaces' | 'ocr';

export interface ReportParts {
  /** Prose before 表二 (title, 一、…, the heading 二、…), between the tables, and after 表四. */
  head: string;
  t2Heading: string;
  t3Heading: string;
  t4Heading: string;
  tail: string;
}

/** Renders a whole report file in one layout: the prose as lines, the three tables as grids. */
export async function renderReport(
  parts: ReportParts,
  grids: [Grid, Grid, Grid],
  layout: Layout,
  seed = 1,
): Promise<{ name: string; bytes: Uint8Array }> {
  const blocks: (string | Grid)[] = [
    parts.head,
    parts.t2Heading,
    grids[0],
    parts.t3Heading,
    grids[1],
    parts.t4Heading,
    grids[2],
    parts.tail,
  ];
  if (layout !== 'html' && layout !== 'docx') {
    const toText = (g: Grid) => {
      if (layout === 'markdown') return gridToMarkdown(g, seed);
      if (layout === 'spaces') return gridToSpaces(g, seed);
      if (layout === 'ocr') return gridToOcr(g, seed);
      return layout === 'lines' ? gridToLines(g) : gridToTabs(g);
    };
    const text = blocks.map((b) => (typeof b === 'string' ? b : toText(b))).join('\n\n');
    return {
      name: 'report.txt',
      bytes: layout === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'),
    };
  }
  if (layout === 'html') {
    const p = (s: string) =>
      s
        .split('\n')
        .map((l) => `<p>${l}</p>`)
        .join('');
    const body = blocks.map((b) => (typeof b === 'string' ? p(b) : gridToHtml(b))).join('\n');
    return {
      name: 'report.html',
      bytes: Buffer.from(
        `<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>${body}</body></html>`,
      ),
    };
  }
  const children = blocks.flatMap((b): (Paragraph | Table)[] =>
    typeof b === 'string'
      ? b.split('\n').map((l) => new Paragraph({ children: [new TextRun(l)] }))
      : [gridToDocxTable(b)],
  );
  const doc = new Document({ sections: [{ children }] });
  return { name: 'report.docx', bytes: new Uint8Array(await Packer.toBuffer(doc)) };
}
