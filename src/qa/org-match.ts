import { DEPARTMENT_SUFFIXES, suffixPattern, UNIT_SUFFIXES } from '../domain/regions.ts';
import type { CorpusIndex, OrgEntry } from './corpus.ts';

/** The suffixes that end an administrative unit's or a department's name, longest first. */
const ORG_SUFFIX = new RegExp(
  `(${suffixPattern(['街道办事处', '自治州', '自治县', ...Object.values(UNIT_SUFFIXES).flat(), ...DEPARTMENT_SUFFIXES])})$`,
);

/** A name split into its stem and its suffix: 花马池镇 → 花马池 + 镇. */
export function splitOrgName(name: string): { stem: string; suffix: string } {
  const m = ORG_SUFFIX.exec(name);
  return m && m.index > 0 ? { stem: name.slice(0, m.index), suffix: m[1]! } : { stem: name, suffix: '' };
}

/** Levenshtein distance over UTF-16 units (every Han character here is one unit). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * How alike two org names are, 0…1: mostly their stems (1 − edit distance / longer stem), a
 * little for the same kind of unit (镇 and 镇). 花马镇 ~ 花马池镇 0.8; 不存在镇 ~ 花马池镇 0.2
 * (the suffix only); 北京市 ~ 花马池镇 0.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = splitOrgName(a);
  const y = splitOrgName(b);
  const longer = Math.max(x.stem.length, y.stem.length);
  const stem = longer === 0 ? 0 : 1 - editDistance(x.stem, y.stem) / longer;
  const suffix = x.suffix !== '' && x.suffix === y.suffix ? 1 : 0;
  return 0.8 * stem + 0.2 * suffix;
}

export interface OrgMatch {
  org: string;
  score: number;
}

/** Below this an org is not "near": 0.2 is the same kind of unit with nothing else alike. */
export const MIN_LIKENESS = 0.2;

/**
 * The corpus orgs nearest a name it does not have, best first: each org scored by its best alias
 * (花马池, 盐池县花马池镇 …), orgs of a region the question names first. Orgs scoring under
 * MIN_LIKENESS, outside that region, are not listed.
 */
export function closestOrgs(
  name: string,
  corpus: Pick<CorpusIndex, 'orgs'>,
  opts: { regions?: string[]; max?: number } = {},
): OrgMatch[] {
  const inRegion = (o: OrgEntry) => Boolean(o.region && opts.regions?.some((r) => o.region!.includes(r)));
  const scored = corpus.orgs.map((o) => ({
    org: o.org,
    score: Math.max(...[o.org, ...o.aliases].map((a) => nameSimilarity(name, a))),
    near: inRegion(o),
  }));
  return scored
    .filter((s) => s.near || s.score >= MIN_LIKENESS - 1e-9)
    .sort((a, b) => Number(b.near) - Number(a.near) || b.score - a.score || a.org.localeCompare(b.org, 'zh'))
    .slice(0, opts.max ?? 3)
    .map(({ org, score }) => ({ org, score: Math.round(score * 1000) / 1000 }));
}
