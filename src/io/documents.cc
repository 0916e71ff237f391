#include "khabar/documents.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <optional>
#include <vector>

#include "io/stream.h"

namespace khabar {
namespace {

constexpr size_t kSniffBytes = 1 << 16;
constexpr size_t kMaxHeaderLine = 1 << 16;
constexpr size_t kMaxHeaderLines = 512;

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Occurrences of `needle` (lower case, starting with a character that has no case, such as '<')
// in `hay`, ASCII letters compared without case. No copy of `hay`: it runs on every JSON Lines
// text field (up to 8 KB each time).
size_t CountOccurrencesNoCase(std::string_view hay, std::string_view needle) {
  if (needle.empty() || needle.size() > hay.size()) return 0;
  size_t n = 0;
  const char first = needle.front();
  for (size_t p = hay.find(first); p != std::string_view::npos && hay.size() - p >= needle.size();
       p = hay.find(first, p + 1)) {
    n += StartsWithNoCase(hay.substr(p), needle);
  }
  return n;
}

// Replays `prefix`, then the rest of `tail`.
class PrefixStream : public io::ByteStream {
 public:
  PrefixStream(std::string prefix, std::unique_ptr<io::ByteStream> tail)
      : prefix_(std::move(prefix)), tail_(std::move(tail)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      const size_t take = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, take);
      pos_ += take;
      position_ += take;
      return take;
    }
    Result<size_t> got = tail_->Read(buf, n);
    if (got.ok()) position_ += *got;
    return got;
  }
  uint64_t position() const override { return position_; }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  uint64_t position_ = 0;
  std::unique_ptr<io::ByteStream> tail_;
};

struct Headers {
  std::vector<std::pair<std::string, std::string>> fields;  // lower-case names
  const std::string* Get(std::string_view name) const {
    for (const auto& [k, v] : fields) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

// Parses "Name: value" lines (with folded continuation lines) from an HTTP header block.
Headers ParseHttpHeaders(std::string_view block) {
  Headers h;
  size_t pos = 0;
  while (pos < block.size()) {
    size_t nl = block.find('\n', pos);
    if (nl == std::string_view::npos) nl = block.size();
    std::string_view line = block.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !h.fields.empty()) {
      h.fields.back().second += " ";
      h.fields.back().second += Trim(line);
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    h.fields.emplace_back(Lower(Trim(line.substr(0, colon))),
                          std::string(Trim(line.substr(colon + 1))));
  }
  return h;
}

// Decodes an HTTP/1.1 chunked body; nullopt when `body` is not validly chunked.
std::optional<std::string> Dechunk(std::string_view body) {
  std::string out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view size_line = Trim(body.substr(pos, nl - pos));
    const size_t semi = size_line.find(';');
    if (semi != std::string_view::npos) size_line = size_line.substr(0, semi);
    if (size_line.empty() || size_line.size() > 8) return std::nullopt;
    size_t size = 0;
    for (char c : size_line) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      size = size * 16 +
             (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
    }
    pos = nl + 1;
    if (size == 0) return out;
    if (pos + size > body.size()) return std::nullopt;
    out.append(body.substr(pos, size));
    pos += size;
    if (pos < body.size() && body[pos] == '\r') ++pos;
    if (pos < body.size() && body[pos] == '\n') ++pos;
  }
  return out;
}

bool IsPageContentType(std::string_view type) {
  const std::string t = Lower(type);
  return t.empty() || t.find("html") != std::string::npos || StartsWithNoCase(t, "text/plain");
}

}  // namespace

std::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kAuto:
      return "auto";
    case InputFormat::kText:
      return "text";
    case InputFormat::kHtml:
      return "html";
    case InputFormat::kWarc:
      return "warc";
    case InputFormat::kJsonl:
      return "jsonl";
  }
  return "auto";
}

Result<InputFormat> ParseInputFormat(std::string_view name) {
  const std::string n = Lower(name);
  if (n == "auto") return InputFormat::kAuto;
  if (n == "text" || n == "txt" || n == "dump") return InputFormat::kText;
  if (n == "html" || n == "htm") return InputFormat::kHtml;
  if (n == "warc") return InputFormat::kWarc;
  if (n == "jsonl" || n == "json" || n == "ndjson") return InputFormat::kJsonl;
  return Status::InvalidArgument("unknown input format '" + std::string(name) +
                                 "' (expected auto, text, html, warc or jsonl)");
}

InputFormat DetectFormat(std::string_view head, std::string_view path) {
  std::string_view s = head;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  if (s.substr(0, 7) == "WARC/1." || s.substr(0, 6) == "WARC/0") return InputFormat::kWarc;
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  s.remove_prefix(i);
  const std::string p = Lower(path);
  std::string_view ext = p;
  if (EndsWith(ext, ".gz")) ext.remove_suffix(3);
  if (!s.empty() && s[0] == '{') {
    // A JSON object line: it ends with '}' on its own line or the file is named as JSON.
    const size_t nl = s.find('\n');
    std::string_view first = Trim(s.substr(0, nl));
    if (EndsWith(ext, ".jsonl") || EndsWith(ext, ".ndjson") || EndsWith(ext, ".json") ||
        (!first.empty() && first.back() == '}') || nl == std::string_view::npos) {
      if (first.size() > 1 &&
          (first[1] == '"' || first[1] == ' ' || first[1] == '}' || first[1] == '\t')) {
        return InputFormat::kJsonl;
      }
      if (first.size() == 1) return InputFormat::kJsonl;
    }
    // A pretty-printed object (`khabar parse --pretty`): "{" alone, then a key.
    if (first == "{" && nl != std::string_view::npos && Trim(s.substr(nl + 1)).starts_with('"')) {
      return InputFormat::kJsonl;
    }
  }
  if (!s.empty() && s[0] == '[') {
    // A JSON array of objects (an export as `[{...}, {...}]`, on one line or pretty-printed).
    size_t k = 1;
    while (k < s.size() && std::isspace(static_cast<unsigned char>(s[k]))) ++k;
    if (k < s.size() && (s[k] == '{' || s[k] == ']')) return InputFormat::kJsonl;
  }
  if (!s.empty() && s[0] == '<') {
    static constexpr std::string_view kOpeners[] = {
        "<!doctype html", "<html", "<head", "<body",  "<meta", "<article",
        "<div",           "<!--",  "<?xml", "<title", "<link", "<script"};
    for (std::string_view o : kOpeners) {
      if (StartsWithNoCase(s, o)) {
        if (o != "<?xml" && o != "<!--") return InputFormat::kHtml;
        if (CountOccurrencesNoCase(s.substr(0, 4096), "<html") > 0) return InputFormat::kHtml;
      }
    }
    const std::string_view window = s.substr(0, 8192);
    const size_t tags =
        CountOccurrencesNoCase(window, "<p") + CountOccurrencesNoCase(window, "<div") +
        CountOccurrencesNoCase(window, "<span") + CountOccurrencesNoCase(window, "<br");
    if (tags >= 3) return InputFormat::kHtml;
  }
  if (EndsWith(ext, ".html") || EndsWith(ext, ".htm") || EndsWith(ext, ".xhtml")) {
    if (CountOccurrencesNoCase(s.substr(0, 8192), "</") >= 2) return InputFormat::kHtml;
  }
  if (!s.empty() && CountOccurrencesNoCase(s.substr(0, 4096), "<html") > 0 &&
      CountOccurrencesNoCase(s.substr(0, 8192), "<body") > 0) {
    return InputFormat::kHtml;
  }
  return InputFormat::kText;
}

// ---------------------------------------------------------------------------------------------

struct DocumentReader::Impl {
  std::string path;
  ReaderOptions options;
  ReaderStats stats;
  std::string_view memory;
  bool from_memory = false;

  bool opened = false;
  bool finished = false;
  std::unique_ptr<io::ByteStream> raw;   // file or memory (with sniffed prefix)
  std::unique_ptr<io::GzipStream> gzip;  // when compressed (owns `raw`' successor)
  std::unique_ptr<io::BufferedReader> in;
  uint64_t line_number = 0;
  // JSON that is not one object per line (a JSON array, a pretty-printed object): read whole and
  // split into its objects, each with the line it starts on (or an error there).
  struct JsonItem {
    uint64_t line = 0;
    std::string bytes;
    Status error;
  };
  std::deque<JsonItem> json_items;
  bool json_whole = false;
  std::string pending_warc_line;  // a "WARC/..." line met while resynchronizing
  uint64_t pending_offset = 0;
  bool have_pending_line = false;

  void Start(InputDocument* doc) {
    doc->path = path;
    doc->locator.clear();
    doc->url.clear();
    doc->fetched_at.clear();
    doc->content_type.clear();
    doc->format = InputFormat::kText;
    doc->bytes.clear();
    doc->error = Status::Ok();
  }

  bool Fail(InputDocument* doc, Status status, std::string locator = "") {
    doc->bytes.clear();
    doc->error = std::move(status);
    doc->locator = std::move(locator);
    ++stats.errors;
    return true;
  }

  Status Open() {
    opened = true;
    std::unique_ptr<io::ByteStream> base;
    if (from_memory) {
      base = std::make_unique<io::MemoryStream>(memory);
    } else {
      Result<std::unique_ptr<io::FileStream>> f = io::FileStream::Open(path);
      if (!f.ok()) return f.status();
      base = std::move(*f);
    }
    // Sniff the first bytes for gzip, replaying them afterwards.
    std::string head(18, '\0');
    size_t have = 0;
    while (have < head.size()) {
      Result<size_t> got = base->Read(head.data() + have, head.size() - have);
      if (!got.ok()) return got.status();
      if (*got == 0) break;
      have += *got;
    }
    head.resize(have);
    const bool compressed = io::LooksGzip(head);
    raw = std::make_unique<PrefixStream>(std::move(head), std::move(base));
    if (compressed) {
      stats.gzip = true;
      gzip = std::make_unique<io::GzipStream>(std::move(raw));
      in = std::make_unique<io::BufferedReader>(gzip.get());
    } else {
      in = std::make_unique<io::BufferedReader>(raw.get());
    }
    stats.format = options.format;
    if (stats.format == InputFormat::kAuto) {
      Result<std::string_view> peek = in->Peek(kSniffBytes);
      if (!peek.ok()) return peek.status();
      stats.format = DetectFormat(*peek, path);
    }
    return Status::Ok();
  }

  std::string RecordLocator(uint64_t offset) const {
    if (gzip != nullptr) {
      if (std::optional<uint64_t> member = gzip->MemberStartingAt(offset)) {
        return "offset " + std::to_string(*member);
      }
      return "offset " + std::to_string(offset) + " (decompressed)";
    }
    return "offset " + std::to_string(offset);
  }

  bool NextWhole(InputDocument* doc) {
    finished = true;
    doc->format = stats.format;
    // Through `in`, so that a fault met while sniffing (a truncated gzip file) is reported, not
    // mistaken for the end of the file.
    constexpr size_t kChunk = size_t{1} << 20;
    std::string bytes;
    for (;;) {
      Result<size_t> got = in->ReadExact(kChunk, &bytes);
      if (!got.ok()) return Fail(doc, got.status());
      if (bytes.size() > options.max_document_bytes) {
        return Fail(doc,
                    Status::Unsupported("input larger than " +
                                        std::to_string(options.max_document_bytes) + " bytes"));
      }
      if (*got < kChunk) break;
    }
    doc->bytes = std::move(bytes);
    ++stats.documents;
    return true;
  }

  bool NextJsonLine(InputDocument* doc) {
    std::string line;
    for (;;) {
      ++line_number;
      Result<bool> got = in->ReadLine(&line, options.max_line_bytes);
      if (!got.ok()) return Fail(doc, got.status(), "line " + std::to_string(line_number));
      if (!*got) {
        finished = true;
        return false;
      }
      std::string_view t = Trim(line);
      if (line_number == 1 && t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
      if (t.empty()) {
        ++stats.blank_lines;
        continue;
      }
      if (stats.documents == 0 && stats.errors == 0 && (t.starts_with("[") || t == "{")) {
        Status read = ReadJsonWhole(t);
        if (!read.ok()) return Fail(doc, std::move(read), "line " + std::to_string(line_number));
        return NextJsonItem(doc);
      }
      doc->format = InputFormat::kJsonl;
      doc->locator = "line " + std::to_string(line_number);
      doc->bytes.assign(t);
      ++stats.documents;
      return true;
    }
  }

  // The rest of the input from `first` (the current line) on, split into its top-level objects:
  // those of a JSON array (`[{...}, {...}]`) or a sequence of objects over several lines.
  Status ReadJsonWhole(std::string_view first) {
    json_whole = true;
    const uint64_t first_line = line_number;
    std::string text(first), line;
    for (;;) {
      Result<bool> got = in->ReadLine(&line, options.max_line_bytes);
      if (!got.ok()) return got.status();
      if (!*got) break;
      text += '\n';
      text += line;
      if (text.size() > options.max_document_bytes) {
        return Status::Unsupported("JSON larger than " +
                                   std::to_string(options.max_document_bytes) + " bytes");
      }
    }
    size_t i = 0;
    uint64_t at = first_line;
    auto skip = [&](bool commas) {
      while (i < text.size() &&
             (std::isspace(static_cast<unsigned char>(text[i])) || (commas && text[i] == ','))) {
        at += text[i] == '\n';
        ++i;
      }
    };
    auto fail = [&](uint64_t where, std::string what) {
      json_items.push_back({where, "", Status::InvalidArgument(std::move(what))});
    };
    skip(false);
    const bool array = i < text.size() && text[i] == '[';
    if (array) ++i;
    for (;;) {
      skip(array);
      if (i >= text.size()) {
        if (array) fail(at, "malformed JSON: the array is not closed");
        return Status::Ok();
      }
      if (array && text[i] == ']') {
        ++i;
        skip(false);
        if (i < text.size()) fail(at, "malformed JSON: text after the array");
        return Status::Ok();
      }
      if (text[i] != '{') {
        fail(at, "malformed JSON: not an object");
        return Status::Ok();
      }
      const size_t start = i;
      const uint64_t start_line = at;
      int depth = 0;
      bool in_string = false, escaped = false;
      for (; i < text.size(); ++i) {
        const char c = text[i];
        at += c == '\n';
        if (in_string) {
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            in_string = false;
          }
        } else if (c == '"') {
          in_string = true;
        } else if (c == '{' || c == '[') {
          ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
          ++i;
          break;
        }
      }
      if (depth != 0) {
        fail(start_line, "malformed JSON: the object is not closed");
        return Status::Ok();
      }
      json_items.push_back({start_line, text.substr(start, i - start), Status::Ok()});
    }
  }

  bool NextJsonItem(InputDocument* doc) {
    if (json_items.empty()) {
      finished = true;
      return false;
    }
    JsonItem item = std::move(json_items.front());
    json_items.pop_front();
    if (!item.error.ok())
      return Fail(doc, std::move(item.error), "line " + std::to_string(item.line));
    doc->format = InputFormat::kJsonl;
    doc->locator = "line " + std::to_string(item.line);
    doc->bytes = std::move(item.bytes);
    ++stats.documents;
    return true;
  }

  // Reads lines until one starts a WARC record; false at the end of input.
  bool ResyncWarc() {
    std::string line;
    for (;;) {
      const uint64_t offset = in->offset();
      Result<bool> got = in->ReadLine(&line, kMaxHeaderLine);
      if (!got.ok()) continue;  // an over-long line or a gzip fault: keep scanning
      if (!*got) return false;
      // After a gzip fault the tail of the broken member may precede the next record on one line.
      const size_t at = line.find("WARC/1.");
      if (at != std::string::npos) {
        pending_warc_line = line.substr(at);
        pending_offset = offset + at;
        have_pending_line = true;
        return true;
      }
    }
  }

  bool NextWarc(InputDocument* doc) {
    for (;;) {
      std::string line;
      uint64_t record_offset = in->offset();
      if (have_pending_line) {
        line = std::move(pending_warc_line);
        have_pending_line = false;
        record_offset = pending_offset;
      } else {
        // Skip blank lines between records.
        size_t blanks = 0;
        for (;;) {
          record_offset = in->offset();
          Result<bool> got = in->ReadLine(&line, kMaxHeaderLine);
          if (!got.ok()) {
            const std::string loc = RecordLocator(record_offset);
            ResyncWarc();
            return Fail(doc, got.status(), loc);
          }
          if (!*got) {
            finished = true;
            return false;
          }
          if (!line.empty() || ++blanks > 16) break;
        }
      }
      const std::string loc = RecordLocator(record_offset);
      if (line.rfind("WARC/", 0) != 0) {
        Status s = Status::Corrupt("not a WARC record header: '" + line.substr(0, 40) + "'");
        if (!ResyncWarc()) finished = true;
        return Fail(doc, std::move(s), loc);
      }
      // Header fields up to the blank line.
      std::string header_block;
      bool header_done = false;
      for (size_t n = 0; n < kMaxHeaderLines; ++n) {
        Result<bool> got = in->ReadLine(&line, kMaxHeaderLine);
        if (!got.ok()) {
          ResyncWarc();
          return Fail(doc, got.status(), loc);
        }
        if (!*got) break;
        if (line.empty()) {
          header_done = true;
          break;
        }
        if (line.rfind("WARC/1.", 0) == 0) {  // a new record began: this one has no body
          pending_warc_line = line;
          pending_offset = in->offset() - line.size() - 1;
          have_pending_line = true;
          break;
        }
        header_block += line;
        header_block += '\n';
      }
      if (!header_done) {
        if (!have_pending_line && !in->eof()) ResyncWarc();
        if (!have_pending_line) finished = in->eof();
        return Fail(doc, Status::Corrupt("truncated or malformed WARC header"), loc);
      }
      const Headers warc = ParseHttpHeaders(header_block);
      const std::string* length_field = warc.Get("content-length");
      uint64_t length = 0;
      bool length_ok =
          length_field != nullptr && !length_field->empty() && length_field->size() < 19;
      if (length_ok) {
        for (char c : *length_field) {
          if (!std::isdigit(static_cast<unsigned char>(c))) length_ok = false;
          length = length * 10 + static_cast<uint64_t>(c - '0');
        }
      }
      if (!length_ok) {
        if (!ResyncWarc()) finished = true;
        return Fail(doc, Status::Corrupt("WARC record without a valid Content-Length"), loc);
      }
      const std::string* type_field = warc.Get("warc-type");
      const std::string type = type_field != nullptr ? Lower(*type_field) : "";
      const bool wanted = type == "response" || type == "resource";
      if (!wanted || length > options.max_document_bytes) {
        Result<size_t> skipped = in->Skip(length);
        if (!skipped.ok()) {
          ResyncWarc();
          return Fail(doc, skipped.status(), loc);
        }
        if (*skipped < length) {
          finished = true;
          return Fail(doc,
                      Status::Corrupt("truncated WARC record: " + std::to_string(*skipped) +
                                      " of " + std::to_string(length) + " bytes"),
                      loc);
        }
        if (wanted) {
          return Fail(doc,
                      Status::Unsupported("WARC record payload larger than " +
                                          std::to_string(options.max_document_bytes) + " bytes"),
                      loc);
        }
        ++stats.skipped_records;
        continue;
      }
      std::string block;
      block.reserve(length);
      Result<size_t> got = in->ReadExact(length, &block);
      if (!got.ok()) {
        ResyncWarc();
        return Fail(doc, got.status(), loc);
      }
      if (*got < length) {
        finished = true;
        return Fail(doc,
                    Status::Corrupt("truncated WARC record: " + std::to_string(*got) + " of " +
                                    std::to_string(length) + " bytes"),
                    loc);
      }
      doc->locator = loc;
      if (const std::string* uri = warc.Get("warc-target-uri")) {
        std::string_view u = *uri;
        if (u.size() >= 2 && u.front() == '<' && u.back() == '>') u = u.substr(1, u.size() - 2);
        doc->url.assign(u);
      }
      if (const std::string* date = warc.Get("warc-date")) doc->fetched_at = *date;
      const std::string* block_type = warc.Get("content-type");
      std::string_view payload = block;
      std::string content_type = block_type != nullptr ? *block_type : "";
      std::string decoded;
      if (type == "response" &&
          (StartsWithNoCase(content_type, "application/http") || payload.substr(0, 5) == "HTTP/")) {
        size_t end = payload.find("\r\n\r\n");
        size_t sep = 4;
        if (end == std::string_view::npos) {
          end = payload.find("\n\n");
          sep = 2;
        }
        if (end == std::string_view::npos) {
          return Fail(doc, Status::Corrupt("WARC response without an HTTP header"), loc);
        }
        const std::string_view http = payload.substr(0, end);
        payload.remove_prefix(end + sep);
        const size_t first_nl = http.find('\n');
        const std::string_view status_line = http.substr(0, first_nl);
        const size_t sp = status_line.find(' ');
        const std::string_view code =
            sp == std::string_view::npos ? std::string_view() : Trim(status_line.substr(sp + 1, 3));
        const Headers h =
            ParseHttpHeaders(first_nl == std::string_view::npos ? "" : http.substr(first_nl + 1));
        if (code.empty() || code[0] != '2') {
          ++stats.skipped_payloads;
          continue;
        }
        const std::string* ct = h.Get("content-type");
        content_type = ct != nullptr ? *ct : "";
        const std::string* te = h.Get("transfer-encoding");
        if (te != nullptr && Lower(*te).find("chunked") != std::string::npos) {
          if (std::optional<std::string> d = Dechunk(payload)) {
            decoded = std::move(*d);
            payload = decoded;
          }
        }
        const std::string* ce = h.Get("content-encoding");
        if (ce != nullptr) {
          const std::string enc = Lower(*ce);
          if (enc.find("gzip") != std::string::npos || enc.find("deflate") != std::string::npos) {
            Result<std::string> inflated = io::InflateBytes(payload, options.max_document_bytes);
            if (!inflated.ok()) return Fail(doc, inflated.status(), loc);
            decoded = std::move(*inflated);
            payload = decoded;
          }
        }
      }
      if (!IsPageContentType(content_type)) {
        ++stats.skipped_payloads;
        continue;
      }
      doc->content_type = content_type;
      const std::string lower_type = Lower(content_type);
      doc->format = lower_type.find("html") != std::string::npos
                        ? InputFormat::kHtml
                        : DetectFormat(payload.substr(0, kSniffBytes), doc->url);
      if (doc->format == InputFormat::kWarc) doc->format = InputFormat::kText;
      if (payload.data() == block.data() && payload.size() == block.size()) {
        doc->bytes = std::move(block);
      } else {
        doc->bytes.assign(payload);
      }
      ++stats.documents;
      return true;
    }
  }
};

DocumentReader::DocumentReader(std::string path, ReaderOptions options) : impl_(new Impl) {
  impl_->path = std::move(path);
  impl_->options = options;
}

std::unique_ptr<DocumentReader> DocumentReader::FromMemory(std::string path, std::string_view data,
                                                           ReaderOptions options) {
  auto reader = std::make_unique<DocumentReader>(std::move(path), options);
  reader->impl_->memory = data;
  reader->impl_->from_memory = true;
  return reader;
}

DocumentReader::~DocumentReader() = default;

const ReaderStats& DocumentReader::stats() const { return impl_->stats; }

bool DocumentReader::Next(InputDocument* doc) {
  Impl& m = *impl_;
  if (m.finished) return false;
  m.Start(doc);
  if (!m.opened) {
    Status s = m.Open();
    if (!s.ok()) {
      m.finished = true;
      return m.Fail(doc, std::move(s));
    }
  }
  switch (m.stats.format) {
    case InputFormat::kWarc:
      return m.NextWarc(doc);
    case InputFormat::kJsonl:
      return m.json_whole ? m.NextJsonItem(doc) : m.NextJsonLine(doc);
    default:
      return m.NextWhole(doc);
  }
}

}  // namespace khabar
