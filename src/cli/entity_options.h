// The recognizer of commands that find entities (ner, ingest, parse --entities), with the user's
// own knowledge-base file (--kb FILE) when given (internal to the cli module).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "khabar/kb.h"
#include "khabar/ner.h"
#include "khabar/status.h"

namespace khabar::cli {

class EntityRecognizer {
 public:
  // No `kb_paths`: the shipped tagger and KB (ner::Recognizer::Default()). Otherwise the built-in
  // KB extended with the files in order (kb::KnowledgeBase::WithUserFiles): errors name file and
  // line, an id two rows define is an error naming both.
  static Result<std::unique_ptr<EntityRecognizer>> Load(const std::vector<std::string>& kb_paths);
  // Valid as long as this object lives; thread-safe (const methods).
  const ner::Recognizer* get() const { return recognizer_; }

 private:
  std::unique_ptr<kb::KnowledgeBase> kb_;
  std::unique_ptr<ner::Recognizer> owned_;
  const ner::Recognizer* recognizer_ = nullptr;
};

}  // namespace khabar::cli
