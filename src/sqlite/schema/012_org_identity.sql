-- version 12: an org is its name and the unit it sits in, not its name alone: two 新集镇 of 盐池县
-- and 同心县 were one org, their reports merged (or one replacing the other as the same org and
-- year). A unit's org (a 镇, 县 or 市, by its level) with a region becomes its name after the
-- region's nearest unit, as orgKey (src/domain/org-names.ts) names it: the region's shortest tail
-- of two characters or more that follows one of 省市州盟县区旗. Cells carry the org too; a
-- database with vectors has them re-labelled by `npm run reindex`. Data only: no table changes.
-- Keyed by report id: the updates below look a row up per cell (20 million at 100,000 reports).
CREATE TEMP TABLE org_identity (id INTEGER PRIMARY KEY, org TEXT NOT NULL);
INSERT INTO temp.org_identity (id, org)
WITH RECURSIVE at(id, org, region, i) AS (
  SELECT id, org, region, length(region) - 2 FROM reports
   WHERE org IS NOT NULL AND region IS NOT NULL AND level IN ('乡镇/街道', '县区', '市')
  UNION ALL
  SELECT id, org, region, i - 1 FROM at
   WHERE i > 1 AND substr(region, i, 1) NOT IN ('省', '市', '州', '盟', '县', '区', '旗')
),
nearest(id, org, parent) AS (
  SELECT id, org,
         CASE WHEN i >= 1 AND substr(region, i, 1) IN ('省', '市', '州', '盟', '县', '区', '旗')
              THEN substr(region, i + 1) ELSE region END
    FROM at
   WHERE i <= 1 OR substr(region, i, 1) IN ('省', '市', '州', '盟', '县', '区', '旗')
)
SELECT id, parent || org AS org FROM nearest WHERE substr(org, 1, length(parent)) <> parent;
UPDATE reports SET org = (SELECT o.org FROM temp.org_identity o WHERE o.id = reports.id)
 WHERE id IN (SELECT id FROM temp.org_identity);
UPDATE cells SET org = (SELECT o.org FROM temp.org_identity o WHERE o.id = cells.report_id)
 WHERE report_id IN (SELECT id FROM temp.org_identity);
DROP TABLE temp.org_identity;
