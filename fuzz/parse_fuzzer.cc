// Fuzz target of `khabar parse`: any bytes go through encoding detection, the dump parser, the
// reusable dateline / credit / furniture detectors and the record JSON round trip; nothing may
// crash, hang or leak, and a parsed record must survive RecordToJson -> RecordFromJson.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "khabar/encoding.h"
#include "khabar/extract.h"
#include "khabar/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto text = khabar::DecodeToUtf8(bytes);
  if (!text.ok()) return 0;
  static const khabar::extract::DumpParser parser{khabar::extract::ParseOptions{}};
  auto record = parser.Parse(text->utf8);
  const std::string_view head = std::string_view(text->utf8).substr(0, 300);
  (void)khabar::extract::FindDateline(head);
  (void)khabar::extract::FindTrailingCredit(head);
  (void)khabar::extract::IsFurniture(head);
  if (record.ok()) {
    const std::string json = khabar::RecordToJson(*record);
    auto back = khabar::RecordFromJson(json);
    if (!back.ok() || back->paragraphs != record->paragraphs || back->title != record->title) {
      std::abort();
    }
  }
  return 0;
}
