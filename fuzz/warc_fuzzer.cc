// Fuzz target: the document reader over arbitrary bytes (format sniffing, gzip members, WARC
// records, JSON Lines), reading every document to the end. Must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khabar/documents.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  khabar::ReaderOptions options;
  options.max_document_bytes = 1 << 20;
  options.max_line_bytes = 1 << 16;
  for (khabar::InputFormat format : {khabar::InputFormat::kAuto, khabar::InputFormat::kWarc}) {
    options.format = format;
    auto reader = khabar::DocumentReader::FromMemory("fuzz", bytes, options);
    khabar::InputDocument doc;
    size_t n = 0;
    while (reader->Next(&doc) && ++n < 100000) {
    }
  }
  return 0;
}
