// Fuzz target: arbitrary text through entity recognition and linking (tokenize, tag, document
// pass, every linker rule), as `khabar ner` runs it on a record's paragraphs.
//
// Input: the first 8 bytes are the publication date (YYYYMMDD, any bytes: ContextOf must reject
// what is not a date), the next 2 the outlet country; the rest is split into paragraphs at '\n'.
// Checks that every mention lies inside its paragraph, with an id and a confidence in [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "khabar/ner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string date = "0000-00-00";
  std::string_view country;
  if (in.size() >= 10) {
    date = std::string(in.substr(0, 4)) + "-" + std::string(in.substr(4, 2)) + "-" +
           std::string(in.substr(6, 2));
    country = in.substr(8, 2);
    in.remove_prefix(10);
  }
  std::vector<std::string> paragraphs;
  size_t start = 0;
  while (start <= in.size()) {
    size_t nl = in.find('\n', start);
    if (nl == std::string_view::npos) nl = in.size();
    paragraphs.emplace_back(in.substr(start, nl - start));
    start = nl + 1;
  }
  const khabar::ner::DocumentContext context = khabar::ner::ContextOf(date, country);
  const std::vector<khabar::ner::Mention> mentions =
      khabar::ner::Recognizer::Default().Recognize(paragraphs, context);
  for (const khabar::ner::Mention& m : mentions) {
    if (m.paragraph >= paragraphs.size() || m.begin > m.end) std::abort();
    const std::string& p = paragraphs[m.paragraph];
    if (m.end > khabar::utf8::CountCodePoints(p)) std::abort();
    if (m.confidence < 0 || m.confidence > 1 || m.id.empty()) std::abort();
  }
  (void)khabar::ner::CountEntities(mentions);
  return 0;
}
