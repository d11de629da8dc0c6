import { describe, expect, it } from 'vitest';
import { layoutPage } from '../../../../ingest/read/pdf-layout.ts';
import { pagesFromTsv } from './word-tsv.ts';

/**
 * Real tesseract chi_sim output for part of a line of a rendered report page and the heading
 * below it: a 、 boxed 112 pixels high, reaching the line above, and a 调 boxed 14 pixels high.
 */
const TSV = [
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
  '1\t1\t0\t0\t0\t0\t0\t0\t2484\t3513\t-1\t',
  '4\t1\t5\t1\t4\t0\t26\t1317\t2179\t49\t-1\t',
  '5\t1\t5\t1\t4\t13\t792\t1317\t30\t45\t92.854095\t室',
  '5\t1\t5\t1\t4\t14\t826\t1281\t140\t111\t95.003494\t,负责',
  '5\t1\t5\t1\t4\t15\t989\t1318\t64\t44\t93.244453\t推进',
  '5\t1\t5\t1\t4\t16\t1062\t1281\t43\t111\t93.141129\t、',
  '5\t1\t5\t1\t4\t17\t1104\t1317\t63\t46\t91.121529\t协',
  '5\t1\t5\t1\t4\t18\t1190\t1348\t13\t14\t93.108101\t调',
  '5\t1\t5\t1\t4\t19\t1208\t1281\t49\t111\t93.030701\t、',
  '4\t1\t5\t1\t5\t0\t27\t1441\t596\t47\t-1\t',
  '5\t1\t5\t1\t5\t1\t27\t1449\t59\t37\t79.638802\t二',
  '5\t1\t5\t1\t5\t2\t86\t1406\t49\t112\t72.147049\t、',
  '5\t1\t5\t1\t5\t3\t135\t1442\t37\t45\t91.569542\t主',
  '5\t1\t5\t1\t5\t4\t198\t1442\t24\t45\t92.992264\t动',
  '5\t1\t5\t1\t5\t5\t247\t1443\t75\t45\t96.978889\t公开',
  '5\t1\t5\t1\t5\t6\t345\t1441\t78\t47\t93.149864\t政府',
  '5\t1\t5\t1\t5\t7\t436\t1441\t86\t47\t96.638138\t信息',
  '5\t1\t5\t1\t5\t8\t541\t1441\t82\t47\t96.656403\t情况',
].join('\n');

describe('pagesFromTsv', () => {
  it('gives each OCR word its line’s height when asked, so no character falls off its line', () => {
    // By the words' own boxes a 14-pixel 调 falls off its line.
    expect(layoutPage(pagesFromTsv(TSV)[0]!, true).split('\n')).toContain('调');
    const page = pagesFromTsv(TSV, { lineBoxes: true })[0]!;
    expect(page.words.filter((w) => w.y0 === 1441 && w.y1 === 1488).length).toBe(8);
    expect(layoutPage(page, true).split('\n')).toEqual(['室,负责推进、协调、', '二、主动公开政府信息情况']);
  });
});
