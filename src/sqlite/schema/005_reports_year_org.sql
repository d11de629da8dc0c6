-- version 5: a covering index for per-report aggregates by year ("2022年各镇…"): the plan's
-- filter, org and template come from the index, without reading each report's large row.
CREATE INDEX reports_year_org ON reports (year, org, template);
