import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleInfos } from '../../ingest/test-support/samples.ts';
import { orgAliases } from '../domain/org-names.ts';
import { aliasesIn, buildCorpusIndex, NameSet, regionsIn } from './corpus.ts';

describe('NameSet', () => {
  const names = ['古城', '古城镇', '城镇', '利通区古城镇', '利通区', '镇'];
  const set = NameSet.of(names.map((n, i) => [n, i] as const));
  const regex = new RegExp([...names].sort((a, b) => b.length - a.length).join('|'), 'g');

  it('finds and replaces names as a global RegExp of them, longest first, does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('古', '城', '镇', '利', '通', '区', '和'), { maxLength: 24 }), (chars) => {
        const s = chars.join('');
        expect(set.matches(s)).toEqual(s.match(regex) ?? []);
        expect(s.replace(set, '_')).toBe(s.replace(regex, '_'));
        // Found again from the hits kept for s, after another text was looked at.
        set.matches(`和${s}`);
        expect(set.matches(s)).toEqual(s.match(regex) ?? []);
      }),
    );
  });

  it('valuesIn gives every name occurring, overlapping ones too, each once', () => {
    expect(set.valuesIn('在利通区古城镇').sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(set.valuesIn('古城古城')).toEqual([0]);
    expect(set.valuesIn('')).toEqual([]);
  });
});

/**
 * The index's name sets are views of one map: each must say what its definition says, over
 * corpora where orgs of several regions share names (the ambiguous ones) and give their own.
 */
describe('buildCorpusIndex over orgs that share names', () => {
  const base = sampleInfos()[0]!;
  const REGIONS = ['盐池县', '宁夏回族自治区吴忠市利通区', '吴忠市同心县', null];
  const BODIES = ['花马池镇', '古城镇', '古城街道', '发展和改革局', '财政局', '人民政府办公室'];
  const report = fc
    .tuple(fc.constantFrom(...REGIONS), fc.constantFrom(...BODIES), fc.integer({ min: 2019, max: 2024 }), fc.boolean())
    .map(([region, body, year, own]) => ({
      ...base,
      org: `${region?.replace(/^.*?(?:区|市)(?=.+[县区]$)/, '') ?? ''}${body}`,
      region,
      year,
      aliases: own ? [`${body.slice(0, 2)}口`] : [],
    }));
  const corpora = fc.array(report, { minLength: 1, maxLength: 24 }).map((rs) => rs.map((r, id) => ({ ...r, id })));

  it('aliasesIn, regionsIn, orgNames, unqualified and the name pattern agree with their definitions', () => {
    fc.assert(
      fc.property(corpora, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (reports, picks) => {
        const c = buildCorpusIndex(reports);
        const names = [...new Set([...c.aliases.map(([a]) => a), ...c.ambiguous.keys(), ...c.regions])];
        const q = picks.map((p, i) => `${names[p % names.length]}${['和', '2021年', ''][i % 3]}`).join('');
        expect(aliasesIn(q, c)).toEqual(c.aliases.filter(([a]) => q.includes(a)));
        expect(regionsIn(q, c)).toEqual(c.regions.filter((r) => q.includes(r)));
        const longestFirst = new RegExp([...names].sort((a, b) => b.length - a.length).join('|'), 'g');
        expect(c.namePattern!.matches(q)).toEqual(q.match(longestFirst) ?? []);
        for (const n of names) {
          const owner = c.aliases.find(([a]) => a === n)?.[1];
          expect(c.orgNames.valuesOf(n)).toEqual(owner ? [owner] : (c.ambiguous.get(n) ?? []));
          const bare = c.orgs.some((o) =>
            orgAliases(
              o.org,
              o.region,
              reports.filter((r) => r.org === o.org).flatMap((r) => r.aliases),
            ).some((a) => a.alias === n && !a.regional),
          );
          expect(c.unqualified.has(n)).toBe(bare);
        }
        for (const o of c.orgs) expect(o.aliases).toEqual(c.aliases.filter(([, x]) => x === o).map(([a]) => a));
      }),
      { numRuns: 150 },
    );
  });
});
