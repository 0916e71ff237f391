#include "cli/entity_options.h"

namespace khabar::cli {

Result<std::unique_ptr<EntityRecognizer>> EntityRecognizer::Load(
    const std::vector<std::string>& kb_paths) {
  auto out = std::make_unique<EntityRecognizer>();
  if (kb_paths.empty()) {
    out->recognizer_ = &ner::Recognizer::Default();
    return out;
  }
  Result<std::unique_ptr<kb::KnowledgeBase>> k =
      kb::KnowledgeBase::WithUserFiles(kb::KnowledgeBase::Default(), kb_paths);
  if (!k.ok()) return k.status();
  out->kb_ = std::move(*k);
  out->owned_ = std::make_unique<ner::Recognizer>(&ner::Tagger::Default(), out->kb_.get());
  out->recognizer_ = out->owned_.get();
  return out;
}

}  // namespace khabar::cli
