import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import { buildCorpusIndex } from './corpus.ts';
import { correctSoundAlikes } from './entities.ts';
import { nearest, nearOrg, nearWord, oneEdit, placeOptions, slipScore } from './near-match.ts';
import { FIGURE_WORDS } from './understand/metric-match.ts';
import { understand } from './understand/understand.ts';

/** The five sample reports: 花马池镇 (盐池县), 葛寨镇 (伊川县), 花庄镇, 南郊镇, 古城镇. */
const corpus = buildCorpusIndex(sampleInfos());
const near = (q: string, name: string) => nearOrg(q, name, corpus);

describe('oneEdit', () => {
  it('names the one slip between a written and a known word', () => {
    expect(oneEdit('葛赛', '葛寨')).toEqual({ kind: 'substituted', at: 1, wrote: '赛', meant: '寨' });
    expect(oneEdit('马花池', '花马池')).toEqual({ kind: 'swapped', at: 0 });
    expect(oneEdit('古城城', '古城')).toEqual({ kind: 'doubled', at: 2, wrote: '城' });
    expect(oneEdit('行政大处罚', '行政处罚')).toEqual({ kind: 'inserted', at: 2, wrote: '大' });
    expect(oneEdit('行政罚', '行政处罚')).toEqual({ kind: 'dropped', at: 2 });
  });

  it('is null for the same word and for words two edits apart', () => {
    expect(oneEdit('花马池', '花马池')).toBeNull();
    expect(oneEdit('北京', '花马池')).toBeNull();
    expect(oneEdit('池马花', '花马池')).toBeNull();
  });
});

describe('slipScore and nearest', () => {
  const known = (name: string, tail = '') => ({ name, value: name, tail });

  it('reads nothing into a word shorter than three characters', () => {
    expect(slipScore('投拆', known('投诉'))).toBeNull();
  });

  it('keeps the tail as written: another unit suffix is another unit', () => {
    expect(slipScore('南郊乡', known('南郊镇', '镇'))).toBeNull();
    expect(slipScore('南效镇', known('南郊镇', '镇'))).toBeNull();
    expect(slipScore('南效镇', known('南郊镇', '镇'), { minLength: 2 })?.score).toBeCloseTo(0.5);
  });

  it('scores a slip by the length left to carry it and by the kind of slip', () => {
    const swap = slipScore('马花池镇', known('花马池镇', '镇'))!.score;
    const sub = slipScore('花马地镇', known('花马池镇', '镇'))!.score;
    const drop = slipScore('花马镇', known('花马池镇', '镇'))!.score;
    expect(swap).toBeGreaterThan(sub);
    expect(sub).toBeGreaterThan(drop);
    // A dropped character leaves too little of a three-character stem; of a longer word, enough.
    expect(nearest([['花马镇', known('花马池镇', '镇')]])).toBeNull();
    expect(nearest([['行政罚', known('行政处罚')]])?.known.name).toBe('行政处罚');
  });

  it('takes none of two known words a written one is equally near', () => {
    const both = [known('葛寨镇', '镇'), known('花庄镇', '镇')];
    expect(
      nearest(
        both.map((k) => ['葛庄镇', k] as [string, typeof k]),
        { minLength: 2 },
      ),
    ).toBeNull();
    expect(nearest([['葛赛镇', both[0]!]], { minLength: 2 })?.known.name).toBe('葛寨镇');
  });

  it('counts a character ordinary in place names against a substitution, and a real place name as no slip', () => {
    expect(placeOptions.extraCost!('庄')).toBe(1);
    expect(placeOptions.extraCost!('赛')).toBeLessThan(0.2);
    expect(placeOptions.isWord!('北郊镇')).toBe(true);
    expect(placeOptions.isWord!('葛赛镇')).toBe(false);
  });
});

describe('nearOrg over the sample corpus', () => {
  it('reads a one-slip name as the one org it is near, as far as the question writes it', () => {
    expect(near('葛赛镇2020年公告公示了多少条', '葛赛镇')).toMatchObject({ written: '葛赛镇', meant: '葛寨镇' });
    expect(near('马花池镇2021年微信公众号公开了多少条', '马花池镇')?.org.org).toBe('花马池镇');
    expect(near('花马地镇2021年行政强制几件', '花马地镇')?.meant).toBe('花马池镇');
    expect(near('南效镇2021年结转到下年的有几件', '南效镇')?.meant).toBe('南郊镇');
  });

  it('never takes a real place, another unit, a too short stem or an ambiguous name for a known org', () => {
    for (const name of ['北郊镇', '南部镇', '古田镇', '花园镇', '南郊乡', '花马镇', '葛庄镇'])
      expect(near(`${name}2021年行政处罚多少件`, name), name).toBeNull();
    expect(near('查一下在城镇2021年的行政处罚数量', '在城镇')).toBeNull();
  });

  it('is said in the notes and read as the org by the entity finder', () => {
    const r = correctSoundAlikes('葛赛镇2020年公告公示了多少条', corpus);
    expect(r.notes).toEqual(['「葛赛镇」按「葛寨镇」理解']);
    expect(r.entities).toMatchObject({ orgs: ['葛寨镇'], unknownOrgs: [] });
    expect(correctSoundAlikes('北郊镇2021年新收申请多少件', corpus).entities.unknownOrgs).toEqual(['北郊镇']);
  });
});

describe('nearWord over the words figures are named by', () => {
  const word = (text: string) => nearWord(text, FIGURE_WORDS);

  it('reads a figure word written with one slip as that word', () => {
    expect(word(' 行政处法多少件')).toEqual({ written: '行政处法', meant: '行政处罚' });
    expect(word(' 行政复义有几件')?.meant).toBe('行政复议');
    expect(word(' 行政罚多少件')).toEqual({ written: '行政罚', meant: '行政处罚' });
  });

  it('leaves words that read otherwise, short words and the question’s own wording alone', () => {
    for (const text of [
      '主动公开的公文占当年制发公文总数的比例',
      '政务新媒体公开条数是网站公开条数的几倍',
      '收不收处理费',
      '开了多少',
    ])
      expect(word(text), text).toBeNull();
  });

  it('corrects a question only when it names no figure as written, and says so', () => {
    const slip = understand('花马池镇2021年行政处法多少件', [], corpus);
    expect(slip.notes).toContain('「行政处法」按「行政处罚」理解');
    expect(slip.plan?.metric).toBe('t2.penalty.decisions');
    expect(understand('花马池镇2021年行政处罚多少件', [], corpus).notes).toEqual([]);
  });

  it('reads a slip in a label’s leading words beside a weaker figure named, never over a figure’s own words', () => {
    expect(word(' 本机关不掌屋相关信息')).toEqual({ written: '本机关不掌屋', meant: '本机关不掌握' });
    const slip = understand('南郊镇2021年依申请请公开里本机关不掌屋相关信息的有几件', [], corpus);
    expect(slip.notes).toContain('「本机关不掌屋」按「本机关不掌握」理解');
    expect(slip.plan?.metric).toBe('t3.unable_no_info');
    expect(understand('花庄镇予以公开了几件？', [], corpus).notes).toEqual([]);
  });
});
