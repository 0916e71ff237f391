// Fuzz target for the tokenizer, sentence splitter and analyzer: any bytes in; tokens and
// sentences are ordered, inside the input and consistent with their offsets; segmentation parts
// concatenate to the key.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "khabar/text.h"

namespace {
void Check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t prev_byte = 0, prev_char = 0;
  for (const khabar::text::Token& t : khabar::text::Tokenize(input)) {
    Check(t.byte_begin >= prev_byte && t.byte_begin < t.byte_end && t.byte_end <= size);
    Check(t.char_begin >= prev_char && t.char_begin < t.char_end);
    Check(t.surface == input.substr(t.byte_begin, t.byte_end - t.byte_begin));
    Check(t.char_end - t.char_begin == khabar::utf8::CountCodePoints(t.surface));
    prev_byte = t.byte_end;
    prev_char = t.char_end;
  }
  prev_byte = 0;
  for (const khabar::text::Sentence& s : khabar::text::SplitSentences(input)) {
    Check(s.byte_begin >= prev_byte && s.byte_begin < s.byte_end && s.byte_end <= size);
    Check(s.char_begin < s.char_end);
    prev_byte = s.byte_end;
  }
  khabar::text::Analyzer::Default().Analyze(input, [](const khabar::text::TokenAnalysis& t) {
    Check(khabar::utf8::IsValid(t.clean) && khabar::utf8::IsValid(t.key));
    Check(t.base.size() >= t.stem.size());
    if (t.token.kind == khabar::text::TokenKind::kWord) {
      std::string parts(t.proclitics);
      parts += t.base;
      parts += t.enclitic;
      Check(parts == t.key);
    }
  });
  return 0;
}
