-- version 8: cells without the generated table/row/column columns and the status CHECK. With them
-- each report's 200 cell inserts took twice as long; readers split a key into its parts, and the
-- writer's types hold the status. The aggregate index is made again on the new table.
CREATE TABLE cells_v8 (
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  key       TEXT NOT NULL,               -- canonical key of template.md, e.g. t3.new.total
  value     REAL,                        -- NULL when blank or unreadable, never 0 in its place
  raw       TEXT,
  unit      TEXT NOT NULL,
  status    TEXT NOT NULL,               -- ok, blank, recovered, unparsed or missing
  start     INTEGER,                     -- the printed row in reports.text, for citations
  end       INTEGER,
  year      INTEGER,                     -- the report's, for the aggregate index
  org       TEXT,
  template  TEXT,
  PRIMARY KEY (report_id, key)
) WITHOUT ROWID;
INSERT INTO cells_v8 SELECT report_id, key, value, raw, unit, status, start, end, year, org, template FROM cells;
DROP TABLE cells;
ALTER TABLE cells_v8 RENAME TO cells;
CREATE INDEX cells_by_key ON cells (key, year, org, report_id, template, value);
DELETE FROM deferred_indexes WHERE name = 'cells_by_key';
