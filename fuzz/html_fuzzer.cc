// Fuzz target: HTML pages through the whole extractor (gumbo parse, metadata, content selection,
// dates, datelines). Must never crash, hang or leak whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khabar/html.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  khabar::extract::HtmlOptions options;
  options.source.url = "https://www.youm7.com/story/1";
  options.reference_unix_seconds = 1700000000;
  (void)khabar::extract::ExtractHtml(std::string_view(reinterpret_cast<const char*>(data), size),
                                     options);
  return 0;
}
