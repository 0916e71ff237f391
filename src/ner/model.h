// The weights of the NER tagger and Viterbi decoding (internal to src/ner).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/ner.h"
#include "khabar/status.h"
#include "ner/features.h"

namespace khabar::ner {

// Transition scores: rows are the previous tag (kNumTags = sentence start), columns the next tag.
// Transitions IOB2 forbids (O->I-X, B-X->I-Y, I-X->I-Y with X!=Y, start->I-X) are never taken.
struct Transitions {
  float score[kNumTags + 1][kNumTags] = {};
  static bool Allowed(int prev, int next);  // prev == kNumTags means sentence start
};

// Viterbi over `n` tokens with emission scores emit[i * kNumTags + tag]. Writes the best allowed
// tag sequence to out[0..n). When `confidence` is non-null, also writes for each token the logistic
// of (best total score - best total score with that token tagged otherwise) / `scale`.
void Viterbi(const float* emit, size_t n, const Transitions& trans, Tag* out,
             double* confidence = nullptr, double scale = 1.0);

class Model {
 public:
  // Parses the text format (docs/ner.md). kCorrupt with a line number on malformed input.
  static Result<std::unique_ptr<Model>> Parse(std::string_view text);

  // Weights of feature `key` (kNumTags floats) or nullptr when the model does not have it.
  const float* Find(uint64_t key) const {
    uint64_t k = key ? key : 1;
    size_t i = static_cast<size_t>(k) & mask_;
    while (true) {
      const Slot& s = slots_[i];
      if (s.key == k) return s.w;
      if (s.key == 0) return nullptr;
      i = (i + 1) & mask_;
    }
  }

  // Emission scores of every token of a sentence.
  void Emissions(std::span<const internal::TokenAtoms> atoms, std::vector<float>* emit) const;

  const Transitions& transitions() const { return trans_; }
  double confidence_scale() const { return confidence_scale_; }
  float entity_bias() const { return entity_bias_; }
  size_t num_features() const { return count_; }
  const std::string& text() const { return text_; }

 private:
  struct Slot {
    uint64_t key = 0;
    float w[kNumTags] = {};
  };
  void Insert(uint64_t key, const float* w);

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
  Transitions trans_;
  double confidence_scale_ = 1.0;
  float entity_bias_ = 0.0f;  // added to every non-O emission (recall/precision balance)
  std::string text_;
};

}  // namespace khabar::ner
