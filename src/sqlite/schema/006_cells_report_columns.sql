-- version 6: each cell carries its report's year, org and template, so an aggregate over
-- thousands of reports ("2022年各镇新收申请合计") reads one index of cells and never the reports.
ALTER TABLE cells ADD COLUMN year INTEGER;
ALTER TABLE cells ADD COLUMN org TEXT;
ALTER TABLE cells ADD COLUMN template TEXT;
UPDATE cells SET (year, org, template) = (SELECT year, org, template FROM reports WHERE reports.id = cells.report_id);
CREATE INDEX cells_by_key ON cells (key, year, org, report_id, template, value);
