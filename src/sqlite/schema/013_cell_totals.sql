-- version 13: aggregates of one year read O(1) rows, and its largest values in order, whatever
-- the number of reports. cell_totals holds per key, year, level and template the reports that
-- have the cell, those with a value (NULL is never counted as 0), the sum of the values and the
-- orgs they name; the report writer keeps it in the transaction that writes the cells. An org is
-- of one level and has one report a year (the writer replaces the other), so the orgs of a year
-- add up over levels and templates. Cells without a year are left out: an aggregate read from
-- here is always of one year. No level or template is '' (a key column cannot be NULL).
CREATE TABLE IF NOT EXISTS cell_totals (
  key      TEXT NOT NULL,
  year     INTEGER NOT NULL,
  level    TEXT NOT NULL,
  template TEXT NOT NULL,
  reports  INTEGER NOT NULL,
  valued   INTEGER NOT NULL,
  total    REAL NOT NULL,  -- the sum of the values; 0 when none is valued
  orgs     INTEGER NOT NULL,
  PRIMARY KEY (key, year, level, template)
) WITHOUT ROWID;
-- Filled from the cells as they are; emptied first, so that migrating a file again gives the same table.
DELETE FROM cell_totals;
INSERT INTO cell_totals (key, year, level, template, reports, valued, total, orgs)
SELECT key, year, IFNULL(level, ''), IFNULL(template, ''), COUNT(*), COUNT(value), IFNULL(SUM(value), 0), COUNT(DISTINCT org)
  FROM cells WHERE year IS NOT NULL
 GROUP BY key, year, IFNULL(level, ''), IFNULL(template, '');
-- The cells index in the order of the values within a key, year and level: the largest k of one
-- year ("排名前5", the rows beside a sum, the maximum) are its first k entries, not a sort of every
-- report's. An org's cells are found through its reports (reports_org_year), so org comes after
-- the value, for the rows an aggregate lists. Made anew, it is packed: the old one was a quarter empty.
DROP INDEX IF EXISTS cells_by_key;
CREATE INDEX cells_by_key ON cells (key, year, level, value DESC, org, template);
DELETE FROM deferred_indexes WHERE name = 'cells_by_key';
-- The failed checks of the reports an answer cites, in one seek each: rules pass far more often
-- than they fail, and the index on (report_id, rule) reads every rule's row to find the failed.
CREATE INDEX IF NOT EXISTS validation_failed_by_report ON validation (report_id) WHERE status = 'FAIL';
