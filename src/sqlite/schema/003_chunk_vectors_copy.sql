-- version 3: each prose chunk keeps its vector beside it, so a search filtered to a few orgs
-- scores just their chunks instead of scanning every vector in the vec0 table.
ALTER TABLE chunks ADD COLUMN vector BLOB;
