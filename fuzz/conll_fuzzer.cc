// Fuzz target for the CoNLL reader and the tagger behind `khabar ner --conll` / `khabar eval ner`.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "khabar/ner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool require : {false, true}) {
    khabar::ner::ConllReadOptions opt;
    opt.require_tags = require;
    auto sentences = khabar::ner::ReadConll(text, opt);
    if (!sentences.ok()) continue;
    std::vector<std::vector<khabar::ner::Tag>> tags;
    for (const auto& s : *sentences) {
      tags.push_back(s.tags);
      khabar::ner::RepairBio(tags.back());
      (void)khabar::ner::SpansFromTags(tags.back());
    }
    (void)khabar::ner::WriteConll(*sentences, tags);
    if (require) {
      auto e = khabar::ner::EvaluateConll(*sentences, *sentences);
      if (e.ok() && e->overall.gold != e->overall.correct) __builtin_trap();
    }
  }
  return 0;
}
