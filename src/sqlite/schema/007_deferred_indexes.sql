-- version 7: indexes a bulk load dropped, with the SQL that rebuilds them. A load rebuilds them
-- at its end; if it stopped midway, the next writable open does.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  sql  TEXT NOT NULL
);
