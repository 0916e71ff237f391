// Model file parsing, Viterbi decoding and the Tagger (include/khabar/ner.h, docs/ner.md).
#include "ner/model.h"

#include <algorithm>
#include <array>
#include <atomic>
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

// A tag name as the model file writes it (TagName), else ParseTag (aliases such as B-PER).
bool ParseWeightTag(std::string_view name, Tag* tag) {
  if (name.size() == 1 && name[0] == 'O') {
    *tag = Tag::kO;
    return true;
  }
  if (name.size() >= 5 && name[1] == '-' && (name[0] == 'B' || name[0] == 'I')) {
    // The type's first letter picks the one candidate: PERS LOC ORG MISC.
    const char c = name[2];
    const int type = c == 'P' ? 0 : c == 'L' ? 1 : c == 'O' ? 2 : c == 'M' ? 3 : -1;
    if (type >= 0) {
      const auto e = static_cast<EntityType>(type);
      if (name.substr(2) == EntityTypeName(e)) {
        *tag = name[0] == 'B' ? BeginTag(e) : InsideTag(e);
        return true;
      }
    }
  }
  return ParseTag(name, tag);
}

// "TAG=w TAG=w ..." (absent tags are 0): space-separated items (empty ones skipped), each a tag,
// the first '=' and a number that takes the rest of the item. The model file writes integers
// (multiples of `unit`), read here digit by digit; anything else (decimals, exponents, more than
// 15 digits) goes to std::from_chars. Both give the same double: an integer of at most 15 digits is
// exact in a double, and a minus sign is applied after the conversion ("-0" is -0.0 in both).
bool ParseWeights(std::string_view s, double unit, float* w) {
  for (int t = 0; t < kNumTags; ++t) w[t] = 0;
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    if (*p == ' ') {
      ++p;
      continue;
    }
    const char* const item = p;
    while (p < end && *p != '=' && *p != ' ') ++p;
    Tag tag;
    if (p == end || *p != '=' || !ParseWeightTag(std::string_view(item, p - item), &tag)) {
      return false;
    }
    const char* const number = ++p;
    const bool negative = p < end && *p == '-';
    p += negative;
    const char* const digits = p;
    int64_t n = 0;
    while (p < end && p - digits <= 15 && static_cast<unsigned>(*p - '0') <= 9) {
      n = n * 10 + (*p++ - '0');
    }
    double v;
    if (p > digits && p - digits <= 15 && (p == end || *p == ' ')) {
      v = negative ? -static_cast<double>(n) : static_cast<double>(n);
    } else {
      while (p < end && *p != ' ') ++p;
      auto [stop, ec] = std::from_chars(number, p, v);
      if (ec != std::errc() || stop != p) return false;
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
  // A feature with kDenseFrom or more non-zero weights is stored with all kNumTags of them (zeros
  // included: no larger, and Emissions adds it as a vector).
  auto stored_weights = [&](size_t r) {
    int n = 0;
    for (int t = 0; t < kNumTags; ++t) n += weights[r * kNumTags + t] != 0.0f;
    return n >= kDenseFrom ? kNumTags : n;
  };
  size_t bytes = 0;
  for (size_t r = 0; r < keys.size(); ++r) {
    bytes += sizeof(uint64_t) + 1 + 5 * static_cast<size_t>(stored_weights(r));
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
    const int n = stored_weights(r);
    rec[8] = static_cast<unsigned char>(n);
    unsigned char* tags = rec + 9;
    unsigned char* values = tags + n;
    int c = 0;
    for (int t = 0; t < kNumTags; ++t) {
      if (w[t] == 0.0f && n < kNumTags) continue;
      tags[c] = static_cast<unsigned char>(t);
      std::memcpy(values + 4 * c, &w[t], sizeof(float));
      ++c;
    }
    offset += sizeof(uint64_t) + 1 + 5 * static_cast<size_t>(n);
  }
  return true;
}

namespace {

// How Emissions finds the weights of each template (docs/ner.md "Speed").
enum class Source : uint8_t {
  kLocal,      // reads the atoms of one token: that token's LocalWeights
  kCondLocal,  // a pair of a gazetteer code or trigger class with a word: the word token's
               // LocalWeights hold the record for the class "-" (most tokens); else the table
  kMemo,       // few distinct values (bias, gazetteer codes, shapes, word classes): the memo
  kTable,      // a pair of two tokens' words: the table
};

struct Step {
  int templ = 0;
  Source source = Source::kTable;
  int slot = -1;   // kLocal, kCondLocal: index in LocalWeights::record
  int offset = 0;  // kLocal, kCondLocal: position of the token whose LocalWeights, from the token
  internal::Atom cond_atom = internal::kNumAtoms;  // kCondLocal: the class atom, at cond_offset
  int cond_offset = 0;
  bool cond_first = false;  // kCondLocal: the class is the template's first atom
};

struct Plan {
  std::vector<Step> steps;         // per template, in template order
  std::vector<Step> local_steps;   // the kLocal steps
  std::vector<Step> other_steps;   // the others
  std::vector<int> slot_template;  // per LocalWeights::record slot
  int max_offset = 0;              // of kLocal/kCondLocal steps, absolute
};

bool FewValues(internal::Atom a) {
  return a == internal::kGazetteer || a == internal::kShape || a == internal::kTrigger ||
         a == internal::kGazWord;
}

const Plan& TemplatePlan() {
  static const Plan* plan = [] {
    auto* p = new Plan;
    const auto templates = internal::Templates();
    for (size_t t = 0; t < templates.size(); ++t) {
      const internal::Template& tp = templates[t];
      Step st;
      st.templ = static_cast<int>(t);
      const bool unary = tp.atom2 == internal::kNumAtoms;
      if (tp.atom1 == internal::kNumAtoms || (unary && tp.atom1 == internal::kGazetteer)) {
        st.source = Source::kMemo;
      } else if (unary || (tp.offset1 == tp.offset2 && tp.atom1 != internal::kGazetteer &&
                           tp.atom2 != internal::kGazetteer)) {
        st.source = Source::kLocal;
        st.offset = tp.offset1;
      } else if (FewValues(tp.atom1) && FewValues(tp.atom2)) {
        st.source = Source::kMemo;
      } else if (tp.atom1 == internal::kGazetteer || tp.atom1 == internal::kTrigger ||
                 tp.atom2 == internal::kGazetteer || tp.atom2 == internal::kTrigger) {
        st.source = Source::kCondLocal;
        st.cond_first = tp.atom1 == internal::kGazetteer || tp.atom1 == internal::kTrigger;
        st.cond_atom = st.cond_first ? tp.atom1 : tp.atom2;
        st.cond_offset = st.cond_first ? tp.offset1 : tp.offset2;
        st.offset = st.cond_first ? tp.offset2 : tp.offset1;
      } else {
        st.source = Source::kTable;
      }
      if ((st.source == Source::kLocal || st.source == Source::kCondLocal) &&
          p->slot_template.size() < internal::LocalWeights::kMaxSlots) {
        st.slot = static_cast<int>(p->slot_template.size());
        p->slot_template.push_back(static_cast<int>(t));
        p->max_offset = std::max(p->max_offset, std::abs(st.offset));
      } else if (st.source == Source::kLocal || st.source == Source::kCondLocal) {
        st.source = Source::kTable;  // more templates than slots: the plain way
      }
      p->steps.push_back(st);
      (st.source == Source::kLocal ? p->local_steps : p->other_steps).push_back(st);
    }
    return p;
  }();
  return *plan;
}

// Key of the LocalWeights slot of a token with atom hashes `hash` (as stored: never 0).
uint64_t LocalKey(const Plan& plan, int slot, const uint64_t* hash) {
  const int t = plan.slot_template[slot];
  const internal::Template& tp = internal::Templates()[t];
  const Step& st = plan.steps[t];
  uint64_t h1, h2 = 0;
  if (st.source == Source::kCondLocal) {
    h1 = st.cond_first ? internal::NoneHash() : hash[tp.atom1];
    h2 = st.cond_first ? hash[tp.atom2] : internal::NoneHash();
  } else {
    h1 = hash[tp.atom1];
    if (tp.atom2 != internal::kNumAtoms) h2 = hash[tp.atom2];
  }
  const uint64_t key = internal::FeatureKey(t, h1, h2);
  return key ? key : 1;
}

inline uint64_t HashAt(std::span<const internal::TokenAtoms> atoms, long j, internal::Atom atom) {
  if (atom == internal::kNumAtoms) return 0;
  if (j < 0) return internal::BeforeHash();
  if (j >= static_cast<long>(atoms.size())) return internal::AfterHash();
  return atoms[j].hash[atom];
}

}  // namespace

void Model::ComputeLocal(const uint64_t* hash, internal::LocalWeights* out) const {
  const Plan& plan = TemplatePlan();
  for (size_t s = 0; s < plan.slot_template.size(); ++s) {
    const unsigned char* r = Find(LocalKey(plan, static_cast<int>(s), hash));
    out->record[s] = r == nullptr ? 0 : static_cast<uint32_t>(r - &records_[0]) + 1;
  }
  out->model_id = id_;
}

void Model::EmissionsKeyByKey(std::span<const internal::TokenAtoms> atoms,
                              std::vector<float>* emit) const {
  emit->assign(atoms.size() * kNumTags, 0.0f);
  std::vector<uint64_t> keys;
  for (size_t i = 0; i < atoms.size(); ++i) {
    float* e = &(*emit)[i * kNumTags];
    for (int t = 1; t < kNumTags; ++t) e[t] = entity_bias_;
    keys.clear();
    internal::TokenFeatures(atoms, i, &keys);
    for (uint64_t key : keys) {
      if (const unsigned char* r = Find(key ? key : 1)) AddWeights(r, e);
    }
  }
}

void Model::Emissions(std::span<const internal::TokenAtoms> atoms, std::vector<float>* emit) const {
  const Plan& plan = TemplatePlan();
  const size_t n = atoms.size();
  const size_t num_steps = plan.steps.size();
  const size_t num_slots = plan.slot_template.size();
  emit->assign(n * kNumTags, 0.0f);
  if (n == 0) return;
  thread_local std::vector<internal::LocalWeights> scratch;       // tokens without a cache entry
  thread_local std::vector<const internal::LocalWeights*> local;  // per position, padded
  thread_local std::vector<uint64_t> keys;
  thread_local std::vector<uint32_t> key_target;  // the record_of index of keys[j]
  thread_local std::vector<const unsigned char*> found;
  thread_local std::vector<internal::LocalWeights*> cold;
  thread_local std::vector<const unsigned char*> record_of;  // per token and template
  struct MemoSlot {
    uint64_t key = 0;
    const unsigned char* record = nullptr;
  };
  constexpr size_t kMemoSlots = 1 << 13;
  thread_local std::vector<MemoSlot> memo(kMemoSlots);
  thread_local uint64_t memo_model = 0;
  if (memo_model != id_) {
    std::fill(memo.begin(), memo.end(), MemoSlot());
    memo_model = id_;
  }

  // Slots are prefetched kAhead keys before their probe (more than the misses the core keeps in
  // flight would be dropped); a record as soon as its slot is read. found[j]: the record of
  // keys[j] or nullptr.
  auto probe_all = [&] {
    constexpr size_t kAhead = 32;
    const size_t m = keys.size();
    for (size_t j = 0; j < std::min(m, kAhead); ++j) {
      __builtin_prefetch(&slots_[static_cast<size_t>(keys[j]) & mask_]);
    }
    found.resize(m);
    for (size_t j = 0; j < m; ++j) {
      if (j + kAhead < m) {
        __builtin_prefetch(&slots_[static_cast<size_t>(keys[j + kAhead]) & mask_]);
      }
      const unsigned char* r = Probe(keys[j]);
      if (r != nullptr) {
        __builtin_prefetch(r);
        __builtin_prefetch(r + 31);  // a record may cross a cache line
      }
      found[j] = r;
    }
    for (size_t j = 0; j < m; ++j) {
      // Another key with the same fingerprint (rare): the full probe decides.
      if (found[j] != nullptr && RecordKey(found[j]) != keys[j]) found[j] = Find(keys[j]);
    }
  };

  // 1. The local weights of tokens that have none for this model yet, all probed together.
  const long pad = plan.max_offset;
  local.resize(n + 2 * pad);
  for (long p = 0; p < pad; ++p) {
    local[p] = &before_;
    local[n + pad + p] = &after_;
  }
  if (scratch.size() < n) scratch.resize(n);
  keys.clear();
  cold.clear();
  for (size_t i = 0; i < n; ++i) {
    internal::LocalWeights* w = atoms[i].local;
    if (w == nullptr) {
      w = &scratch[i];
      w->model_id = 0;
    }
    local[i + pad] = w;
    if (w->model_id == id_) continue;
    w->model_id = id_;  // filled below; a repeated token is computed once
    cold.push_back(w);
    for (size_t s = 0; s < num_slots; ++s) {
      keys.push_back(LocalKey(plan, static_cast<int>(s), atoms[i].hash.data()));
    }
  }
  if (!cold.empty()) {
    probe_all();
    size_t j = 0;
    for (internal::LocalWeights* w : cold) {
      for (size_t s = 0; s < num_slots; ++s, ++j) {
        w->record[s] = found[j] == nullptr ? 0 : static_cast<uint32_t>(found[j] - &records_[0]) + 1;
      }
    }
  }

  // 2. The record of every (token, template): local, memo, or a table key to probe. Records are
  // prefetched as soon as they are known, for the sums below.
  static const unsigned char kNoRecord[9] = {};  // key 0, no weights
  const unsigned char* const records = &records_[0];
  record_of.resize(n * num_steps);
  keys.clear();
  key_target.clear();
  const auto templates = internal::Templates();
  const uint64_t none_hash = internal::NoneHash();
  for (size_t i = 0; i < n; ++i) {
    const long li = static_cast<long>(i);
    const unsigned char** out = &record_of[i * num_steps];
    const internal::LocalWeights* const* at = &local[i + pad];
    for (const Step& st : plan.local_steps) {
      const uint32_t r = at[st.offset]->record[st.slot];
      out[st.templ] = r == 0 ? kNoRecord : records + (r - 1);
    }
    for (const Step& st : plan.other_steps) {
      if (st.source == Source::kCondLocal &&
          HashAt(atoms, li + st.cond_offset, st.cond_atom) == none_hash) {
        const uint32_t r = at[st.offset]->record[st.slot];
        out[st.templ] = r == 0 ? kNoRecord : records + (r - 1);
        continue;
      }
      const internal::Template& tp = templates[st.templ];
      uint64_t key = internal::FeatureKey(st.templ, HashAt(atoms, li + tp.offset1, tp.atom1),
                                          HashAt(atoms, li + tp.offset2, tp.atom2));
      if (key == 0) key = 1;  // as stored
      if (st.source == Source::kMemo) {
        MemoSlot& m = memo[static_cast<size_t>(key) & (kMemoSlots - 1)];
        if (m.key != key) {
          const unsigned char* r = Find(key);
          m.key = key;
          m.record = r != nullptr ? r : kNoRecord;
        }
        out[st.templ] = m.record;
        continue;
      }
      keys.push_back(key);
      key_target.push_back(static_cast<uint32_t>(i * num_steps + st.templ));
    }
    for (const Step& st : plan.local_steps) __builtin_prefetch(out[st.templ]);
  }
  probe_all();
  for (size_t j = 0; j < keys.size(); ++j) {
    record_of[key_target[j]] = found[j] != nullptr ? found[j] : kNoRecord;
  }

  // 3. The sums, template after template as key after key. A record with all kNumTags weights
  // (model.h: kDenseFrom) is added lane by lane as a vector: the same float additions.
  static_assert(kNumTags == 9);
  typedef float F4 __attribute__((vector_size(16)));
  for (size_t i = 0; i < n; ++i) {
    alignas(16) float e[12];
    e[0] = 0.0f;
    for (int t = 1; t < kNumTags; ++t) e[t] = entity_bias_;
    const unsigned char* const* r = &record_of[i * num_steps];
    for (size_t t = 0; t < num_steps; ++t) {
      const unsigned char* rec = r[t];
      if (rec[8] == kNumTags) {
        const unsigned char* w = rec + 9 + kNumTags;
        F4 a, b, x, y;
        std::memcpy(&a, e, sizeof(a));
        std::memcpy(&b, e + 4, sizeof(b));
        std::memcpy(&x, w, sizeof(x));
        std::memcpy(&y, w + 16, sizeof(y));
        a += x;
        b += y;
        std::memcpy(e, &a, sizeof(a));
        std::memcpy(e + 4, &b, sizeof(b));
        float z;
        std::memcpy(&z, w + 32, sizeof(z));
        e[8] += z;
      } else {
        AddWeights(rec, e);
      }
    }
    std::memcpy(&(*emit)[i * kNumTags], e, kNumTags * sizeof(float));
  }
}

Result<std::unique_ptr<Model>> Model::Parse(std::string_view text) {
  auto model = std::make_unique<Model>();
  // Count lines first to size the index of the features read so far (load factor <= 0.5).
  size_t lines = 0;
  for (const char* p = text.data(); p != nullptr;) {
    p = static_cast<const char*>(std::memchr(p, '\n', text.data() + text.size() - p));
    if (p != nullptr) ++lines, ++p;
  }
  size_t cap = 16;
  while (cap < 2 * (lines + 1)) cap *= 2;
  std::vector<uint32_t> index(cap, 0);  // row + 1 of the key hashing here, 0 = empty
  std::vector<uint64_t> keys;
  std::vector<float> weights;  // kNumTags per key
  keys.reserve(lines);
  weights.reserve(lines * kNumTags);
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
  // The template of the previous feature line: a model file is sorted by template.
  std::string_view last_template;
  int last_template_index = -1;
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
      model->entity_bias_ = static_cast<float>(b) + 0.0f;  // -0 as +0: a sum is never -0
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
      if (kind != last_template || last_template_index < 0) {
        last_template = kind;
        last_template_index = internal::TemplateIndex(kind);
      }
      if (!internal::KeyFromTemplateValue(last_template_index, value, &key)) {
        return corrupt("unknown feature");
      }
      if (!ParseWeights(rest, unit, w)) return corrupt("bad weights");
      insert(key, w);
    }
  }
  if (!saw_magic) return Status::Corrupt("NER model: empty");
  if (!model->Build(keys, weights)) return Status::Corrupt("NER model: too many features");
  static std::atomic<uint64_t> next_id{1};
  model->id_ = next_id.fetch_add(1);
  std::array<uint64_t, internal::kNumAtoms> boundary;
  boundary.fill(internal::BeforeHash());
  model->ComputeLocal(boundary.data(), &model->before_);
  boundary.fill(internal::AfterHash());
  model->ComputeLocal(boundary.data(), &model->after_);
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
