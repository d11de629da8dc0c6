-- govreport-qa schema, version 1: reports with their sections, canonical table cells, prose facts
-- and validation results. Offsets are UTF-16 code-unit positions into reports.text.

CREATE TABLE reports (
  id           INTEGER PRIMARY KEY,
  path         TEXT NOT NULL UNIQUE,      -- where the file was ingested from; re-ingest replaces
  file         TEXT NOT NULL,             -- its base name
  format       TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,      -- sha256 of the normalised text
  title        TEXT NOT NULL,
  org          TEXT,
  region       TEXT,
  level        TEXT,
  year         INTEGER,
  template     TEXT,
  published    TEXT,
  text         TEXT NOT NULL,
  warnings     TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
  ingested_at  TEXT NOT NULL
);
CREATE INDEX reports_org_year ON reports (org, year);
CREATE INDEX reports_year ON reports (year);

CREATE TABLE sections (
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  ord       INTEGER NOT NULL,
  num       TEXT NOT NULL,
  depth     INTEGER NOT NULL,
  title     TEXT NOT NULL,
  path      TEXT NOT NULL,
  start     INTEGER NOT NULL,
  end       INTEGER NOT NULL,
  PRIMARY KEY (report_id, ord)
) WITHOUT ROWID;

CREATE TABLE cells (
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  key       TEXT NOT NULL,               -- canonical key of template.md, e.g. t3.new.total
  value     REAL,                        -- NULL when blank or unreadable, never 0 in its place
  raw       TEXT,
  unit      TEXT NOT NULL,
  status    TEXT NOT NULL CHECK (status IN ('ok', 'blank', 'recovered', 'unparsed', 'missing')),
  start     INTEGER,                     -- the printed row in reports.text, for citations
  end       INTEGER,
  -- table, row and column are parts of the key: derived, not stored
  tbl       TEXT GENERATED ALWAYS AS (substr(key, 1, 2)) VIRTUAL,
  row_key   TEXT GENERATED ALWAYS AS (substr(key, 4, instr(substr(key, 4), '.') - 1)) VIRTUAL,
  col_key   TEXT GENERATED ALWAYS AS (substr(key, 4 + instr(substr(key, 4), '.'))) VIRTUAL,
  PRIMARY KEY (report_id, key)
) WITHOUT ROWID;

CREATE TABLE facts (
  report_id      INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  ord            INTEGER NOT NULL,
  value          REAL NOT NULL,
  unit           TEXT NOT NULL,
  approx         INTEGER NOT NULL,
  subject        TEXT NOT NULL,
  start          INTEGER NOT NULL,
  end            INTEGER NOT NULL,
  sentence_start INTEGER NOT NULL,
  sentence_end   INTEGER NOT NULL,
  PRIMARY KEY (report_id, ord)
) WITHOUT ROWID;

CREATE TABLE validation (
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  rule      TEXT NOT NULL,
  status    TEXT NOT NULL CHECK (status IN ('PASS', 'FAIL', 'NA')),
  cells     TEXT NOT NULL,               -- JSON array of canonical keys
  message   TEXT NOT NULL
);                                       -- rowid order is the order the rules were checked in
CREATE INDEX validation_report ON validation (report_id, rule);
CREATE INDEX validation_failed ON validation (rule) WHERE status = 'FAIL';
