-- version 14: the corpus index (every report's org, year, region, aliases…) is read at start from
-- this index alone. aliases is stored after each report's text, so reading it from the table
-- walked every report's overflow pages: 1.4 s at 100,000 reports. Version 1's index (org, year)
-- is its prefix, so the lookups of an org's reports read it as before.
DROP INDEX IF EXISTS reports_org_year;
CREATE INDEX reports_org_year ON reports (org, year, file, title, aliases, region, level, template, published);
