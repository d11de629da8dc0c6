-- version 10: the other spellings of a report's org that the report itself gives (淮安市人民政府 for
-- 淮安市, a short form its title uses, an OCR misreading of its name), as a JSON array of strings,
-- so a question may name the org either way.
ALTER TABLE reports ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
