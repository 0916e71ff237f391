#include "store/record_codec.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "base/utf8.h"
#include "embedded/StoreData.h"

namespace khabar::store {
namespace {

constexpr std::string_view kMagic1 = "KR1\n";  // body + the whole record's JSON (schema 1-2)
constexpr std::string_view kMagic2 = "KR2\n";  // body + JSON without entities + compact entities
constexpr std::string_view kMagic3 = "KR3\n";  // KR2 + entities of the frozen table by number
constexpr std::string_view kMagic4 = "KR4\n";  // KR3 + the title's mentions after the counts
constexpr size_t kMaxUnpacked = size_t{1} << 30;

// The non-comment lines of an embedded data file.
std::vector<std::string_view> DataLines(std::string_view path) {
  const std::string_view text = embedded::StoreData(path);
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line[0] != '#') lines.push_back(line);
    start = nl + 1;
  }
  return lines;
}

// The preset zlib dictionary of records (data/store/record-dictionary-v1.txt: its entries joined
// by spaces) and its Adler-32, which a stream made with it names in its header.
struct PresetDictionary {
  std::string bytes;
  uLong adler = 0;
};
const PresetDictionary& Dictionary() {
  static const PresetDictionary* dictionary = [] {
    auto* d = new PresetDictionary;
    for (std::string_view line : DataLines("data/store/record-dictionary-v1.txt")) {
      if (!d->bytes.empty()) d->bytes += ' ';
      d->bytes += line;
    }
    d->adler = adler32(adler32(0, nullptr, 0), reinterpret_cast<const Bytef*>(d->bytes.data()),
                       static_cast<uInt>(d->bytes.size()));
    return d;
  }();
  return *dictionary;
}

// The frozen entity table (data/store/record-entities-v1.tsv): (id, label_en, qid) by line.
struct FrozenEntity {
  std::string_view id, label_en, qid;
};
struct FrozenEntities {
  std::vector<FrozenEntity> rows;
  std::unordered_map<std::string, size_t> index;  // id \t label_en \t qid -> row
};
const FrozenEntities& Frozen() {
  static const FrozenEntities* frozen = [] {
    auto* f = new FrozenEntities;
    for (std::string_view line : DataLines("data/store/record-entities-v1.tsv")) {
      const size_t a = line.find('\t'), b = line.find('\t', a + 1);
      if (a == std::string_view::npos || b == std::string_view::npos) continue;  // a build bug
      f->index.emplace(std::string(line), f->rows.size());
      f->rows.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
    }
    return f;
  }();
  return *frozen;
}

// A deflate stream at level 4 with the preset dictionary loaded, one per thread, copied for each
// record (deflateCopy: loading the dictionary hashes all of it, ~370,000 instructions, against a
// copy of the state). The copies' buffers (~256 KB: window, hash chains, pending output) come
// from a per-thread pool instead of malloc: allocated and freed for every record, they were
// fresh, cold pages each time (and glibc gave them back to the system and faulted them in again).
// Side by side on 1,000 texts of ~5 KB: 860 µs per text with malloc'd copies, 550 re-priming one
// reused stream, 380-480 with pooled copies; the bytes are the same
// (RecordCodecTest.PooledCopiesGiveFreshBytes).
struct PrimedDeflate {
  // Blocks handed back by zfree, with their size in a 16-byte header (alignment kept).
  std::vector<std::pair<size_t, char*>> free_blocks;
  z_stream z{};
  bool ok = false;

  static voidpf Alloc(voidpf opaque, uInt items, uInt size) {
    auto* self = static_cast<PrimedDeflate*>(opaque);
    const size_t n = static_cast<size_t>(items) * size;
    for (auto& [block_size, block] : self->free_blocks) {
      if (block_size == n) {
        char* p = block;
        block = self->free_blocks.back().second;
        block_size = self->free_blocks.back().first;
        self->free_blocks.pop_back();
        return p + 16;
      }
    }
    char* p = static_cast<char*>(std::malloc(n + 16));
    if (p == nullptr) return Z_NULL;
    std::memcpy(p, &n, sizeof n);
    return p + 16;
  }
  static void Free(voidpf opaque, voidpf address) {
    auto* self = static_cast<PrimedDeflate*>(opaque);
    char* p = static_cast<char*>(address) - 16;
    size_t n;
    std::memcpy(&n, p, sizeof n);
    self->free_blocks.emplace_back(n, p);
  }

  PrimedDeflate() {
    z.zalloc = &PrimedDeflate::Alloc;
    z.zfree = &PrimedDeflate::Free;
    z.opaque = this;
    const std::string& d = Dictionary().bytes;
    ok = deflateInit(&z, 4) == Z_OK &&
         deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(d.data()),
                              static_cast<uInt>(d.size())) == Z_OK;
  }
  ~PrimedDeflate() {
    deflateEnd(&z);
    for (const auto& [size, block] : free_blocks) std::free(block);
  }
};

// Records of schema version 4-5 were compressed at level 4 with the preset dictionary: as fast as
// level 5 without it (longer matches into the dictionary cost more search at higher levels: level
// 6 took twice the time for 4% fewer bytes). The layouts of schema versions 1-3: level 5, no
// dictionary. Kept for the tests of the readers of those rows (PackRecordV3 and older).
std::string Deflate(std::string_view in, bool with_dictionary = true) {
  z_stream z{};
  if (with_dictionary) {
    thread_local PrimedDeflate primed;  // the copy allocates from (and frees to) its pool
    if (!primed.ok || deflateCopy(&z, &primed.z) != Z_OK) return std::string();
  } else if (deflateInit(&z, 5) != Z_OK) {
    return std::string();
  }
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);  // Z_STREAM_END: the output buffer is deflateBound() large
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// ---------------------------------------------------------------------------------------------
// zstd (schema version 6, docs/storage.md "Size"): one zstd frame, level 3, with its content size
// and an XXH64 checksum, made with the zstd dictionary kZstdDictionaryId: the entropy tables of
// data/store/record-zstd-tables-v1.txt followed by the preset dictionary above as its content.
// Side by side with zlib level 4 and the preset dictionary on the same records: 1-3% fewer bytes,
// a fifth to a quarter of the compression instructions, faster to read.

constexpr int kZstdLevel = 3;
// The dictionary id frames name ("KR01"); another dictionary is another id (and another file).
constexpr uint32_t kZstdDictionaryId = 0x4B523031;

// A zstd frame starts with the magic number 0xFD2FB528, little-endian. A zlib stream never does:
// its first two bytes, read big-endian, are a multiple of 31 (0x28B5 is not).
bool IsZstdFrame(std::string_view in) {
  return in.size() >= 4 && static_cast<unsigned char>(in[0]) == 0x28 &&
         static_cast<unsigned char>(in[1]) == 0xB5 && static_cast<unsigned char>(in[2]) == 0x2F &&
         static_cast<unsigned char>(in[3]) == 0xFD;
}

// The zstd dictionary's header (magic, id, entropy tables, repeat offsets): the hex digits of the
// non-comment lines of data/store/record-zstd-tables-v1.txt.
std::string ZstdTables() {
  std::string bytes;
  int high = -1;
  for (std::string_view line : DataLines("data/store/record-zstd-tables-v1.txt")) {
    for (char c : line) {
      const int v = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (v < 0) continue;  // spaces
      if (high < 0) {
        high = v;
      } else {
        bytes += static_cast<char>(high << 4 | v);
        high = -1;
      }
    }
  }
  return bytes;
}

// The dictionary digested once for compression and for decompression (never freed; null when the
// embedded tables are not those of kZstdDictionaryId, a build bug the tests catch).
struct ZstdDictionaries {
  std::string bytes;
  ZSTD_CDict* compress = nullptr;
  ZSTD_DDict* decompress = nullptr;
};
const ZstdDictionaries& ZstdDictionary() {
  static const ZstdDictionaries* d = [] {
    auto* z = new ZstdDictionaries;
    z->bytes = ZstdTables() + Dictionary().bytes;
    if (ZSTD_getDictID_fromDict(z->bytes.data(), z->bytes.size()) == kZstdDictionaryId) {
      z->compress = ZSTD_createCDict(z->bytes.data(), z->bytes.size(), kZstdLevel);
      z->decompress = ZSTD_createDDict(z->bytes.data(), z->bytes.size());
    }
    return z;
  }();
  return *d;
}

struct ZstdCompressor {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  bool ok = cctx != nullptr && ZstdDictionary().compress != nullptr &&
            !ZSTD_isError(ZSTD_CCtx_refCDict(cctx, ZstdDictionary().compress)) &&
            !ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1));
  ~ZstdCompressor() { ZSTD_freeCCtx(cctx); }
};

struct ZstdDecompressor {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  bool ok = dctx != nullptr && ZstdDictionary().decompress != nullptr &&
            !ZSTD_isError(ZSTD_DCtx_refDDict(dctx, ZstdDictionary().decompress));
  ~ZstdDecompressor() { ZSTD_freeDCtx(dctx); }
  // A new frame (after a stream left unfinished); the dictionary stays.
  bool Reset() { return ok && !ZSTD_isError(ZSTD_DCtx_reset(dctx, ZSTD_reset_session_only)); }
};

// `in` as one zstd frame with the dictionary; empty on failure (never for a record in memory). The
// thread's context is reused: its tables are not allocated for every record, and the bytes do not
// depend on what it compressed before (RecordCodecTest.ReusedContextGivesFreshBytes).
std::string Compress(std::string_view in) {
  thread_local ZstdCompressor compressor;
  if (!compressor.ok) return std::string();
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const size_t n = ZSTD_compress2(compressor.cctx, out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(n)) return std::string();
  out.resize(n);
  return out;
}

// A raw inflater (no zlib header or trailer handling of its own), made once per thread and reset
// for each record: zlib's own header reading sums the 18 KB preset dictionary (Adler-32) and
// allocates its window for every record, which cost more than inflating a snippet's worth.
struct RawInflater {
  z_stream z{};
  bool ok = inflateInit2(&z, -MAX_WBITS) == Z_OK;
  ~RawInflater() { inflateEnd(&z); }
};

// Made only when returned: a message this long is a heap allocation, and the readers of a
// search's page were paying one per record for an error they never return.
Status ZlibDamaged() { return Status::Corrupt("stored record is damaged (zlib)"); }
Status ZstdDamaged() { return Status::Corrupt("stored record is damaged (zstd)"); }

// The decompressed size a record's zstd frame header states; kCorrupt when the header is damaged,
// states no size or one above kMaxUnpacked, or names another dictionary.
Result<size_t> ZstdFrameSize(std::string_view in) {
  const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxUnpacked ||
      ZSTD_getDictID_fromFrame(in.data(), in.size()) != kZstdDictionaryId) {
    return ZstdDamaged();
  }
  return static_cast<size_t>(size);
}

// Reads the zlib header of `in` (RFC 1950: deflate, and no preset dictionary but ours), resets
// `inflater`, loads the preset dictionary when the header names it and points the inflater at
// the deflate data. Errors: kCorrupt for another header, kInternal when zlib fails.
Status StartRawInflate(std::string_view in, RawInflater& inflater) {
  if (in.size() < 2) return ZlibDamaged();
  const unsigned cmf = static_cast<unsigned char>(in[0]), flg = static_cast<unsigned char>(in[1]);
  if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 != 0) return ZlibDamaged();
  size_t pos = 2;
  const bool preset = (flg & 0x20) != 0;
  if (preset) {
    if (in.size() < 6) return ZlibDamaged();
    uint32_t adler = 0;
    for (size_t i = 2; i < 6; ++i) adler = adler << 8 | static_cast<unsigned char>(in[i]);
    if (adler != Dictionary().adler) return ZlibDamaged();
    pos = 6;
  }
  z_stream& z = inflater.z;
  if (!inflater.ok || inflateReset(&z) != Z_OK) return Status::Internal("zlib inflate failed");
  if (preset) {
    const std::string& d = Dictionary().bytes;
    if (inflateSetDictionary(&z, reinterpret_cast<const Bytef*>(d.data()),
                             static_cast<uInt>(d.size())) != Z_OK) {
      return Status::Internal("zlib inflateSetDictionary failed");
    }
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + pos));
  z.avail_in = static_cast<uInt>(in.size() - pos);
  return Status::Ok();
}

// A record's zlib stream inflated (records of schema versions 1-3 have no preset dictionary), or
// only its first `limit` bytes (all of them when fewer: UnpackBodyPrefix, what a snippet needs).
// The zlib header (StartRawInflate) and trailer are read here and the deflate data inflated by a
// per-thread RawInflater. A whole stream's Adler-32 is checked; a prefix has no checksum to
// check, its deflate data is still checked as it is read.
Result<std::string> ZstdDecompress(std::string_view in, size_t limit);

Result<std::string> Inflate(std::string_view in, size_t limit = kMaxUnpacked) {
  if (IsZstdFrame(in)) return ZstdDecompress(in, limit);
  thread_local RawInflater inflater;
  z_stream& z = inflater.z;
  KHABAR_RETURN_IF_ERROR(StartRawInflate(in, inflater));
  auto big_endian = [&in](size_t pos) {
    uint32_t v = 0;
    for (size_t i = pos; i < pos + 4; ++i) v = v << 8 | static_cast<unsigned char>(in[i]);
    return v;
  };
  std::string out;
  size_t produced = 0;
  int rc = Z_OK;
  while (produced < limit) {
    out.resize(std::min(limit, std::max<size_t>(2 * out.size(), 4096)));
    z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z.avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(&z, Z_NO_FLUSH);
    produced = out.size() - z.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK || (z.avail_out > 0 && z.avail_in == 0)) return ZlibDamaged();  // or ends early
  }
  out.resize(produced);
  if (rc == Z_STREAM_END) {
    const size_t trailer = in.size() - z.avail_in;  // the Adler-32 of the output follows
    if (z.avail_in < 4 || big_endian(trailer) != adler32(adler32(0, nullptr, 0),
                                                         reinterpret_cast<const Bytef*>(out.data()),
                                                         static_cast<uInt>(out.size()))) {
      return ZlibDamaged();
    }
  } else if (limit >= kMaxUnpacked) {
    return ZlibDamaged();  // larger than any record
  }
  return out;
}

// A zstd frame decompressed, or its first `limit` bytes (Inflate for schema version 6). Errors:
// kCorrupt for a damaged, truncated or overlong frame (its checksum is checked when it is read to
// its end), kInternal when zstd cannot start.
Result<std::string> ZstdDecompress(std::string_view in, size_t limit) {
  thread_local ZstdDecompressor decompressor;
  if (!decompressor.Reset()) return Status::Internal("zstd decompression failed");
  Result<size_t> frame_size = ZstdFrameSize(in);
  if (!frame_size.ok()) return frame_size.status();
  const size_t size = *frame_size;
  const size_t wanted = std::min<size_t>(limit, size);
  // The whole frame in one call when its header's size is plausible for its length (a record is
  // 2-4 times its compressed size): a damaged or hostile header must not make a large buffer.
  if (wanted == size && size <= std::max<size_t>(size_t{1} << 20, 64 * in.size())) {
    std::string out(size, '\0');
    const size_t n = ZSTD_decompress_usingDDict(decompressor.dctx, out.data(), out.size(),
                                                in.data(), in.size(), ZstdDictionary().decompress);
    if (ZSTD_isError(n) || n != size) return ZstdDamaged();
    return out;
  }
  // Streamed, the output growing as the frame produces it: a prefix stops at `limit` bytes (no
  // checksum to check, as with zlib); the whole frame is read to its end and its checksum.
  std::string out;
  ZSTD_inBuffer from{in.data(), in.size(), 0};
  size_t produced = 0;
  for (;;) {
    if (produced == out.size() && out.size() < wanted) {
      out.resize(std::min(wanted, std::max<size_t>(2 * out.size(), 4096)));
    }
    ZSTD_outBuffer to{out.data(), out.size(), produced};
    const size_t in_before = from.pos;
    const size_t rc = ZSTD_decompressStream(decompressor.dctx, &to, &from);
    const bool progress = from.pos != in_before || to.pos != produced;
    produced = to.pos;
    if (ZSTD_isError(rc)) return ZstdDamaged();
    if (rc == 0) {  // the frame ended: all of it, nothing after it
      if (produced != size || from.pos != from.size) return ZstdDamaged();
      break;
    }
    if (wanted < size && produced == wanted) break;  // the prefix asked for
    if (!progress) return ZstdDamaged();             // ends early
  }
  out.resize(produced);
  return out;
}

void PutU32(uint32_t n, std::string* out) {
  for (int i = 0; i < 4; ++i) *out += static_cast<char>((n >> (8 * i)) & 0xFF);
}

// Reads a u32-length-prefixed section at *pos.
Status ReadSection(std::string_view raw, size_t* pos, std::string_view* out) {
  if (raw.size() - *pos < 4) return Status::Corrupt("stored record is truncated");
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) {
    n |= static_cast<uint32_t>(static_cast<unsigned char>(raw[*pos + i])) << (8 * i);
  }
  *pos += 4;
  if (n > raw.size() - *pos) return Status::Corrupt("stored record is truncated");
  *out = raw.substr(*pos, n);
  *pos += n;
  return Status::Ok();
}

// The parts of an unpacked blob.
struct Parts {
  bool compact = false;  // KR2, KR3
  bool frozen = false;   // KR3, KR4: dictionary entries may refer to the frozen entity table
  bool title = false;    // KR4: the title's mentions follow the entity counts
  std::string_view body;
  std::string_view json;
  std::string_view entities;  // KR2 only
};

Status Split(std::string_view raw, Parts* parts) {
  if (raw.size() < 4) return Status::Corrupt("stored record has an unknown layout");
  const std::string_view magic = raw.substr(0, 4);
  if (magic != kMagic1 && magic != kMagic2 && magic != kMagic3 && magic != kMagic4) {
    return Status::Corrupt("stored record has an unknown layout");
  }
  size_t pos = 4;
  KHABAR_RETURN_IF_ERROR(ReadSection(raw, &pos, &parts->body));
  if (magic == kMagic1) {
    parts->json = raw.substr(pos);
    return Status::Ok();
  }
  parts->compact = true;
  parts->frozen = magic == kMagic3 || magic == kMagic4;
  parts->title = magic == kMagic4;
  KHABAR_RETURN_IF_ERROR(ReadSection(raw, &pos, &parts->json));
  parts->entities = raw.substr(pos);
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// The compact entity section (docs/storage.md, "Records").

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    *out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  *out += static_cast<char>(v);
}
uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }
void PutString(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return false;
      const auto b = static_cast<unsigned char>(in_[pos_++]);
      *v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (b < 0x80) return true;
    }
    return false;
  }
  bool Size(size_t* v) {
    uint64_t x;
    if (!Varint(&x)) return false;
    *v = static_cast<size_t>(x);
    return true;
  }
  bool String(std::string* s) {
    uint64_t n;
    if (!Varint(&n) || n > in_.size() - pos_) return false;
    s->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  bool Byte(unsigned* b) {
    if (pos_ >= in_.size()) return false;
    *b = static_cast<unsigned char>(in_[pos_++]);
    return true;
  }
  bool Double(double* d) {
    if (in_.size() - pos_ < 8) return false;
    std::memcpy(d, in_.data() + pos_, 8);
    pos_ += 8;
    return true;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

// Entity types and mention sources stored as a small code; 0 = the string follows.
constexpr std::string_view kTypes[] = {"", "PERS", "LOC", "ORG", "MISC"};
constexpr std::string_view kSources[] = {"", "model", "kb", "title", "coref", "rule"};
template <size_t N>
unsigned Code(const std::string_view (&table)[N], std::string_view s) {
  for (unsigned i = 1; i < N; ++i) {
    if (table[i] == s) return i;
  }
  return 0;
}

// The text of code points [begin, end) of a record's paragraphs. Mentions come in paragraph and
// offset order, so the walk resumes where the previous span of the same paragraph began instead of
// rescanning the paragraph from its start for every mention (quadratic in long paragraphs).
class CodePointSpans {
 public:
  explicit CodePointSpans(const std::vector<std::string>& paragraphs) : paragraphs_(paragraphs) {}

  // False when the paragraph or the code points are out of range.
  bool Span(size_t paragraph, size_t begin, size_t end, std::string_view* out) {
    if (paragraph >= paragraphs_.size() || begin > end) return false;
    const std::string_view text = paragraphs_[paragraph];
    if (paragraph != paragraph_ || begin < cp_) {  // another paragraph, or out of order: restart
      paragraph_ = paragraph;
      cp_ = 0;
      pos_ = 0;
    }
    while (cp_ < begin && pos_ < text.size()) {
      utf8::Next(text, &pos_);
      ++cp_;
    }
    if (cp_ != begin) return false;
    size_t pos = pos_, cp = cp_;
    while (cp < end && pos < text.size()) {
      utf8::Next(text, &pos);
      ++cp;
    }
    if (cp != end) return false;
    *out = text.substr(pos_, pos - pos_);
    return true;
  }

 private:
  const std::vector<std::string>& paragraphs_;
  size_t paragraph_ = static_cast<size_t>(-1);
  size_t cp_ = 0;   // code points before pos_
  size_t pos_ = 0;  // byte offset in paragraphs_[paragraph_]
};

// A mention's confidence as RecordToJson writes it (rounded to thousandths; JSON has no NaN or
// infinity, which read back as 0).
double JsonConfidence(double c) {
  if (!std::isfinite(c)) return 0;
  const double rounded = std::round(c * 1000) / 1000;
  return std::isfinite(rounded) ? rounded : 0;
}

// Flags of a dictionary entry and of a mention.
enum : unsigned { kIdNil = 1, kIdEmpty = 2, kIdString = 0 };
// KR3: (id, label_en, qid) are line N of the frozen entity table; N follows instead of the strings.
constexpr unsigned kFrozenEntry = 0x80;
enum : unsigned { kSourceMask = 7, kTextStored = 8, kConfidenceDouble = 16 };

// A mention's flag byte, confidence, source and (when the span it points at is not its text) text.
void PutMentionTail(const EntityMention& m, bool text_matches, std::string* out) {
  const unsigned source = Code(kSources, m.source);
  const double confidence = JsonConfidence(m.confidence);
  const double thousandths = confidence * 1000;
  const bool as_double =
      !(std::fabs(thousandths) < 1e15) || std::round(thousandths) / 1000 != confidence;
  *out += static_cast<char>(source | (text_matches ? 0u : kTextStored) |
                            (as_double ? kConfidenceDouble : 0u));
  if (as_double) {
    char bytes[8];
    std::memcpy(bytes, &confidence, 8);
    out->append(bytes, 8);
  } else {
    PutVarint(ZigZag(static_cast<int64_t>(std::llround(thousandths))), out);
  }
  if (source == 0) PutString(m.source, out);
  if (!text_matches) PutString(m.text, out);
}

// Entities and entity counts of `r` in the compact layout, then (`title`: KR4) the title's
// mentions. The paragraphs and the title give the mentions' text back, so it is stored only when
// it differs from the span it points at.
std::string PackEntities(const ArticleRecord& r, bool frozen_entries, bool title) {
  std::string out;
  // Dictionary of the distinct (id, type, label_en, qid) of mentions and counts.
  struct Key {
    std::string_view id, type, label_en, qid;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      const std::hash<std::string_view> h;
      return h(k.id) ^ (h(k.type) * 3) ^ (h(k.label_en) * 7) ^ (h(k.qid) * 13);
    }
  };
  std::unordered_map<Key, size_t, KeyHash> index;
  std::vector<Key> dict;
  auto entry = [&](const Key& k) {
    auto [it, inserted] = index.try_emplace(k, dict.size());
    if (inserted) dict.push_back(k);
    return it->second;
  };
  std::vector<size_t> mention_entry, count_entry;
  for (const EntityMention& m : r.entities)
    mention_entry.push_back(entry({m.id, m.type, m.label_en, m.qid}));
  for (const EntityCount& c : r.entity_counts)
    count_entry.push_back(entry({c.id, c.type, c.label_en, c.qid}));
  std::vector<size_t> title_entry;
  if (title) {
    for (const EntityMention& m : r.title_entities)
      title_entry.push_back(entry({m.id, m.type, m.label_en, m.qid}));
  }

  PutVarint(dict.size(), &out);
  for (const Key& k : dict) {
    const unsigned id_form = k.id == "NIL" ? kIdNil : k.id.empty() ? kIdEmpty : kIdString;
    const unsigned type = Code(kTypes, k.type);
    if (frozen_entries && id_form == kIdString) {
      std::string row;
      row.append(k.id).append(1, '\t').append(k.label_en).append(1, '\t').append(k.qid);
      const auto it = Frozen().index.find(row);
      if (it != Frozen().index.end()) {
        out += static_cast<char>(kFrozenEntry | (type << 2));
        PutVarint(it->second, &out);
        if (type == 0) PutString(k.type, &out);
        continue;
      }
    }
    out += static_cast<char>(id_form | (type << 2));
    if (id_form == kIdString) PutString(k.id, &out);
    if (type == 0) PutString(k.type, &out);
    PutString(k.label_en, &out);
    PutString(k.qid, &out);
  }
  PutVarint(r.entities.size(), &out);
  size_t last_paragraph = 0, last_begin = 0;
  CodePointSpans spans(r.paragraphs);
  for (size_t i = 0; i < r.entities.size(); ++i) {
    const EntityMention& m = r.entities[i];
    PutVarint(mention_entry[i], &out);
    PutVarint(ZigZag(static_cast<int64_t>(m.paragraph - last_paragraph)), &out);
    if (m.paragraph != last_paragraph) last_begin = 0;
    PutVarint(ZigZag(static_cast<int64_t>(m.begin - last_begin)), &out);
    PutVarint(ZigZag(static_cast<int64_t>(m.end - m.begin)), &out);
    last_paragraph = m.paragraph;
    last_begin = m.begin;
    std::string_view span;
    const bool text_matches = spans.Span(m.paragraph, m.begin, m.end, &span) && span == m.text;
    PutMentionTail(m, text_matches, &out);
  }
  PutVarint(r.entity_counts.size(), &out);
  for (size_t i = 0; i < r.entity_counts.size(); ++i) {
    const EntityCount& c = r.entity_counts[i];
    PutVarint(count_entry[i], &out);
    PutVarint(c.count, &out);
    // The text: that of a mention (1 + its index) when one has it, else stored (0).
    size_t same = 0;
    for (size_t j = 0; j < r.entities.size(); ++j) {
      if (r.entities[j].text == c.text) {
        same = j + 1;
        break;
      }
    }
    PutVarint(same, &out);
    if (same == 0) PutString(c.text, &out);
  }
  if (title) {
    // The title's mentions: as the paragraphs' without the paragraph (their `paragraph` is 0).
    PutVarint(r.title_entities.size(), &out);
    const std::vector<std::string> title_text = {r.title};
    CodePointSpans title_spans(title_text);
    size_t last = 0;
    for (size_t i = 0; i < r.title_entities.size(); ++i) {
      const EntityMention& m = r.title_entities[i];
      PutVarint(title_entry[i], &out);
      PutVarint(ZigZag(static_cast<int64_t>(m.begin - last)), &out);
      PutVarint(ZigZag(static_cast<int64_t>(m.end - m.begin)), &out);
      last = m.begin;
      std::string_view span;
      const bool text_matches = title_spans.Span(0, m.begin, m.end, &span) && span == m.text;
      PutMentionTail(m, text_matches, &out);
    }
  }
  return out;
}

// Reads what PutMentionTail wrote; `spans` gives the text of [begin, end) of `paragraph`.
bool ReadMentionTail(Reader& in, unsigned flags, CodePointSpans& spans, EntityMention* m) {
  if (flags & kConfidenceDouble) {
    if (!in.Double(&m->confidence)) return false;
  } else {
    uint64_t k;
    if (!in.Varint(&k)) return false;
    m->confidence = static_cast<double>(UnZigZag(k)) / 1000;
  }
  const unsigned source = flags & kSourceMask;
  if (source >= std::size(kSources)) return false;
  if (source != 0) {
    m->source = kSources[source];
  } else if (!in.String(&m->source)) {
    return false;
  }
  if (flags & kTextStored) return in.String(&m->text);
  std::string_view span;
  if (!spans.Span(m->paragraph, m->begin, m->end, &span)) return false;
  m->text = span;
  return true;
}

Status UnpackEntities(std::string_view section, bool frozen_entries, bool title, ArticleRecord* r) {
  const Status damaged = Status::Corrupt("stored record: damaged entity section");
  Reader in(section);
  struct Entry {
    std::string id, type, label_en, qid;
  };
  size_t n = 0;
  if (!in.Size(&n) || n > section.size()) return damaged;
  std::vector<Entry> dict(n);
  for (Entry& e : dict) {
    unsigned flags;
    if (!in.Byte(&flags)) return damaged;
    const unsigned id_form = flags & 3, type = (flags & ~kFrozenEntry) >> 2;
    if (type >= std::size(kTypes)) return damaged;
    if (flags & kFrozenEntry) {
      uint64_t row;
      if (!frozen_entries || id_form != kIdString || !in.Varint(&row) ||
          row >= Frozen().rows.size()) {
        return damaged;
      }
      const FrozenEntity& f = Frozen().rows[row];
      e.id = f.id;
      e.label_en = f.label_en;
      e.qid = f.qid;
      if (type != 0) {
        e.type = kTypes[type];
      } else if (!in.String(&e.type)) {
        return damaged;
      }
      continue;
    }
    if (id_form == kIdNil) {
      e.id = "NIL";
    } else if (id_form == kIdString && !in.String(&e.id)) {
      return damaged;
    }
    if (type >= std::size(kTypes)) return damaged;
    if (type != 0) {
      e.type = kTypes[type];
    } else if (!in.String(&e.type)) {
      return damaged;
    }
    if (!in.String(&e.label_en) || !in.String(&e.qid)) return damaged;
  }
  if (!in.Size(&n) || n > section.size()) return damaged;
  r->entities.resize(n);
  size_t last_paragraph = 0, last_begin = 0;
  CodePointSpans spans(r->paragraphs);
  for (EntityMention& m : r->entities) {
    uint64_t entry, paragraph, begin, length;
    unsigned flags;
    if (!in.Varint(&entry) || entry >= dict.size() || !in.Varint(&paragraph) ||
        !in.Varint(&begin) || !in.Varint(&length) || !in.Byte(&flags)) {
      return damaged;
    }
    m.id = dict[entry].id;
    m.type = dict[entry].type;
    m.label_en = dict[entry].label_en;
    m.qid = dict[entry].qid;
    m.paragraph = last_paragraph + static_cast<size_t>(UnZigZag(paragraph));
    if (m.paragraph != last_paragraph) last_begin = 0;
    m.begin = last_begin + static_cast<size_t>(UnZigZag(begin));
    m.end = m.begin + static_cast<size_t>(UnZigZag(length));
    last_paragraph = m.paragraph;
    last_begin = m.begin;
    if (!ReadMentionTail(in, flags, spans, &m)) return damaged;
  }
  if (!in.Size(&n) || n > section.size()) return damaged;
  r->entity_counts.resize(n);
  for (EntityCount& c : r->entity_counts) {
    uint64_t entry, same;
    if (!in.Varint(&entry) || entry >= dict.size() || !in.Size(&c.count) || !in.Varint(&same)) {
      return damaged;
    }
    c.id = dict[entry].id;
    c.type = dict[entry].type;
    c.label_en = dict[entry].label_en;
    c.qid = dict[entry].qid;
    if (same == 0) {
      if (!in.String(&c.text)) return damaged;
    } else if (same <= r->entities.size()) {
      c.text = r->entities[same - 1].text;
    } else {
      return damaged;
    }
  }
  if (title) {
    if (!in.Size(&n) || n > section.size()) return damaged;
    r->title_entities.resize(n);
    const std::vector<std::string> title_text = {r->title};
    CodePointSpans title_spans(title_text);
    size_t last = 0;
    for (EntityMention& m : r->title_entities) {
      uint64_t entry, begin, length;
      unsigned flags;
      if (!in.Varint(&entry) || entry >= dict.size() || !in.Varint(&begin) || !in.Varint(&length) ||
          !in.Byte(&flags)) {
        return damaged;
      }
      m.id = dict[entry].id;
      m.type = dict[entry].type;
      m.label_en = dict[entry].label_en;
      m.qid = dict[entry].qid;
      m.paragraph = 0;
      m.begin = last + static_cast<size_t>(UnZigZag(begin));
      m.end = m.begin + static_cast<size_t>(UnZigZag(length));
      last = m.begin;
      if (!ReadMentionTail(in, flags, title_spans, &m)) return damaged;
    }
  }
  if (!in.done()) return damaged;
  return Status::Ok();
}

std::string JoinParagraphs(const ArticleRecord& record) {
  std::string body;
  for (const std::string& p : record.paragraphs) {
    if (!body.empty()) body += '\n';
    body += p;
  }
  return body;
}

void BodyFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const void* p = sqlite3_value_blob(argv[0]);
  const int n = sqlite3_value_bytes(argv[0]);
  if (p == nullptr) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  const std::string_view blob(static_cast<const char*>(p), n);
  if (const std::string* known = KnownBody::Find(blob)) {
    sqlite3_result_text64(ctx, known->data(), known->size(), SQLITE_STATIC, SQLITE_UTF8);
    return;
  }
  Result<std::string> body = UnpackBody(blob);
  if (!body.ok()) {
    sqlite3_result_error(ctx, body.status().message().c_str(), -1);
    return;
  }
  sqlite3_result_text64(ctx, body->data(), body->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

thread_local const KnownBody* current_known_body = nullptr;

}  // namespace

KnownBody::KnownBody(std::string_view blob, const std::string* body)
    : blob_(blob), body_(body), previous_(current_known_body) {
  current_known_body = this;
}
KnownBody::~KnownBody() { current_known_body = previous_; }
const std::string* KnownBody::Find(std::string_view blob) {
  for (const KnownBody* k = current_known_body; k != nullptr; k = k->previous_) {
    if (k->blob_.size() == blob.size() &&
        std::memcmp(k->blob_.data(), blob.data(), blob.size()) == 0) {
      return k->body_;
    }
  }
  return nullptr;
}

namespace {
// The record without its paragraphs, entities and entity counts (they are stored apart), copied
// field by field: copying the whole record and clearing those cost a string per paragraph and
// several per mention. A field added to ArticleRecord must be added here (the size check below
// fails to remind; RecordCodecTest.PackedRecordsRoundTrip checks every field).
ArticleRecord WithoutTextAndEntities(const ArticleRecord& r) {
  static_assert(sizeof(void*) != 8 || sizeof(ArticleRecord) == 704,
                "ArticleRecord changed: copy the new field in WithoutTextAndEntities");
  ArticleRecord rest;
  rest.id = r.id;
  rest.source = r.source;
  rest.title = r.title;
  rest.published = r.published;
  rest.published_text = r.published_text;
  rest.modified = r.modified;
  rest.author = r.author;
  rest.dateline = r.dateline;
  rest.caption = r.caption;
  rest.boilerplate = r.boilerplate;
  rest.warnings = r.warnings;
  return rest;
}

// `s` as a JSON string the way nlohmann's dump writes it (ensure_ascii off): `"` and `\` and the
// controls escaped (\b \t \n \f \r, else \u00xx in lower-case hex), every other byte copied.
// False, with *out partly written, when `s` is not well-formed UTF-8 (utf8::IsValid: no overlong
// forms, surrogates or code points above U+10FFFF; the strings nlohmann copies through unchanged).
bool AppendJsonString(std::string_view s, std::string* out) {
  if (!utf8::IsValid(s)) return false;
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\r':
        out->append("\\r");
        break;
      default: {
        constexpr char kHex[] = "0123456789abcdef";
        const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out->append(escaped, 6);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
  return true;
}

bool AppendJsonStrings(const std::vector<std::string>& strings, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < strings.size(); ++i) {
    if (i > 0) out->push_back(',');
    if (!AppendJsonString(strings[i], out)) return false;
  }
  out->push_back(']');
  return true;
}

// RecordJsonWithoutText written directly; false when a string is not well-formed UTF-8 (nlohmann
// then writes it, replacing the bad bytes its own way).
bool WriteRecordJsonWithoutText(const ArticleRecord& r, std::string* out) {
  static_assert(sizeof(void*) != 8 || sizeof(ArticleRecord) == 704,
                "ArticleRecord changed: write the new field here as RecordToJson does");
  const auto field = [&](std::string_view key, const std::string& value) {
    out->append(key);
    return AppendJsonString(value, out);
  };
  if (!field("{\"id\":", r.id) || !field(",\"source\":{\"path\":", r.source.path)) return false;
  if (!r.source.locator.empty() && !field(",\"locator\":", r.source.locator)) return false;
  if (!r.source.url.empty() && !field(",\"url\":", r.source.url)) return false;
  if (!r.source.site.empty() && !field(",\"site\":", r.source.site)) return false;
  if (!r.source.encoding.empty() && !field(",\"encoding\":", r.source.encoding)) return false;
  if (!field("},\"title\":", r.title) || !field(",\"published\":", r.published) ||
      !field(",\"published_text\":", r.published_text) || !field(",\"modified\":", r.modified) ||
      !field(",\"author\":", r.author)) {
    return false;
  }
  if (!r.dateline) {
    out->append(",\"dateline\":null");
  } else {
    if (!field(",\"dateline\":{\"place\":", r.dateline->place)) return false;
    if (!r.dateline->agency) {
      out->append(",\"agency\":null}");
    } else {
      const Agency& a = *r.dateline->agency;
      if (!field(",\"agency\":{\"code\":", a.code) || !field(",\"name_ar\":", a.name_ar) ||
          !field(",\"name_en\":", a.name_en) || !field(",\"text\":", a.text)) {
        return false;
      }
      out->append("}}");
    }
  }
  if (!field(",\"caption\":", r.caption)) return false;
  out->append(",\"paragraphs\":[],\"boilerplate\":");
  if (!AppendJsonStrings(r.boilerplate, out)) return false;
  out->append(",\"warnings\":");
  if (!AppendJsonStrings(r.warnings, out)) return false;
  out->push_back('}');
  return true;
}

enum class Codec { kZlib, kZlibDictionary, kZstd };

std::string Pack(const ArticleRecord& record, std::string* body_out, std::string_view magic,
                 Codec codec) {
  std::string body = JoinParagraphs(record);
  // Layouts before KR4 keep the title's mentions in the JSON section.
  const bool title = magic == kMagic4;
  std::string json;
  if (title || record.title_entities.empty()) {
    json = RecordJsonWithoutText(record);
  } else {
    ArticleRecord rest = WithoutTextAndEntities(record);
    rest.title_entities = record.title_entities;
    json = RecordToJson(rest);
  }
  const std::string entities = PackEntities(record, magic != kMagic2, title);
  std::string raw;
  raw.reserve(magic.size() + 8 + body.size() + json.size() + entities.size());
  raw += magic;
  PutU32(static_cast<uint32_t>(body.size()), &raw);
  raw += body;
  PutU32(static_cast<uint32_t>(json.size()), &raw);
  raw += json;
  raw += entities;
  if (body_out != nullptr) *body_out = std::move(body);
  return codec == Codec::kZstd ? Compress(raw) : Deflate(raw, codec == Codec::kZlibDictionary);
}
}  // namespace

std::string RecordJsonWithoutText(const ArticleRecord& record) {
  std::string json;
  json.reserve(512);
  if (WriteRecordJsonWithoutText(record, &json)) return json;
  return RecordToJson(WithoutTextAndEntities(record));
}

std::string PackRecord(const ArticleRecord& record, std::string* body_out) {
  return Pack(record, body_out, kMagic4, Codec::kZstd);
}
std::string PackRecordV2(const ArticleRecord& record) {
  return Pack(record, nullptr, kMagic2, Codec::kZlib);
}
std::string PackRecordV3(const ArticleRecord& record) {
  return Pack(record, nullptr, kMagic3, Codec::kZlibDictionary);
}
std::string PackRecordV7(const ArticleRecord& record) {
  return Pack(record, nullptr, kMagic3, Codec::kZstd);
}

Result<std::string> UnpackRaw(std::string_view blob) { return Inflate(blob); }

Result<std::string> UnpackBody(std::string_view blob) {
  Result<std::string> raw = Inflate(blob);
  if (!raw.ok()) return raw.status();
  Parts parts;
  KHABAR_RETURN_IF_ERROR(Split(*raw, &parts));
  return std::string(parts.body);
}

Result<std::string> UnpackBodyPrefix(std::string_view blob, size_t max_bytes, bool* complete) {
  // Every layout starts with its magic and the body's length (u32), then the body (Split).
  constexpr size_t kHeader = 8;
  const size_t limit = max_bytes > kMaxUnpacked - kHeader ? kMaxUnpacked : kHeader + max_bytes;
  Result<std::string> raw = Inflate(blob, limit);
  if (!raw.ok()) return raw.status();
  const std::string_view magic = std::string_view(*raw).substr(0, 4);
  if (raw->size() < kHeader ||
      (magic != kMagic1 && magic != kMagic2 && magic != kMagic3 && magic != kMagic4)) {
    return Status::Corrupt("stored record has an unknown layout");
  }
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i)
    n |= static_cast<uint32_t>(static_cast<unsigned char>((*raw)[4 + i])) << (8 * i);
  const size_t have = raw->size() - kHeader;
  *complete = have >= n;
  if (!*complete && raw->size() < limit) return Status::Corrupt("stored record is truncated");
  raw->erase(0, kHeader);
  raw->resize(std::min<size_t>(n, std::min(have, max_bytes)));
  if (raw->size() < n) *complete = false;
  return raw;
}

namespace {
// BodyPrefixReader's inflater: one per thread, apart from Inflate's (a record may be read whole
// while a snippet's body is being inflated).
thread_local RawInflater t_reader_inflater;
thread_local ZstdDecompressor t_reader_decompressor;  // the same for records of schema version 6
thread_local const BodyPrefixReader* t_reader_owner = nullptr;
// The buffer a finished reader left for the next one on this thread (search's page reads one body
// after another): kept up to kMaxSpareBuffer bytes.
thread_local std::unique_ptr<char[]> t_spare_buffer;
thread_local size_t t_spare_capacity = 0;
constexpr size_t kMaxSpareBuffer = size_t{1} << 20;
}  // namespace

BodyPrefixReader::~BodyPrefixReader() {
  if (raw_ != nullptr && raw_capacity_ <= kMaxSpareBuffer && raw_capacity_ > t_spare_capacity) {
    t_spare_buffer = std::move(raw_);
    t_spare_capacity = raw_capacity_;
  }
}

void BodyPrefixReader::Reserve(size_t size) {
  if (size <= raw_capacity_) return;
  if (raw_ == nullptr && t_spare_buffer != nullptr) {
    raw_ = std::move(t_spare_buffer);
    raw_capacity_ = t_spare_capacity;
    t_spare_capacity = 0;
    if (size <= raw_capacity_) return;
  }
  const size_t capacity = std::min(kMaxUnpacked, std::max({size, 2 * raw_capacity_, size_t{4096}}));
  std::unique_ptr<char[]> grown(new char[capacity]);  // not zeroed: only produced_ bytes are read
  if (produced_ > 0) std::memcpy(grown.get(), raw_.get(), produced_);
  raw_ = std::move(grown);
  raw_capacity_ = capacity;
}

Status BodyPrefixReader::Extend(size_t body_bytes) {
  constexpr size_t kHeader = 8;  // magic and body length (every layout: Split)
  z_stream& z = t_reader_inflater.z;
  if (!started_) {
    zstd_ = IsZstdFrame(blob_);
    if (zstd_) {
      KHABAR_RETURN_IF_ERROR(ZstdFrameSize(blob_).status());
      if (!t_reader_decompressor.Reset()) return Status::Internal("zstd decompression failed");
    } else {
      KHABAR_RETURN_IF_ERROR(StartRawInflate(blob_, t_reader_inflater));
    }
    started_ = true;
    t_reader_owner = this;
  } else if (t_reader_owner != this && !complete_) {
    return Status::Internal("another BodyPrefixReader used this thread's inflater");
  }
  const size_t limit =
      body_bytes > kMaxUnpacked - kHeader ? kMaxUnpacked : kHeader + body_bytes;  // raw bytes
  while (!complete_ && produced_ < limit && !ended_) {
    const size_t wanted = std::min(kMaxUnpacked, std::max(limit, produced_ + 256));
    Reserve(wanted);
    if (zstd_) {
      // The frame's checksum is checked by zstd when its end is read (rc 0).
      ZSTD_inBuffer from{blob_.data(), blob_.size(), blob_read_};
      ZSTD_outBuffer to{raw_.get(), wanted, produced_};
      const size_t rc = ZSTD_decompressStream(t_reader_decompressor.dctx, &to, &from);
      const bool progress = from.pos != blob_read_ || to.pos != produced_;
      blob_read_ = from.pos;
      produced_ = to.pos;
      if (ZSTD_isError(rc) || (rc == 0 && from.pos != from.size) || (rc != 0 && !progress)) {
        return ZstdDamaged();  // damaged, followed by other bytes, or ends early
      }
      ended_ = rc == 0;
    } else {
      z.next_out = reinterpret_cast<Bytef*>(raw_.get() + produced_);
      z.avail_out = static_cast<uInt>(wanted - produced_);
      const int rc = inflate(&z, Z_NO_FLUSH);
      produced_ = wanted - z.avail_out;
      if (rc == Z_STREAM_END) {
        // The Adler-32 of the whole output follows the deflate data.
        const size_t trailer = blob_.size() - z.avail_in;
        uint32_t adler = 0;
        if (z.avail_in < 4) return ZlibDamaged();
        for (size_t i = trailer; i < trailer + 4; ++i) {
          adler = adler << 8 | static_cast<unsigned char>(blob_[i]);
        }
        if (adler != adler32(adler32(0, nullptr, 0), reinterpret_cast<const Bytef*>(raw_.get()),
                             static_cast<uInt>(produced_))) {
          return ZlibDamaged();
        }
        ended_ = true;
      } else if (rc != Z_OK || (z.avail_out > 0 && z.avail_in == 0)) {
        return ZlibDamaged();  // or ends early
      }
    }
    if (!header_ && produced_ >= kHeader) {
      const std::string_view magic(raw_.get(), 4);
      if (magic != kMagic1 && magic != kMagic2 && magic != kMagic3 && magic != kMagic4) {
        return Status::Corrupt("stored record has an unknown layout");
      }
      for (int i = 0; i < 4; ++i) {
        body_size_ |= static_cast<uint32_t>(static_cast<unsigned char>(raw_[4 + i])) << (8 * i);
      }
      header_ = true;
    }
    if (header_ && produced_ - kHeader >= body_size_) complete_ = true;
  }
  if (!complete_ && ended_) {
    return produced_ < kHeader ? Status::Corrupt("stored record has an unknown layout")
                               : Status::Corrupt("stored record is truncated");
  }
  if (!complete_ && produced_ >= kMaxUnpacked) return ZlibDamaged();  // larger than any record
  return Status::Ok();
}

std::string_view BodyPrefixReader::body() const {
  constexpr size_t kHeader = 8;
  if (!header_) return std::string_view();
  return std::string_view(raw_.get() + kHeader, std::min<size_t>(body_size_, produced_ - kHeader));
}

Result<ArticleRecord> UnpackRecord(std::string_view blob) {
  Result<std::string> raw = Inflate(blob);
  if (!raw.ok()) return raw.status();
  Parts parts;
  KHABAR_RETURN_IF_ERROR(Split(*raw, &parts));
  Result<ArticleRecord> record = RecordFromJson(parts.json);
  if (!record.ok()) return Status::Corrupt("stored record: " + record.status().message());
  size_t start = 0;
  const std::string_view body = parts.body;
  while (!body.empty() && start <= body.size()) {
    size_t nl = body.find('\n', start);
    if (nl == std::string_view::npos) nl = body.size();
    record->paragraphs.emplace_back(body.substr(start, nl - start));
    start = nl + 1;
  }
  if (parts.compact) {
    KHABAR_RETURN_IF_ERROR(UnpackEntities(parts.entities, parts.frozen, parts.title, &*record));
  }
  return record;
}

std::string PackRecordV1(const ArticleRecord& record) {
  const std::string body = JoinParagraphs(record);
  ArticleRecord rest = record;
  rest.paragraphs.clear();
  std::string raw(kMagic1);
  PutU32(static_cast<uint32_t>(body.size()), &raw);
  raw += body;
  raw += RecordToJson(rest);
  return Deflate(raw, false);
}

Status RegisterRecordFunctions(sqlite3* db) {
  if (sqlite3_create_function_v2(db, "khabar_body", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 BodyFunction, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::Internal("cannot register khabar_body()");
  }
  return Status::Ok();
}

}  // namespace khabar::store
