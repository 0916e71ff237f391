// Status and Result<T>: errors as values across the whole public API.
//
//   khabar::Result<Record> r = ParseTextDump(bytes, options);
//   if (!r.ok()) { std::cerr << r.status().ToString(); return; }
//   Use(*r);
//
// No khabar function throws across the public API; exceptions from libraries are caught at the module
// edge and turned into a Status. Both types are cheap to move; a Status copies its message.
// Thread-safety: plain values, safe to use from any thread; not synchronized for shared mutation.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace khabar {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // the caller's input is malformed (bad option, bad query, not a date...)
    kNotFound,         // a file, record or entity that does not exist
    kIoError,          // the operating system said no
    kCorrupt,          // data that claims a format but breaks it (truncated gzip, bad WARC...)
    kUnsupported,      // a valid input khabar does not handle (unknown encoding, binary file...)
    kOutOfRange,       // a value outside what is possible (31 February, month 13...)
    kInternal,         // a bug in khabar or a library
    kDeadlineExceeded, // work stopped because its time limit ran out (a server's query bound)
  };

  Status() = default;  // OK
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {Code::kIoError, std::move(m)}; }
  static Status Corrupt(std::string m) { return {Code::kCorrupt, std::move(m)}; }
  static Status Unsupported(std::string m) { return {Code::kUnsupported, std::move(m)}; }
  static Status OutOfRange(std::string m) { return {Code::kOutOfRange, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }
  static Status DeadlineExceeded(std::string m) {
    return {Code::kDeadlineExceeded, std::move(m)};
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "OK" or "<code name>: <message>".
  std::string ToString() const;
  static std::string_view CodeName(Code code);

  bool operator==(const Status& other) const = default;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

// Either a T or a non-OK Status. Accessing the value of an error Result is a bug (asserts in debug).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "Result constructed from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK when holding a value.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace khabar

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define KHABAR_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::khabar::Status _khabar_status = (expr);   \
    if (!_khabar_status.ok()) return _khabar_status; \
  } while (0)
