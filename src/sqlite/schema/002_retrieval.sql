-- version 2: chunks for retrieval with their lexical index. The vector table (sqlite-vec vec0) is
-- made by the indexer once the embedder's dimension is known, and recorded in index_meta.

CREATE TABLE chunks (
  id        INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: vector and FTS rows key on it
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  ord       INTEGER NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('prose', 'table')),
  section   TEXT NOT NULL,
  start     INTEGER NOT NULL,              -- the chunk is reports.text[start, end)
  end       INTEGER NOT NULL
);
CREATE INDEX chunks_report ON chunks (report_id);

-- jieba words and Han bigrams, space-separated; rowid = chunks.id
CREATE VIRTUAL TABLE chunks_fts USING fts5(words, bigrams, content = '', contentless_delete = 1);

-- embedding provider, model and dimension the vectors were made with
CREATE TABLE index_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
