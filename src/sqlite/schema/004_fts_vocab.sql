-- version 4: document frequency of each indexed term, to leave out terms too common to rank by
-- (公开, 工作 …) and to weigh terms when a filtered search scores a few chunks directly.
CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab(chunks_fts, 'row');
