// Fuzz target: one JSON Lines object through the field mapping (default map) into a record.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khabar/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  khabar::pipeline::PipelineOptions options;
  options.reference_unix_seconds = 1700000000;
  (void)khabar::pipeline::MapJsonRecord(std::string_view(reinterpret_cast<const char*>(data), size),
                                        khabar::SourceInfo{}, options);
  return 0;
}
