// Turning the bytes of an input into UTF-8 text.
//
//   khabar::Result<khabar::DecodedText> t = khabar::DecodeToUtf8(file_bytes);
//   if (t.ok()) Process(t->utf8);  // t->encoding says what the bytes were
//
// Detection, in order: a byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE); UTF-16 without BOM when
// NUL bytes sit in a regular pattern and the text decodes to letters; valid UTF-8; Windows-1256 when the
// bytes are not UTF-8 and their high half reads as Arabic letters (the common case in Arabic archives);
// UTF-8 with a few broken bytes, repaired with U+FFFD and a warning. Anything else (binary data, an
// unknown 8-bit code page) is an error: khabar never turns noise into text silently.
// Thread-safe; cost is linear in the input (ICU converters for everything but UTF-8).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar {

struct DecodeOptions {
  // Empty: detect. Otherwise any ICU converter name ("windows-1256", "UTF-16LE", "ISO-8859-6"...),
  // applied without detection.
  std::string encoding;
};

struct DecodedText {
  std::string utf8;                   // valid UTF-8, BOM removed
  std::string encoding;               // "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "windows-1256", ...
  std::vector<std::string> warnings;  // e.g. "3 invalid UTF-8 sequences replaced with U+FFFD"
};

// Errors: kUnsupported for binary data or an unknown encoding; kInvalidArgument for an unknown
// converter name in `options.encoding`.
Result<DecodedText> DecodeToUtf8(std::string_view bytes, const DecodeOptions& options = {});

}  // namespace khabar
