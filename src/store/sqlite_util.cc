#include "store/sqlite_util.h"

namespace khabar::store {

Status SqliteError(sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : "no database";
  const int code = db ? sqlite3_errcode(db) : SQLITE_ERROR;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Status::Corrupt(message);
  if (code == SQLITE_INTERRUPT) return Status::DeadlineExceeded(message);
  if (code == SQLITE_CANTOPEN || code == SQLITE_IOERR || code == SQLITE_FULL ||
      code == SQLITE_READONLY || code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return Status::IoError(message);
  }
  return Status::Internal(message);
}

Status Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_finalize(stmt_);
  stmt_ = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    return SqliteError(db, "prepare");
  }
  return Status::Ok();
}

Status Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    return SqliteError(db, message);
  }
  return Status::Ok();
}

std::string MultiRowInsertSql(std::string_view head, int rows, int columns) {
  std::string sql(head);
  for (int i = 0; i < rows; ++i) {
    sql += i > 0 ? ", (" : "(";
    for (int c = 0; c < columns; ++c) {
      sql += c > 0 ? ", ?" : "?";
      sql += std::to_string(columns * i + c + 1);
    }
    sql += ')';
  }
  return sql;
}

}  // namespace khabar::store
