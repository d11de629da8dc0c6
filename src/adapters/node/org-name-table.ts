/**
 * The orgs' names kept in the database (schema 15's org_names): brought up to date with the
 * reports when the corpus index is built, then looked up a question's substrings at a time. A
 * fresh process over 100,000 reports reads 14,000 orgs' sources instead of deriving and hashing
 * their 340,000 names before its first answer.
 */
import { type NameRow, nameRows, type OrgNameSource, type StoredNames } from '../../qa/corpus-names.ts';
import { KNOWN_SHORT_FORMS } from '../../domain/org-names.ts';
import { UNIT_SUFFIXES } from '../../domain/regions.ts';
import { statement, type DB } from './db.ts';

/**
 * What the derivation makes of a name of each kind it knows (a department with each known short
 * form, in a county and in a province; a unit of each suffix; a 和 compound; a bureau's branch; a
 * report's own alias), hashed: a change of the rules that shows in them derives every org's rows
 * again. A change that shows in none of them is not seen until an org's reports change.
 */
function rulesFingerprint(): string {
  const probes: OrgNameSource[] = [
    ...Object.keys(KNOWN_SHORT_FORMS).flatMap((body) => [
      { org: `沭阳县${body}`, region: '江苏省宿迁市沭阳县', given: [] },
      { org: `山西省${body.replace(/局$/, '厅')}`, region: '山西省', given: [] },
    ]),
    ...Object.values(UNIT_SUFFIXES)
      .flat()
      .map((suffix) => ({ org: `盐池县花马${suffix}`, region: '宁夏回族自治区吴忠市盐池县', given: [] })),
    { org: '沭阳县文化和旅游局', region: '江苏省宿迁市沭阳县', given: [] },
    { org: '济南市生态环境局历下分局', region: '山东省济南市', given: [] },
    { org: '上海市科学技术委员会', region: '上海市', given: ['上海科技口', '科委'] },
  ];
  let h = 0x811c9dc5;
  const text = JSON.stringify(probes.map(nameRows));
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

let rules: string | undefined;

type Row = [name: string, org: string, regional: number, pos: number];
const toRow = ([name, org, regional, pos]: Row): NameRow => ({ name, org, regional: regional === 1, pos });

const COLUMNS = 'name, org, regional, pos';

/**
 * The names of the given orgs, kept in the database and brought up to date with them first (an
 * org whose sources changed is derived again, one gone is dropped). Null where they cannot be
 * kept there: a file of an older schema, opened read-only while stale, or being written by
 * another process (then the names are derived in memory this time).
 */
export function storedOrgNames(db: DB, sources: readonly OrgNameSource[]): StoredNames | null {
  if (!statement(db, "SELECT 1 FROM sqlite_master WHERE name = 'org_name_sources'").get()) return null;
  rules ??= rulesFingerprint();
  const sourceOf = (s: OrgNameSource) => JSON.stringify([rules, s.region, s.given]);
  const stored = new Map(
    (statement(db, 'SELECT org, source, lengths FROM org_name_sources').raw().all() as [string, string, string][]).map(
      ([org, source, lengths]) => [org, { source, lengths }],
    ),
  );
  const current = new Set(sources.map((s) => s.org));
  const stale = sources.filter((s) => stored.get(s.org)?.source !== sourceOf(s));
  const gone = [...stored.keys()].filter((o) => !current.has(o));
  if (stale.length || gone.length) {
    if (db.readonly || !write(db, stale, gone, sourceOf, stored)) return null;
  }
  const lengths = new Set<number>();
  for (const { lengths: l } of stored.values()) for (const n of JSON.parse(l) as number[]) lengths.add(n);
  const rowsOf = statement(db, `SELECT ${COLUMNS} FROM org_names WHERE name IN (SELECT value FROM json_each(?))`);
  const opened = openings(db, Math.min(...lengths));
  const rowsOfOrgs = statement(
    db,
    `SELECT ${COLUMNS} FROM org_names WHERE name IN
       (SELECT name FROM org_names WHERE org IN (SELECT value FROM json_each(?)))`,
  );
  const all = statement(db, `SELECT ${COLUMNS} FROM org_names`);
  const shared = statement(
    db,
    `SELECT ${COLUMNS} FROM org_names WHERE name IN (SELECT name FROM org_names GROUP BY name HAVING COUNT(*) > 1)`,
  );
  return {
    lengths,
    opens: opened.opens,
    rowsOf: (names) => {
      const asked = opened.filter(names);
      return asked.length ? (rowsOf.raw().all(JSON.stringify(asked)) as Row[]).map(toRow) : [];
    },
    // Every org's (a refusal scoring all of them): one pass over the table, not a lookup per name.
    rowsOfOrgs: (orgs) =>
      ((orgs.length >= stored.size ? all.raw().all() : rowsOfOrgs.raw().all(JSON.stringify(orgs))) as Row[]).map(toRow),
    sharedRows: () => (shared.raw().all() as Row[]).map(toRow),
  };
}

/** Openings whose answer is kept: a few thousand questions' worth. */
const REMEMBERED_OPENINGS = 100_000;

/**
 * Which openings some name opens with, each looked up once as a range of the table's key and
 * kept; and the names that open as some name does (by their first `shortest` characters). Most
 * of a question's places are no name's start (年行政…, 排名前…): one probe there rules out every
 * length, where a lookup of each took 3 µs a substring, 0.8 ms a question at 100,000 reports.
 */
function openings(db: DB, shortest: number) {
  // U+10FFFF sorts after every character a name holds: the range is the names that open so.
  const opening = statement(
    db,
    `SELECT value FROM json_each(?)
      WHERE EXISTS (SELECT 1 FROM org_names WHERE name >= value AND name < value || char(1114111))`,
  );
  const known = new Map<string, boolean>();
  const opens = (asked: readonly string[]): Set<string> => {
    const unknown = [...new Set(asked)].filter((o) => !known.has(o));
    if (unknown.length) {
      const found = new Set(opening.pluck().all(JSON.stringify(unknown)) as string[]);
      if (known.size > REMEMBERED_OPENINGS) known.clear();
      for (const o of unknown) known.set(o, found.has(o));
    }
    return new Set(asked.filter((o) => known.get(o)));
  };
  return {
    opens,
    filter: (names: readonly string[]): string[] => {
      const open = opens(names.map((n) => n.slice(0, shortest)));
      return names.filter((n) => open.has(n.slice(0, shortest)));
    },
  };
}

/**
 * Rewrites the rows of the stale orgs and drops the gone ones, in one transaction, and records
 * them in `stored`. False when another connection holds the write lock: nothing waits for it.
 */
function write(
  db: DB,
  stale: readonly OrgNameSource[],
  gone: readonly string[],
  sourceOf: (s: OrgNameSource) => string,
  stored: Map<string, { source: string; lengths: string }>,
): boolean {
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
  try {
    const dropNames = statement(db, 'DELETE FROM org_names WHERE org = ?');
    const dropSource = statement(db, 'DELETE FROM org_name_sources WHERE org = ?');
    const addName = statement(db, 'INSERT INTO org_names (name, org, regional, pos) VALUES (?, ?, ?, ?)');
    const addSource = statement(db, 'INSERT INTO org_name_sources (org, source, lengths) VALUES (?, ?, ?)');
    for (const org of gone) {
      dropNames.run(org);
      dropSource.run(org);
      stored.delete(org);
    }
    for (const s of stale) {
      dropNames.run(s.org);
      dropSource.run(s.org);
      const rows = nameRows(s);
      for (const r of rows) addName.run(r.name, r.org, r.regional ? 1 : 0, r.pos);
      const entry = { source: sourceOf(s), lengths: JSON.stringify([...new Set(rows.map((r) => r.name.length))]) };
      addSource.run(s.org, entry.source, entry.lengths);
      stored.set(s.org, entry);
    }
    db.exec('COMMIT');
    return true;
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}
