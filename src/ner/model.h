// The weights of the NER tagger and Viterbi decoding (internal to src/ner).
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
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
// Computed nine tags at a time (vector lanes); the same float operations as ViterbiPlain, so the
// same tags and confidences bit for bit (ViterbiTest.LanesEqualPlain).
// `position_trans`: as for ViterbiPlain.
void Viterbi(const float* emit, size_t n, const Transitions& trans, Tag* out,
             double* confidence = nullptr, double scale = 1.0,
             const float* position_trans = nullptr);
// The plain loops over (previous, next) tag pairs: the reference Viterbi is checked against.
// With `position_trans` (a model with edge features, Model::PositionTransitions), the score of the
// transition from tag p at token i-1 into tag t at token i (i >= 1) is
// position_trans[i * kPositionTransFloats + p * kTransRow + t] instead of trans.score[p][t]; the
// start row is trans's. Those rows must hold -inf for the transitions IOB2 forbids and in lanes
// kNumTags..kTransRow-1 (MaskPositionTransitions), which the lane-wise Viterbi adds as they are,
// and no -0 or NaN anywhere.
void ViterbiPlain(const float* emit, size_t n, const Transitions& trans, Tag* out,
                  double* confidence = nullptr, double scale = 1.0,
                  const float* position_trans = nullptr);
// Per-position transition rows: kNumTags rows (previous tag) of kTransRow floats per token.
constexpr int kTransRow = 12;
constexpr size_t kPositionTransFloats = kNumTags * kTransRow;
// Writes the kPositionTransFloats rows of one position from scores[p * kNumTags + t]: the scores
// where IOB2 allows p -> t, -inf elsewhere.
void MaskPositionTransitions(const float* scores, float* rows);

// A fixed-capacity array of value-initialized trivially destructible T on 2 MiB-aligned memory
// that the kernel is asked to back with huge pages: lookups at random places in a table of many
// megabytes then miss the TLB far less often. Without huge pages it is a plain array.
template <typename T>
class LargeArray {
 public:
  static_assert(std::is_trivially_destructible_v<T>);
  void Allocate(size_t capacity);                     // discards the contents
  void push_back(const T& v) { data_[size_++] = v; }  // within capacity
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  size_t size() const { return size_; }
  void resize_to_capacity() { size_ = capacity_; }

 private:
  struct Free {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T[], Free> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

class Model {
 public:
  Model() = default;
  Model(const Model&) = delete;  // text_ may view owned_text_
  Model& operator=(const Model&) = delete;

  // Parses the text format (docs/ner.md). kCorrupt with a line number on malformed input.
  static Result<std::unique_ptr<Model>> Parse(std::string_view text);
  // The compiled form (docs/ner.md "Compiled model"): the parsed model's records and scalars as
  // they are kept in memory, written by the build-time compiler (tools/ner_compile.cc) so that the
  // shipped model loads without parsing text. Native byte order; only for this build of khabar
  // (the header carries a check of the feature hashing and templates).
  std::string Compile() const;
  // Loads a compiled model: the records are copied (one memcpy) and the slot table and filter are
  // rebuilt from them in record order, which gives the tables Parse(text) builds, byte for byte.
  // `text` is what text() returns (the model's source, e.g. the embedded model.tsv); it is viewed,
  // not copied, and must outlive the model. kCorrupt when the blob is truncated, of another format
  // or build, or holds an invalid record.
  static Result<std::unique_ptr<Model>> FromCompiled(std::string_view blob, std::string_view text);
  // True when both models hold the same tables and scalars (tests: the compiled form loads to what
  // parsing the text gives).
  bool SameTables(const Model& other) const;

  // Emission scores of every token of a sentence: per tag, S = the sum of the weights of the
  // token's features (internal::TokenFeatures) as integers in the model's unit (exact: the order
  // of the additions does not matter), then float(S * unit), plus the entity bias for every tag
  // but O. The weights of the features that read one token alone come as per-offset sums from
  // internal::TokenAtoms::local (computed here on first use), those of features over few distinct
  // values (gazetteer codes, shapes, word classes) from a per-thread memo, and only features over
  // two words from the table.
  void Emissions(std::span<const internal::TokenAtoms> atoms, std::vector<float>* emit) const;
  // The same emissions, the plain way: every feature key looked up in the table (tests).
  void EmissionsKeyByKey(std::span<const internal::TokenAtoms> atoms,
                         std::vector<float>* emit) const;

  const Transitions& transitions() const { return trans_; }
  // Edge features (`edge` lines of the model file, docs/ner.md "Edge features"): weights per
  // (previous tag, tag) read from atoms of the token a transition enters. None in a model without
  // them, whose decoding is unchanged.
  bool has_edges() const { return !edge_templates_.empty(); }
  size_t num_edge_features() const { return edge_index_.size(); }
  // For each token i >= 1, the transition rows into it (ViterbiPlain's layout):
  // out[i * kPositionTransFloats + p * kTransRow + t] = score[p][t] + float(S * unit), S the
  // integer sum of the weights of token i's edge features for (p, t); -inf where IOB2 forbids p ->
  // t. The rows of token 0 are left as they are (the start row is the model's).
  void PositionTransitions(std::span<const internal::TokenAtoms> atoms,
                           std::vector<float>* out) const;
  double confidence_scale() const { return confidence_scale_; }
  float entity_bias() const { return entity_bias_; }
  size_t num_features() const { return count_; }
  // Unique to this model in the process (never 0): tells cached weights of models apart.
  uint64_t id() const { return id_; }
  std::string_view text() const { return text_; }
  // False when the model surely lacks `nonzero_key` (a blocked Bloom filter over the stored keys,
  // ~11 bits per key, 256 KB for the shipped model: it stays in the core's caches, while a probe
  // of `slots_` is a miss to memory); true for every stored key and ~2% of the others. Most pairs
  // of words, and the words of a token new to the per-thread caches, are features the model lacks:
  // the filter decides them without touching the table.
  bool MayContain(uint64_t nonzero_key) const {
    const uint64_t bits = FilterBits(nonzero_key);
    return (filter_[nonzero_key >> filter_shift_] & bits) == bits;
  }

 private:
  // The weights take little memory, so that lookups (~60 per token, at random places) mostly hit
  // the last-level cache:
  // - `slots_`: an open-addressing table of 8-byte slots, (fingerprint << 32) | offset in
  //   `records_`, 0 = empty; three features in ten are absent and are decided here.
  // - `records_`: per feature, in file order, its key (8 bytes, to confirm the fingerprint), the
  //   number n of its non-zero weights (1 byte), their n tags (1 byte each) and the n weights
  //   (int32 in units of `unit_`, unaligned): 22 bytes on average (a feature has 2.5 non-zero
  //   weights: the perceptron updates the gold and the predicted tag) instead of 44 for key and all
  //   weights. A feature with kDenseFrom or more non-zero weights (the frequent ones) keeps all
  //   kNumTags, zeros included, in tag order.
  // Leaving zero weights out, or adding them, does not change an integer sum.
  // From this many non-zero weights on, a record holds all kNumTags weights in tag order (zeros
  // included): 45 bytes, no more than the sparse form, and added as a vector.
  static constexpr int kDenseFrom = 7;
  static uint32_t Fingerprint(uint64_t key) { return static_cast<uint32_t>(key >> 32) | 1; }
  // The record of `nonzero_key` whose slot matches its fingerprint, or nullptr (the key still
  // needs checking: RecordKey).
  const unsigned char* Probe(uint64_t nonzero_key) const {
    const uint32_t fp = Fingerprint(nonzero_key);
    for (size_t i = static_cast<size_t>(nonzero_key) & mask_;; i = (i + 1) & mask_) {
      const uint64_t s = slots_[i];
      if (s == 0) return nullptr;
      if (static_cast<uint32_t>(s >> 32) == fp) return &records_[static_cast<uint32_t>(s)];
    }
  }
  // The record of `nonzero_key`, or nullptr.
  const unsigned char* Find(uint64_t nonzero_key) const;
  // Three bits of one 64-bit filter word, from low key bits (the word is chosen by the high bits).
  static uint64_t FilterBits(uint64_t key) {
    return (uint64_t{1} << (key & 63)) | (uint64_t{1} << ((key >> 6) & 63)) |
           (uint64_t{1} << ((key >> 12) & 63));
  }
  static uint64_t RecordKey(const unsigned char* record) {
    uint64_t k;
    std::memcpy(&k, record, sizeof(k));
    return k;
  }
  // Adds the weights of a record to e[0..kNumTags) (uint32: wraps like int32 without undefined
  // behaviour; the true sums fit int32, model.cc: kMaxWeight).
  static void AddWeights(const unsigned char* record, uint32_t* e) {
    const int n = record[8];
    const unsigned char* tags = record + 9;
    const unsigned char* w = tags + n;
    for (int c = 0; c < n; ++c) {
      uint32_t x;
      std::memcpy(&x, w + 4 * c, sizeof(x));
      e[tags[c]] += x;
    }
  }
  // The emissions of one token from its integer sums.
  void ToEmissions(const uint32_t* sum, float* e) const {
    for (int t = 0; t < kNumTags; ++t) {
      e[t] = static_cast<float>(static_cast<double>(static_cast<int32_t>(sum[t])) * unit_);
    }
    for (int t = 1; t < kNumTags; ++t) e[t] += entity_bias_;
  }
  // The local weights of a token from the records of its local keys (AppendLocalKeys order;
  // nullptr = absent).
  void FillLocal(const unsigned char* const* found, internal::LocalWeights* out) const;
  // The weights of the features that read one token alone (`hash`: its atom hashes).
  void ComputeLocal(const uint64_t* hash, internal::LocalWeights* out) const;
  // Builds the tables from `keys[i]` -> `weights[i * kNumTags ...]` (keys distinct, non-zero).
  // False when the records would not fit 32-bit offsets.
  bool Build(const std::vector<uint64_t>& keys, const std::vector<int32_t>& weights);
  // Sizes `slots_` and `filter_` for `count` features (empty).
  void AllocateIndex(size_t count);
  // Indexes the record at `offset` of `records_` (its key non-zero, not yet indexed).
  void IndexRecord(uint64_t key, size_t offset) {
    size_t i = static_cast<size_t>(key) & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = (static_cast<uint64_t>(Fingerprint(key)) << 32) | offset;
    filter_[key >> filter_shift_] |= FilterBits(key);
  }
  // What Parse and FromCompiled do once the tables are built: the model's id, the weights of the
  // positions past the sentence and the gazetteer "none" sums.
  void Finish();

  LargeArray<uint64_t> slots_;
  LargeArray<unsigned char> records_;
  std::vector<uint64_t> filter_ = std::vector<uint64_t>(2, ~uint64_t{0});  // MayContain
  int filter_shift_ = 63;  // 64 - log2(filter_.size())
  size_t mask_ = 0;
  size_t count_ = 0;
  Transitions trans_;
  // Edge features: the edge templates the model has weights for (internal::EdgeTemplates order),
  // each feature's kNumTags * kNumTags weights (previous tag major, integers in units) at
  // edge_index_[key] * kNumTags * kNumTags of edge_weights_.
  std::vector<int> edge_templates_;
  std::unordered_map<uint64_t, uint32_t> edge_index_;
  std::vector<uint64_t> edge_keys_;  // by feature number
  std::vector<int32_t> edge_weights_;
  double confidence_scale_ = 1.0;
  float entity_bias_ = 0.0f;  // added to every non-O emission (recall/precision balance)
  double unit_ = 1.0;         // the value of a weight of 1 in `records_`
  uint64_t id_ = 0;
  // Local weights of the positions before the first and after the last token of a sentence.
  internal::LocalWeights before_, after_;
  // The weights of the memo features over gazetteer codes alone (gaz-2 ... gaz+2, gaz-1|gaz0,
  // gaz0|gaz+1) when every code they read is "-", summed (integers in units; lanes 9..11 zero):
  // most tokens have no gazetteer code near them and take this sum instead of seven lookups.
  alignas(16) std::array<int32_t, 12> none_gazetteer_{};
  std::string owned_text_;  // Parse's copy of the text
  std::string_view text_;   // owned_text_, or FromCompiled's text
};

}  // namespace khabar::ner
