// Thin RAII helpers over the SQLite C API (internal to the store module).
// Every SQL text here is a constant; user values go through Bind*, never into the SQL string.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "khabar/status.h"

namespace khabar::store {

// Status from the connection's last error, prefixed with `what`.
Status SqliteError(sqlite3* db, std::string_view what);

// A prepared statement; finalized on destruction. Not copyable.
class Statement {
 public:
  Statement() = default;
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }

  Status Prepare(sqlite3* db, std::string_view sql);
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // Parameters are 1-based as in SQLite. Text is copied (SQLITE_TRANSIENT).
  void BindText(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindInt(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }
  std::string ColumnText(int i) const {
    const unsigned char* p = sqlite3_column_text(stmt_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, i)) : "";
  }
  std::string ColumnBlob(int i) const {
    const void* p = sqlite3_column_blob(stmt_, i);
    return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, i)) : "";
  }
  int64_t ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }
  double ColumnDouble(int i) const { return sqlite3_column_double(stmt_, i); }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs one or more constant SQL statements with no results.
Status Exec(sqlite3* db, const char* sql);

// `head` (e.g. "INSERT OR IGNORE INTO t VALUES ") followed by `rows` rows of `columns` numbered
// parameters: "(?1, ?2), (?3, ?4)" for 2 rows of 2. One statement stores many rows: a statement
// per row costs its VDBE program and a seek each time.
std::string MultiRowInsertSql(std::string_view head, int rows, int columns);

// Stores rows 0..count-1, `per_statement` at a time through `many` (MultiRowInsertSql of
// per_statement rows of `columns`) and the rest one at a time through `one`;
// bind_row(statement, first_parameter, i) binds row i's `columns` values from first_parameter on.
// An error names `what`.
template <typename BindRow>
Status InsertRows(sqlite3* db, Statement& many, int per_statement, Statement& one, int columns,
                  size_t count, const BindRow& bind_row, std::string_view what) {
  size_t next = 0;
  const auto insert = [&](Statement& st, int rows) -> Status {
    st.Reset();
    for (int i = 0; i < rows; ++i, ++next) bind_row(st, columns * i + 1, next);
    const int rc = st.Step();
    st.Reset();
    return rc == SQLITE_DONE ? Status::Ok() : SqliteError(db, what);
  };
  while (count - next >= static_cast<size_t>(per_statement)) {
    KHABAR_RETURN_IF_ERROR(insert(many, per_statement));
  }
  while (next < count) KHABAR_RETURN_IF_ERROR(insert(one, 1));
  return Status::Ok();
}

}  // namespace khabar::store
