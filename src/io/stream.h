// Streaming byte sources for the readers (internal to khabar_io).
//
//   auto file = io::FileStream::Open("cc-news.warc.gz");
//   io::GzipStream gz(std::move(*file));
//   io::BufferedReader in(&gz);
//   std::string line;
//   while (in.ReadLine(&line, 1 << 16).ok() && ...) ...
//
// Memory is bounded by the buffers (64 KiB each) plus whatever the caller asks to read at once, so
// a 10 GB archive streams in constant memory. Not thread-safe: one reader per thread.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "khabar/status.h"

namespace khabar::io {

// A source of bytes read front to back.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `n` bytes into `buf`; 0 at the end. A non-OK status describes a fault at the
  // current position; for streams that can recover (GzipStream) the next call continues after the
  // fault.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Bytes produced so far (decompressed bytes for a gzip stream).
  virtual uint64_t position() const = 0;
};

// A file or standard input ("-").
class FileStream : public ByteStream {
 public:
  static Result<std::unique_ptr<FileStream>> Open(const std::string& path);
  ~FileStream() override;
  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t position() const override { return position_; }

 private:
  FileStream(FILE* f, std::string path) : file_(f), path_(std::move(path)) {}
  FILE* file_;
  std::string path_;
  uint64_t position_ = 0;
};

// Bytes held in memory (tests, fuzzers, documents already read).
class MemoryStream : public ByteStream {
 public:
  explicit MemoryStream(std::string_view data) : data_(data) {}
  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t position() const override { return pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Decompresses a gzip stream of one or more members (each WARC record of a .warc.gz is its own
// member). A corrupt member is reported once as kCorrupt naming the compressed offset where that
// member began; the stream then resynchronizes on the next gzip member header and goes on. A file
// that ends inside a member is reported as truncated (kCorrupt) and then reads as ended.
class GzipStream : public ByteStream {
 public:
  explicit GzipStream(std::unique_ptr<ByteStream> compressed);
  ~GzipStream() override;
  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t position() const override { return out_position_; }
  // The compressed offset of the member whose first decompressed byte is at `position`, when a
  // member starts exactly there (remembered for the last few thousand members only).
  std::optional<uint64_t> MemberStartingAt(uint64_t position) const;
  size_t members() const { return members_; }

 private:
  Status Refill();
  Status Resync();  // skip to the next "\x1f\x8b\x08" in the compressed input
  uint64_t CompressedOffset() const { return in_position_ - (in_end_ - in_pos_); }

  std::unique_ptr<ByteStream> in_;
  z_stream z_{};
  bool z_ready_ = false;
  bool in_eof_ = false;
  bool done_ = false;
  std::unique_ptr<char[]> inbuf_;
  size_t in_pos_ = 0, in_end_ = 0;
  uint64_t in_position_ = 0;  // compressed bytes pulled from `in_`
  uint64_t out_position_ = 0;
  uint64_t member_offset_ = 0;
  bool member_open_ = false;
  Status pending_;  // a fault met while returning bytes, reported by the next Read
  std::deque<std::pair<uint64_t, uint64_t>> starts_;  // (decompressed position, compressed offset)
  size_t members_ = 0;
};

// Buffered reading with lines and exact counts on top of a ByteStream. A fault of the underlying
// stream is returned by the call that meets it; the reader stays usable afterwards.
class BufferedReader {
 public:
  explicit BufferedReader(ByteStream* stream);
  // Reads one line without its "\n" (and without a trailing "\r"). Returns false at the end of
  // input. Lines longer than `max_bytes` are consumed and reported as kOutOfRange (the line is
  // discarded).
  Result<bool> ReadLine(std::string* line, size_t max_bytes);
  // Appends exactly `n` bytes to `out`, or fewer at the end of input (the return value says how
  // many).
  Result<size_t> ReadExact(size_t n, std::string* out);
  // Discards `n` bytes; returns how many were skipped.
  Result<size_t> Skip(size_t n);
  // Looks at up to `n` upcoming bytes without consuming them (fewer at the end of input).
  Result<std::string_view> Peek(size_t n);
  // Offset (in the stream's own bytes) of the next byte to be returned.
  uint64_t offset() const { return consumed_; }
  bool eof();
  ByteStream* stream() const { return stream_; }
  // Bytes buffered but not yet returned.
  size_t buffered() const { return end_ - pos_; }

 private:
  Status Fill();  // reads more into the buffer; OK with no new bytes at the end

  ByteStream* stream_;
  std::string buf_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  Status fault_;  // met while reading ahead; returned when the bytes before it are consumed
  uint64_t consumed_ = 0;
};

// Convenience: the whole (decompressed when gzip) content of a stream, up to `max_bytes`
// (kUnsupported beyond).
Result<std::string> ReadAll(ByteStream* stream, size_t max_bytes);

// True when `bytes` begin with the gzip magic number.
inline bool LooksGzip(std::string_view bytes) {
  return bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b && bytes[2] == 8;
}

// Decompresses a gzip or zlib/deflate payload held in memory (HTTP Content-Encoding), bounded.
Result<std::string> InflateBytes(std::string_view data, size_t max_bytes);

}  // namespace khabar::io
