// Test helper: turns a database this khabar wrote (schema version 7 or 8, which changed no SQL)
// back into what version 4 left, so that tests of the older versions' migrations can start from an
// older shape (DowngradeToVersion4 on a raw connection); tests then undo the older steps they need.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <initializer_list>
#include <string>

#include "store/fts_tokenizer.h"
#include "store/record_codec.h"

namespace khabar::store::test_util {

// The rows each query returns, as text ("v|v|...|" per row, "--" after each query; "error" for a
// query that does not prepare), read through a separate read-only connection to `path`: tests
// compare the tables two ways of writing leave.
inline std::string QueryRowsAsText(const std::string& path,
                                   std::initializer_list<const char*> queries) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  std::string out;
  for (const char* sql : queries) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
      out += "error\n";
      continue;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* v = sqlite3_column_text(st, i);
        out += (v != nullptr ? reinterpret_cast<const char*>(v) : "NULL");
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
    out += "--\n";
  }
  sqlite3_close(db);
  return out;
}

// Version 7's table (versions 5 -> 6 and 7 -> 8 changed no SQL), then version 5's steps.
inline constexpr char kDowngradeToVersion6[] = R"sql(
DROP TRIGGER articles_replaced_ad;
DROP TABLE replaced_versions;
PRAGMA user_version=6;
)sql";

inline constexpr char kDowngradeToVersion4[] = R"sql(
DROP TRIGGER articles_replaced_ad;
DROP TABLE replaced_versions;
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

// Registers the khabar tokenizer and record functions on `db` and runs kDowngradeToVersion4.
inline void DowngradeToVersion4(sqlite3* db) {
  ASSERT_TRUE(RegisterKhabarTokenizer(db).ok());
  ASSERT_TRUE(RegisterRecordFunctions(db).ok());
  ASSERT_EQ(sqlite3_exec(db, kDowngradeToVersion4, nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
}

}  // namespace khabar::store::test_util
