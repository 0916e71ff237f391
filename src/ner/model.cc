// Model file parsing, Viterbi decoding and the Tagger (include/khabar/ner.h, docs/ner.md).
#include "ner/model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>

#include <sys/mman.h>

#include "embedded/NerData.h"
#include "ner/document.h"

namespace khabar::ner {

namespace {

constexpr float kForbidden = -std::numeric_limits<float>::infinity();
constexpr std::string_view kMagic = "khabar-ner-model";

std::string_view NextField(std::string_view* line) {
  const size_t tab = line->find('\t');
  std::string_view f = line->substr(0, tab);
  *line = tab == std::string_view::npos ? std::string_view() : line->substr(tab + 1);
  return f;
}

bool ParseNumber(std::string_view s, double* out) {
  // std::from_chars for double is in GCC 11+.
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// "TAG=w TAG=w ..." (absent tags are 0).
bool ParseWeights(std::string_view s, double unit, float* w) {
  for (int t = 0; t < kNumTags; ++t) w[t] = 0;
  while (!s.empty()) {
    const size_t sp = s.find(' ');
    std::string_view item = s.substr(0, sp);
    s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    Tag tag;
    double v;
    if (eq == std::string_view::npos || !ParseTag(item.substr(0, eq), &tag) ||
        !ParseNumber(item.substr(eq + 1), &v)) {
      return false;
    }
    w[static_cast<int>(tag)] = static_cast<float>(v * unit);
  }
  return true;
}

}  // namespace

template <typename T>
void LargeArray<T>::Allocate(size_t capacity) {
  constexpr size_t kHugePage = size_t{2} << 20;
  const size_t bytes =
      std::max<size_t>(1, (capacity * sizeof(T) + kHugePage - 1) / kHugePage) * kHugePage;
  T* p = static_cast<T*>(std::aligned_alloc(kHugePage, bytes));
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  madvise(p, bytes, MADV_HUGEPAGE);  // advice only: nothing to do when it is refused
#endif
  std::uninitialized_value_construct_n(p, capacity);
  data_.reset(p);
  size_ = 0;
  capacity_ = capacity;
}

bool Transitions::Allowed(int prev, int next) {
  const Tag n = static_cast<Tag>(next);
  if (!IsInside(n)) return true;
  if (prev == kNumTags) return false;
  const Tag p = static_cast<Tag>(prev);
  return p != Tag::kO && TypeOf(p) == TypeOf(n);
}

void Viterbi(const float* emit, size_t n, const Transitions& trans, Tag* out, double* confidence,
             double scale) {
  if (n == 0) return;
  // Forward max-scores and back-pointers.
  thread_local std::vector<float> alpha;
  thread_local std::vector<uint8_t> back;
  alpha.resize(n * kNumTags);
  back.resize(n * kNumTags);
  for (int t = 0; t < kNumTags; ++t) {
    alpha[t] = Transitions::Allowed(kNumTags, t) ? trans.score[kNumTags][t] + emit[t] : kForbidden;
  }
  for (size_t i = 1; i < n; ++i) {
    const float* prev = &alpha[(i - 1) * kNumTags];
    float* cur = &alpha[i * kNumTags];
    for (int t = 0; t < kNumTags; ++t) {
      float best = kForbidden;
      int arg = 0;
      for (int p = 0; p < kNumTags; ++p) {
        if (!Transitions::Allowed(p, t)) continue;
        const float s = prev[p] + trans.score[p][t];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      cur[t] = best + emit[i * kNumTags + t];
      back[i * kNumTags + t] = static_cast<uint8_t>(arg);
    }
  }
  int best_t = 0;
  const float* last = &alpha[(n - 1) * kNumTags];
  for (int t = 1; t < kNumTags; ++t) {
    if (last[t] > last[best_t]) best_t = t;
  }
  const float best_total = last[best_t];
  for (size_t i = n; i-- > 0;) {
    out[i] = static_cast<Tag>(best_t);
    if (i > 0) best_t = back[i * kNumTags + best_t];
  }
  if (confidence == nullptr) return;
  // Backward max-scores (excluding the token's own emission), then max-marginals.
  thread_local std::vector<float> beta;
  beta.assign(n * kNumTags, 0.0f);
  for (size_t i = n - 1; i-- > 0;) {
    for (int t = 0; t < kNumTags; ++t) {
      float best = kForbidden;
      for (int x = 0; x < kNumTags; ++x) {
        if (!Transitions::Allowed(t, x)) continue;
        const float s =
            trans.score[t][x] + emit[(i + 1) * kNumTags + x] + beta[(i + 1) * kNumTags + x];
        if (s > best) best = s;
      }
      beta[i * kNumTags + t] = best;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    const int chosen = static_cast<int>(out[i]);
    float other = kForbidden;
    for (int t = 0; t < kNumTags; ++t) {
      if (t == chosen) continue;
      const float s = alpha[i * kNumTags + t] + beta[i * kNumTags + t];
      if (s > other) other = s;
    }
    const double margin = other == kForbidden ? 50.0 : (best_total - other) / scale;
    confidence[i] = 1.0 / (1.0 + std::exp(-std::min(50.0, margin)));
  }
}

const unsigned char* Model::Find(uint64_t nonzero_key) const {
  const uint32_t fp = Fingerprint(nonzero_key);
  for (size_t i = static_cast<size_t>(nonzero_key) & mask_;; i = (i + 1) & mask_) {
    const uint64_t s = slots_[i];
    if (s == 0) return nullptr;
    if (static_cast<uint32_t>(s >> 32) != fp) continue;
    const unsigned char* r = &records_[static_cast<uint32_t>(s)];
    if (RecordKey(r) == nonzero_key) return r;
  }
}

bool Model::Build(const std::vector<uint64_t>& keys, const std::vector<float>& weights) {
  size_t bytes = 0;
  for (size_t r = 0; r < keys.size(); ++r) {
    size_t n = 0;
    for (int t = 0; t < kNumTags; ++t) n += weights[r * kNumTags + t] != 0.0f;
    bytes += sizeof(uint64_t) + 1 + 5 * n;
  }
  if (bytes > std::numeric_limits<uint32_t>::max()) return false;
  size_t cap = 16;
  while (cap < 2 * (keys.size() + 1)) cap *= 2;  // load factor <= 0.5
  slots_.Allocate(cap);
  slots_.resize_to_capacity();
  mask_ = cap - 1;
  count_ = keys.size();
  records_.Allocate(bytes);
  records_.resize_to_capacity();
  size_t offset = 0;
  for (size_t r = 0; r < keys.size(); ++r) {
    size_t i = static_cast<size_t>(keys[r]) & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = (static_cast<uint64_t>(Fingerprint(keys[r])) << 32) | offset;
    unsigned char* rec = &records_[offset];
    std::memcpy(rec, &keys[r], sizeof(uint64_t));
    const float* w = &weights[r * kNumTags];
    int n = 0;
    for (int t = 0; t < kNumTags; ++t) n += w[t] != 0.0f;
    rec[8] = static_cast<unsigned char>(n);
    unsigned char* tags = rec + 9;
    unsigned char* values = tags + n;
    int c = 0;
    for (int t = 0; t < kNumTags; ++t) {
      if (w[t] == 0.0f) continue;
      tags[c] = static_cast<unsigned char>(t);
      std::memcpy(values + 4 * c, &w[t], sizeof(float));
      ++c;
    }
    offset += sizeof(uint64_t) + 1 + 5 * static_cast<size_t>(n);
  }
  return true;
}

void Model::Emissions(std::span<const internal::TokenAtoms> atoms, std::vector<float>* emit) const {
  emit->assign(atoms.size() * kNumTags, 0.0f);
  // All keys of the sentence first, their slots prefetched, then the probes (whose records are
  // prefetched in turn), then the sums: the tables are larger than the caches, and this overlaps
  // the misses. The weights are added in key order, as key by key.
  thread_local std::vector<uint64_t> keys;
  thread_local std::vector<uint32_t> token_end;
  thread_local std::vector<const unsigned char*> found;
  keys.clear();
  token_end.clear();
  for (size_t i = 0; i < atoms.size(); ++i) {
    internal::TokenFeatures(atoms, i, &keys);
    token_end.push_back(static_cast<uint32_t>(keys.size()));
  }
  for (uint64_t& key : keys) {
    if (key == 0) key = 1;  // as stored
  }
  // Slots are prefetched kAhead keys before their probe (more than the misses the core keeps in
  // flight would be dropped); a record as soon as its slot is read.
  constexpr size_t kAhead = 32;
  const size_t n = keys.size();
  for (size_t j = 0; j < std::min(n, kAhead); ++j) {
    __builtin_prefetch(&slots_[static_cast<size_t>(keys[j]) & mask_]);
  }
  found.resize(n);
  for (size_t j = 0; j < n; ++j) {
    if (j + kAhead < n) __builtin_prefetch(&slots_[static_cast<size_t>(keys[j + kAhead]) & mask_]);
    const unsigned char* r = Probe(keys[j]);
    if (r != nullptr) {
      __builtin_prefetch(r);
      __builtin_prefetch(r + 31);  // a record may cross a cache line
    }
    found[j] = r;
  }
  size_t j = 0;
  for (size_t i = 0; i < atoms.size(); ++i) {
    float* e = &(*emit)[i * kNumTags];
    for (int t = 1; t < kNumTags; ++t) e[t] = entity_bias_;
    for (; j < token_end[i]; ++j) {
      const unsigned char* r = found[j];
      if (r == nullptr) continue;
      // Another key with the same fingerprint (rare): the full probe decides.
      if (RecordKey(r) != keys[j] && (r = Find(keys[j])) == nullptr) continue;
      AddWeights(r, e);
    }
  }
}

Result<std::unique_ptr<Model>> Model::Parse(std::string_view text) {
  auto model = std::make_unique<Model>();
  // Count lines first to size the index of the features read so far (load factor <= 0.5).
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  size_t cap = 16;
  while (cap < 2 * (lines + 1)) cap *= 2;
  std::vector<uint32_t> index(cap, 0);  // row + 1 of the key hashing here, 0 = empty
  std::vector<uint64_t> keys;
  std::vector<float> weights;  // kNumTags per key
  // Two descriptions hashing to one key (astronomically rare) add up, as they would when training.
  auto insert = [&](uint64_t key, const float* w) {
    const uint64_t k = key ? key : 1;
    size_t i = static_cast<size_t>(k) & (cap - 1);
    while (index[i] != 0 && keys[index[i] - 1] != k) i = (i + 1) & (cap - 1);
    if (index[i] == 0) {
      keys.push_back(k);
      weights.resize(weights.size() + kNumTags, 0.0f);
      index[i] = static_cast<uint32_t>(keys.size());
    }
    float* row = &weights[(index[i] - 1) * kNumTags];
    for (int t = 0; t < kNumTags; ++t) row[t] += w[t];
  };
  double unit = 1.0;
  bool saw_magic = false;
  size_t pos = 0, line_no = 0;
  float w[kNumTags];
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    auto corrupt = [&](std::string_view why) {
      return Status::Corrupt("NER model line " + std::to_string(line_no) + ": " + std::string(why));
    };
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::string_view rest = line;
    const std::string_view kind = NextField(&rest);
    if (!saw_magic) {
      if (kind != kMagic || rest != "1") return corrupt("not a khabar NER model (version 1)");
      saw_magic = true;
      continue;
    }
    if (kind == "unit") {
      if (!ParseNumber(rest, &unit) || !(unit > 0)) return corrupt("bad unit");
    } else if (kind == "confidence_scale") {
      if (!ParseNumber(rest, &model->confidence_scale_) || !(model->confidence_scale_ > 0)) {
        return corrupt("bad confidence_scale");
      }
    } else if (kind == "entity_bias") {
      double b;
      if (!ParseNumber(rest, &b) || !std::isfinite(b)) return corrupt("bad entity_bias");
      model->entity_bias_ = static_cast<float>(b);
    } else if (kind == "trans") {
      const std::string_view from = NextField(&rest);
      int row;
      Tag tag;
      if (from == "START") {
        row = kNumTags;
      } else if (ParseTag(from, &tag)) {
        row = static_cast<int>(tag);
      } else {
        return corrupt("bad transition row");
      }
      if (!ParseWeights(rest, unit, model->trans_.score[row])) return corrupt("bad weights");
    } else {
      const std::string_view value = NextField(&rest);
      uint64_t key;
      if (!internal::KeyFromDescription(kind, value, &key)) return corrupt("unknown feature");
      if (!ParseWeights(rest, unit, w)) return corrupt("bad weights");
      insert(key, w);
    }
  }
  if (!saw_magic) return Status::Corrupt("NER model: empty");
  if (!model->Build(keys, weights)) return Status::Corrupt("NER model: too many features");
  model->text_.assign(text);
  return model;
}

// ---------------------------------------------------------------------------------------------

Tagger::Tagger(std::unique_ptr<Model> model) : model_(std::move(model)) {}
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;
Tagger::~Tagger() = default;

const Tagger& Tagger::Default() {
  static const Tagger* tagger = [] {
    Result<Tagger> t = FromModelText(embedded::NerData("data/ner/model.tsv"));
    if (!t.ok()) {
      // The shipped model is checked by the tests; a corrupt one is a build bug.
      std::fprintf(stderr, "khabar: %s\n", t.status().ToString().c_str());
      std::abort();
    }
    return new Tagger(std::move(*t));
  }();
  return *tagger;
}

Result<Tagger> Tagger::FromModelText(std::string_view text) {
  Result<std::unique_ptr<Model>> m = Model::Parse(text);
  if (!m.ok()) return m.status();
  return Tagger(std::move(*m));
}

std::vector<Tag> Tagger::TagTokens(std::span<const std::string_view> tokens) const {
  return TagTokens(tokens, nullptr);
}

std::vector<Tag> Tagger::TagTokens(std::span<const std::string_view> tokens,
                                   std::vector<double>* confidence) const {
  std::vector<Tag> tags(tokens.size(), Tag::kO);
  if (tokens.empty()) {
    if (confidence) confidence->clear();
    return tags;
  }
  thread_local std::vector<internal::TokenAtoms> atoms;
  thread_local std::vector<float> emit;
  internal::ComputeAtoms(tokens, &atoms, /*with_text=*/false);
  model_->Emissions(std::span<const internal::TokenAtoms>(atoms.data(), tokens.size()), &emit);
  if (confidence) confidence->resize(tokens.size());
  Viterbi(emit.data(), tokens.size(), model_->transitions(), tags.data(),
          confidence ? confidence->data() : nullptr, model_->confidence_scale());
  return tags;
}

std::string Tagger::ToModelText() const { return model_->text(); }
size_t Tagger::num_features() const { return model_->num_features(); }

std::vector<std::vector<Tag>> TagSentences(const Tagger& tagger,
                                           std::span<const ConllSentence> sentences) {
  std::vector<std::vector<Tag>> out;
  std::vector<std::vector<std::string_view>> views(sentences.size());
  std::vector<std::vector<double>> confidence(sentences.size());
  out.reserve(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    views[i].assign(sentences[i].tokens.begin(), sentences[i].tokens.end());
    out.push_back(tagger.TagTokens(views[i], &confidence[i]));
  }
  // The sentences of a CoNLL file carry no document boundaries: neighbours within a few sentences
  // stand in for the document (docs/ner.md "Document pass").
  internal::DocumentPassOptions opt;
  opt.window = 5;
  internal::DocumentPass(views, out, confidence, opt);
  return out;
}

}  // namespace khabar::ner
