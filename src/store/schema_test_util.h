// Test helper: turns a database this khabar wrote (schema version 5) back into what version 4 left,
// so that tests of the older versions' migrations can start from an older shape. Run on a raw
// connection with the khabar tokenizer and record functions registered, inside the test's own
// statements; tests then undo the older steps they need.
#pragma once

namespace khabar::store::test_util {

inline constexpr char kDowngradeToVersion4[] = R"sql(
DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TABLE articles_fts;
DROP VIEW articles_text;
CREATE VIEW articles_text(rowid, title, body) AS
  SELECT rowid, title, khabar_body(record) FROM articles;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, body, content='articles_text', content_rowid='rowid', tokenize='khabar');
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, khabar_body(old.record));
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, record ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, khabar_body(old.record));
  INSERT INTO articles_fts(rowid, title, body)
    VALUES (new.rowid, new.title, khabar_body(new.record));
END;
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
DROP INDEX articles_site_published;
CREATE INDEX articles_site ON articles(site);
DELETE FROM vocabulary WHERE term >= CAST(x'EE8081' AS TEXT) AND term < CAST(x'EE8082' AS TEXT);
PRAGMA user_version=4;
)sql";

}  // namespace khabar::store::test_util
