#include "io/stream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace khabar::io {
namespace {
constexpr size_t kBufferSize = 1 << 16;
constexpr size_t kRememberedMembers = 4096;
}  // namespace

// ---------------------------------------------------------------------------------------------
// FileStream

Result<std::unique_ptr<FileStream>> FileStream::Open(const std::string& path) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  return std::unique_ptr<FileStream>(new FileStream(f, path));
}

FileStream::~FileStream() {
  if (file_ != nullptr && file_ != stdin) std::fclose(file_);
}

Result<size_t> FileStream::Read(char* buf, size_t n) {
  const size_t got = std::fread(buf, 1, n, file_);
  position_ += got;
  if (got == 0 && std::ferror(file_)) {
    std::clearerr(file_);
    return Status::IoError("cannot read " + path_ + ": " + std::strerror(errno));
  }
  return got;
}

Result<size_t> MemoryStream::Read(char* buf, size_t n) {
  const size_t got = std::min(n, data_.size() - pos_);
  std::memcpy(buf, data_.data() + pos_, got);
  pos_ += got;
  return got;
}

// ---------------------------------------------------------------------------------------------
// GzipStream

GzipStream::GzipStream(std::unique_ptr<ByteStream> compressed)
    : in_(std::move(compressed)), inbuf_(new char[kBufferSize]) {}

GzipStream::~GzipStream() {
  if (z_ready_) inflateEnd(&z_);
}

std::optional<uint64_t> GzipStream::MemberStartingAt(uint64_t position) const {
  auto it = std::lower_bound(starts_.begin(), starts_.end(), std::make_pair(position, uint64_t{0}));
  if (it != starts_.end() && it->first == position) return it->second;
  return std::nullopt;
}

Status GzipStream::Refill() {
  if (in_eof_) return Status::Ok();
  if (in_pos_ > 0) {
    std::memmove(inbuf_.get(), inbuf_.get() + in_pos_, in_end_ - in_pos_);
    in_end_ -= in_pos_;
    in_pos_ = 0;
  }
  if (in_end_ == kBufferSize) return Status::Ok();
  Result<size_t> got = in_->Read(inbuf_.get() + in_end_, kBufferSize - in_end_);
  if (!got.ok()) {
    in_eof_ = true;
    return got.status();
  }
  if (*got == 0) in_eof_ = true;
  in_end_ += *got;
  in_position_ += *got;
  return Status::Ok();
}

Status GzipStream::Resync() {
  for (;;) {
    while (in_pos_ + 3 <= in_end_) {
      if (LooksGzip(std::string_view(inbuf_.get() + in_pos_, 3))) return Status::Ok();
      ++in_pos_;
    }
    if (in_eof_) {
      in_pos_ = in_end_;
      done_ = true;
      return Status::Ok();
    }
    KHABAR_RETURN_IF_ERROR(Refill());
  }
}

Result<size_t> GzipStream::Read(char* buf, size_t n) {
  if (!pending_.ok()) {
    Status s = std::move(pending_);
    pending_ = Status::Ok();
    return s;
  }
  size_t produced = 0;
  while (produced == 0 && !done_ && n > 0) {
    if (!member_open_) {
      if (in_end_ - in_pos_ < 18) KHABAR_RETURN_IF_ERROR(Refill());
      if (in_pos_ == in_end_ && in_eof_) {
        done_ = true;
        break;
      }
      if (!LooksGzip(std::string_view(inbuf_.get() + in_pos_, in_end_ - in_pos_))) {
        const uint64_t at = CompressedOffset();
        // Zero padding after the last member is common and harmless.
        bool zeros = true;
        for (size_t i = in_pos_; i < in_end_; ++i) zeros = zeros && inbuf_[i] == 0;
        if (zeros && in_eof_) {
          done_ = true;
          break;
        }
        ++in_pos_;
        KHABAR_RETURN_IF_ERROR(Resync());
        return Status::Corrupt(members_ == 0 ? "not a gzip stream at offset " + std::to_string(at)
                                             : "garbage between gzip members at offset " +
                                                   std::to_string(at));
      }
      if (!z_ready_) {
        if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) return Status::Internal("zlib init failed");
        z_ready_ = true;
      } else {
        inflateReset(&z_);
      }
      member_offset_ = CompressedOffset();
      member_open_ = true;
      starts_.emplace_back(out_position_, member_offset_);
      if (starts_.size() > kRememberedMembers) starts_.pop_front();
    }
    if (in_pos_ == in_end_) {
      KHABAR_RETURN_IF_ERROR(Refill());
      if (in_pos_ == in_end_ && in_eof_) {
        member_open_ = false;
        done_ = true;
        return Status::Corrupt("truncated gzip member at offset " + std::to_string(member_offset_));
      }
    }
    z_.next_in = reinterpret_cast<Bytef*>(inbuf_.get() + in_pos_);
    z_.avail_in = static_cast<uInt>(in_end_ - in_pos_);
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    const int ret = inflate(&z_, Z_NO_FLUSH);
    in_pos_ = in_end_ - z_.avail_in;
    produced = std::min<size_t>(n, 1u << 30) - z_.avail_out;
    out_position_ += produced;
    if (ret == Z_STREAM_END) {
      member_open_ = false;
      ++members_;
    } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
      Status fault =
          Status::Corrupt("corrupt gzip member at offset " + std::to_string(member_offset_) + ": " +
                          (z_.msg != nullptr ? z_.msg : "inflate error"));
      member_open_ = false;
      if (CompressedOffset() <= member_offset_ && in_pos_ < in_end_) ++in_pos_;
      KHABAR_RETURN_IF_ERROR(Resync());
      if (produced > 0) {
        pending_ = std::move(fault);
        return produced;
      }
      return fault;
    }
  }
  return produced;
}

// ---------------------------------------------------------------------------------------------
// BufferedReader

BufferedReader::BufferedReader(ByteStream* stream) : stream_(stream) {}

Status BufferedReader::Fill() {
  if (!fault_.ok()) {
    // Surface a fault only once every byte before it has been consumed.
    if (pos_ < end_) return Status::Ok();
    Status s = std::move(fault_);
    fault_ = Status::Ok();
    return s;
  }
  if (eof_) return Status::Ok();
  if (pos_ > 0 && pos_ == end_) {
    pos_ = end_ = 0;
  } else if (pos_ > buf_.size() / 2) {
    buf_.erase(0, pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (buf_.size() < end_ + kBufferSize) buf_.resize(end_ + kBufferSize);
  Result<size_t> got = stream_->Read(buf_.data() + end_, kBufferSize);
  if (!got.ok()) {
    if (pos_ == end_) return got.status();
    fault_ = got.status();
    return Status::Ok();
  }
  if (*got == 0) eof_ = true;
  end_ += *got;
  return Status::Ok();
}

bool BufferedReader::eof() {
  if (pos_ < end_ || !fault_.ok()) return false;
  while (!eof_ && pos_ == end_) {
    if (!Fill().ok()) return false;
  }
  return pos_ == end_;
}

Result<bool> BufferedReader::ReadLine(std::string* line, size_t max_bytes) {
  line->clear();
  bool too_long = false;
  bool any = false;
  for (;;) {
    if (pos_ == end_) {
      if (eof_) break;
      KHABAR_RETURN_IF_ERROR(Fill());
      continue;
    }
    any = true;
    const char* start = buf_.data() + pos_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
    const size_t take = nl != nullptr ? static_cast<size_t>(nl - start) : end_ - pos_;
    if (!too_long) {
      if (line->size() + take > max_bytes) {
        too_long = true;
        line->clear();
        line->shrink_to_fit();
      } else {
        line->append(start, take);
      }
    }
    pos_ += take;
    consumed_ += take;
    if (nl != nullptr) {
      ++pos_;
      ++consumed_;
      break;
    }
  }
  if (!any) return false;
  if (too_long) {
    return Status::OutOfRange("line longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

Result<size_t> BufferedReader::ReadExact(size_t n, std::string* out) {
  size_t done = 0;
  while (done < n) {
    if (pos_ == end_) {
      if (eof_) break;
      KHABAR_RETURN_IF_ERROR(Fill());
      continue;
    }
    const size_t take = std::min(n - done, end_ - pos_);
    out->append(buf_.data() + pos_, take);
    pos_ += take;
    consumed_ += take;
    done += take;
  }
  return done;
}

Result<size_t> BufferedReader::Skip(size_t n) {
  size_t done = 0;
  while (done < n) {
    if (pos_ == end_) {
      if (eof_) break;
      KHABAR_RETURN_IF_ERROR(Fill());
      continue;
    }
    const size_t take = std::min(n - done, end_ - pos_);
    pos_ += take;
    consumed_ += take;
    done += take;
  }
  return done;
}

Result<std::string_view> BufferedReader::Peek(size_t n) {
  while (end_ - pos_ < n && !eof_ && fault_.ok()) {
    if (pos_ > 0) {
      buf_.erase(0, pos_);
      end_ -= pos_;
      pos_ = 0;
    }
    KHABAR_RETURN_IF_ERROR(Fill());
  }
  return std::string_view(buf_.data() + pos_, std::min(n, end_ - pos_));
}

Result<std::string> ReadAll(ByteStream* stream, size_t max_bytes) {
  std::string out;
  std::string chunk(kBufferSize, '\0');
  for (;;) {
    Result<size_t> got = stream->Read(chunk.data(), chunk.size());
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    if (out.size() + *got > max_bytes) {
      return Status::Unsupported("input larger than " + std::to_string(max_bytes) + " bytes");
    }
    out.append(chunk.data(), *got);
  }
  return out;
}

Result<std::string> InflateBytes(std::string_view data, size_t max_bytes) {
  z_stream z{};
  // 32 + MAX_WBITS: gzip or zlib header detected automatically; raw deflate tried after.
  const bool raw =
      data.size() >= 2 && !LooksGzip(data) &&
      ((static_cast<unsigned char>(data[0]) << 8) | static_cast<unsigned char>(data[1])) % 31 != 0;
  if (inflateInit2(&z, raw ? -MAX_WBITS : 32 + MAX_WBITS) != Z_OK) {
    return Status::Internal("zlib init failed");
  }
  std::string out;
  char chunk[1 << 15];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int ret = Z_OK;
  while (ret != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    ret = inflate(&z, Z_NO_FLUSH);
    if (ret != Z_OK && ret != Z_STREAM_END && !(ret == Z_BUF_ERROR && z.avail_out == 0)) {
      inflateEnd(&z);
      return Status::Corrupt("cannot decompress payload");
    }
    out.append(chunk, sizeof chunk - z.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&z);
      return Status::Unsupported("payload larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (ret == Z_BUF_ERROR || (z.avail_in == 0 && ret != Z_STREAM_END && z.avail_out != 0)) break;
  }
  inflateEnd(&z);
  return out;
}

}  // namespace khabar::io
