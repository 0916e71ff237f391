#include "khabar/encoding.h"

#include <unicode/ucnv.h>

#include <memory>

#include "base/utf8.h"

namespace khabar {
namespace {

// Converts `bytes` from `charset` to UTF-8 with ICU; malformed input becomes U+FFFD (counted).
Result<std::string> ConvertWithIcu(std::string_view bytes, const char* charset, size_t* substituted) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> from(ucnv_open(charset, &err), ucnv_close);
  if (U_FAILURE(err)) return Status::InvalidArgument(std::string("unknown encoding: ") + charset);
  std::unique_ptr<UConverter, void (*)(UConverter*)> to(ucnv_open("UTF-8", &err), ucnv_close);
  if (U_FAILURE(err)) return Status::Internal("ICU has no UTF-8 converter");
  std::string out(bytes.size() * 3 + 16, '\0');
  char* target = out.data();
  const char* source = bytes.data();
  ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, /*reset=*/true,
                 /*flush=*/true, &err);
  if (U_FAILURE(err)) {
    return Status::Corrupt(std::string("cannot convert from ") + charset + ": " + u_errorName(err));
  }
  out.resize(target - out.data());
  if (substituted) {
    size_t n = 0;
    for (size_t p = out.find("\xEF\xBF\xBD"); p != std::string::npos; p = out.find("\xEF\xBF\xBD", p + 3)) ++n;
    *substituted = n;
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Share of C0 control bytes that never occur in text (not TAB, LF, VT, FF, CR, ESC).
double ControlByteRatio(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B) ++n;
  }
  return s.empty() ? 0.0 : static_cast<double>(n) / s.size();
}

// UTF-16 without a BOM: one byte of most code units in a fixed lane is NUL (ASCII) or 0x06 (Arabic).
const char* GuessBomlessUtf16(std::string_view s) {
  if (s.size() < 4 || s.size() % 2 != 0) return nullptr;
  size_t even_hits = 0, odd_hits = 0, units = s.size() / 2;
  for (size_t i = 0; i + 1 < s.size(); i += 2) {
    unsigned char a = s[i], b = s[i + 1];
    if (b == 0x00 || b == 0x06) ++odd_hits;   // little-endian: high byte second
    if (a == 0x00 || a == 0x06) ++even_hits;  // big-endian: high byte first
  }
  if (odd_hits * 10 >= units * 9 && even_hits * 10 < units * 5) return "UTF-16LE";
  if (even_hits * 10 >= units * 9 && odd_hits * 10 < units * 5) return "UTF-16BE";
  return nullptr;
}

// Windows-1256 puts Arabic letters at 0xC1..0xFE (with a few Latin letters interleaved) and
// punctuation such as ، ؛ ؟ at 0xA1, 0xBA, 0xBF. Returns true when the high bytes look like that.
bool LooksLikeWindows1256(std::string_view s) {
  size_t high = 0, arabic = 0;
  for (unsigned char c : s) {
    if (c < 0x80) continue;
    ++high;
    if ((c >= 0xC1 && c <= 0xDF && c != 0xD7) || c == 0xE1 || (c >= 0xE3 && c <= 0xE6) ||
        c == 0xEC || c == 0xED || (c >= 0xF0 && c <= 0xF3) || c == 0xF5 || c == 0xF6 || c == 0xF8 ||
        c == 0xFA || c == 0xA1 || c == 0xBA || c == 0xBF || c == 0xDC) {
      ++arabic;
    }
  }
  return high > 0 && arabic * 10 >= high * 7;
}

Result<DecodedText> Decode(std::string_view bytes, const char* charset, std::string name,
                           size_t skip) {
  size_t substituted = 0;
  Result<std::string> text = ConvertWithIcu(bytes.substr(skip), charset, &substituted);
  if (!text.ok()) return text.status();
  DecodedText out{*std::move(text), std::move(name), {}};
  if (substituted > 0) {
    out.warnings.push_back(std::to_string(substituted) + " bytes not valid in " + out.encoding +
                           " replaced with U+FFFD");
  }
  return out;
}

}  // namespace

Result<DecodedText> DecodeToUtf8(std::string_view bytes, const DecodeOptions& options) {
  if (!options.encoding.empty()) return Decode(bytes, options.encoding.c_str(), options.encoding, 0);

  if (StartsWith(bytes, "\xEF\xBB\xBF")) {
    std::string_view rest = bytes.substr(3);
    if (utf8::IsValid(rest)) return DecodedText{std::string(rest), "UTF-8 (BOM)", {}};
    size_t replaced = 0;
    DecodedText out{utf8::Repair(rest, &replaced), "UTF-8 (BOM)", {}};
    out.warnings.push_back(std::to_string(replaced) + " invalid UTF-8 sequences replaced with U+FFFD");
    return out;
  }
  if (StartsWith(bytes, std::string_view("\xFF\xFE\x00\x00", 4))) return Decode(bytes, "UTF-32LE", "UTF-32LE", 4);
  if (StartsWith(bytes, std::string_view("\x00\x00\xFE\xFF", 4))) return Decode(bytes, "UTF-32BE", "UTF-32BE", 4);
  if (StartsWith(bytes, "\xFF\xFE")) return Decode(bytes, "UTF-16LE", "UTF-16LE", 2);
  if (StartsWith(bytes, "\xFE\xFF")) return Decode(bytes, "UTF-16BE", "UTF-16BE", 2);

  if (bytes.find('\0') != std::string_view::npos) {
    if (const char* utf16 = GuessBomlessUtf16(bytes)) return Decode(bytes, utf16, utf16, 0);
    return Status::Unsupported("binary data (NUL bytes)");
  }
  if (ControlByteRatio(bytes.substr(0, 1 << 16)) > 0.01) {
    return Status::Unsupported("binary data (control bytes)");
  }
  if (utf8::IsValid(bytes)) return DecodedText{std::string(bytes), "UTF-8", {}};

  size_t replaced = 0;
  std::string repaired = utf8::Repair(bytes, &replaced);
  // A handful of broken sequences in otherwise UTF-8 text (a truncated scrape) is repaired; a text
  // whose high bytes are mostly invalid is in a legacy code page.
  size_t high = 0;
  for (unsigned char c : bytes) high += c >= 0x80;
  if (replaced * 50 < high) {
    DecodedText out{std::move(repaired), "UTF-8", {}};
    out.warnings.push_back(std::to_string(replaced) + " invalid UTF-8 sequences replaced with U+FFFD");
    return out;
  }
  if (LooksLikeWindows1256(bytes)) return Decode(bytes, "windows-1256", "windows-1256", 0);
  return Status::Unsupported("unknown text encoding (not UTF-8, UTF-16 or Windows-1256); "
                             "name it with --encoding");
}

}  // namespace khabar
