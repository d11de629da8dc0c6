-- version 15: every name a question may give an org (domain/org-names.ts's orgAliases of its
-- identity, region and the aliases its reports give), so that a fresh process looks up the
-- substrings of a question here instead of deriving and hashing 340,000 names of 100,000 reports
-- before its first answer. The Node adapter fills it from the reports when it first reads them and
-- brings an org's rows up to date when what they were derived from changes (org_name_sources).
CREATE TABLE IF NOT EXISTS org_names (
  name     TEXT NOT NULL,
  org      TEXT NOT NULL,
  regional INTEGER NOT NULL,  -- 1: the name names a region, so another org elsewhere cannot be meant
  pos      INTEGER NOT NULL,  -- its place among the org's names, in orgAliases order
  PRIMARY KEY (name, org)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS org_names_org ON org_names (org);
-- What each org's rows were derived from (the derivation's rules, region, given aliases) and the
-- lengths of its names: compared with the reports' when the corpus is read.
CREATE TABLE IF NOT EXISTS org_name_sources (
  org     TEXT PRIMARY KEY,
  source  TEXT NOT NULL,
  lengths TEXT NOT NULL  -- JSON array of the distinct lengths of the org's names
) WITHOUT ROWID;
