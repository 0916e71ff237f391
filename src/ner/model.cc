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

// Feature weights are whole numbers of units of at most this magnitude, summed as int32: the sum
// of a token's ~60 features cannot overflow.
constexpr double kMaxWeight = 1 << 24;

// "TAG=w TAG=w ..." (absent tags are 0) into w[tag], in units: space-separated items (empty ones
// skipped), each a tag, the first '=' and a number that takes the rest of the item. The model file
// writes integers (multiples of `unit`), read here digit by digit; anything else (decimals,
// exponents, more than 15 digits) goes to std::from_chars. Both give the same double: an integer of
// at most 15 digits is exact in a double, and a minus sign is applied after the conversion ("-0"
// is -0.0 in both).
bool ParseWeights(std::string_view s, double* w) {
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
    w[static_cast<int>(tag)] = v;
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
  // Value-initialized: zero bytes for a trivial T (memset, not a loop per element).
  std::memset(static_cast<void*>(p), 0, capacity * sizeof(T));
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

namespace {

// Nine tags in twelve floats (lanes 9..11 unused), read and written as three 4-lane vectors.
typedef float F4 __attribute__((vector_size(16)));
struct Lanes {
  alignas(16) float f[12];
  F4 Get(int k) const {
    F4 v;
    std::memcpy(&v, f + 4 * k, sizeof(v));
    return v;
  }
  void Set(int k, F4 v) { std::memcpy(f + 4 * k, &v, sizeof(v)); }
};
static_assert(kNumTags <= 12);

F4 Broadcast(float x) { return F4{x, x, x, x}; }

// The transition scores with every forbidden transition at -inf: `into[p]` holds score[p][t] for
// each next tag t (row kNumTags: sentence start), `from[x]` score[t][x] for each previous tag t.
// s + -inf is -inf for every finite or -inf s, and -inf never wins a strict `>`, so a forbidden
// transition counts exactly as if it were skipped.
struct MaskedTransitions {
  Lanes into[kNumTags + 1];
  Lanes from[kNumTags];
  explicit MaskedTransitions(const Transitions& trans) {
    for (int p = 0; p <= kNumTags; ++p) {
      for (int t = 0; t < 12; ++t) {
        into[p].f[t] = t < kNumTags && Transitions::Allowed(p, t) ? trans.score[p][t] : kForbidden;
      }
    }
    for (int x = 0; x < kNumTags; ++x) {
      for (int t = 0; t < 12; ++t) {
        from[x].f[t] = t < kNumTags && Transitions::Allowed(t, x) ? trans.score[t][x] : kForbidden;
      }
    }
  }
};

}  // namespace

// The same floating-point operations as ViterbiPlain, in the same order for every value, nine
// next tags at a time: max(prev[p] + score[p][t]) over p, with the back-pointer recomputed only
// along the best path (the first p reaching the maximum, as the plain loop keeps). Scores are
// never -0 or NaN (finite weights; sums start at +0 or the entity bias), so the max of a set does
// not depend on the order it is taken in.
void Viterbi(const float* emit, size_t n, const Transitions& trans, Tag* out, double* confidence,
             double scale, const float* position_trans) {
  if (n == 0) return;
  const MaskedTransitions mt(trans);
  static_assert(sizeof(Lanes) == kTransRow * sizeof(float));
  // Rows are read as bytes: the model's masked rows are an array of Lanes (12 floats each, no
  // padding), read across its elements.
  auto load = [](const unsigned char* f) {
    F4 v;
    std::memcpy(&v, f, sizeof(v));
    return v;
  };
  thread_local std::vector<Lanes> alpha;
  alpha.resize(n);
  auto emit_lanes = [&](size_t i) {
    Lanes l;
    std::memcpy(l.f, emit + i * kNumTags, kNumTags * sizeof(float));
    l.f[9] = l.f[10] = l.f[11] = 0.0f;
    return l;
  };
  {
    const Lanes e = emit_lanes(0);
    // A forbidden start is -inf + e == -inf, as the plain loop writes.
    for (int k = 0; k < 3; ++k) alpha[0].Set(k, mt.into[kNumTags].Get(k) + e.Get(k));
  }
  for (size_t i = 1; i < n; ++i) {
    const float* prev = alpha[i - 1].f;
    // Row p of the scores into token i: masked as MaskedTransitions (-inf where forbidden).
    const unsigned char* into =
        position_trans
            ? reinterpret_cast<const unsigned char*>(position_trans + i * kPositionTransFloats)
            : reinterpret_cast<const unsigned char*>(&mt.into);
    F4 best[3];
    for (int k = 0; k < 3; ++k) best[k] = Broadcast(kForbidden);
    for (int p = 0; p < kNumTags; ++p) {
      const F4 pp = Broadcast(prev[p]);
      for (int k = 0; k < 3; ++k) {
        const F4 s = pp + load(into + (p * kTransRow + 4 * k) * sizeof(float));
        best[k] = s > best[k] ? s : best[k];
      }
    }
    const Lanes e = emit_lanes(i);
    for (int k = 0; k < 3; ++k) alpha[i].Set(k, best[k] + e.Get(k));
  }
  const float* last = alpha[n - 1].f;
  int best_t = 0;
  for (int t = 1; t < kNumTags; ++t) {
    if (last[t] > last[best_t]) best_t = t;
  }
  const float best_total = last[best_t];
  for (size_t i = n; i-- > 0;) {
    out[i] = static_cast<Tag>(best_t);
    if (i == 0) break;
    // The back-pointer of (i, best_t): the first previous tag reaching the maximum.
    const float* prev = alpha[i - 1].f;
    float best = kForbidden;
    int arg = 0;
    for (int p = 0; p < kNumTags; ++p) {
      if (!Transitions::Allowed(p, best_t)) continue;
      const float s =
          prev[p] + (position_trans
                         ? position_trans[i * kPositionTransFloats + p * kTransRow + best_t]
                         : trans.score[p][best_t]);
      if (s > best) {
        best = s;
        arg = p;
      }
    }
    best_t = arg;
  }
  if (confidence == nullptr) return;
  // Backward max-scores (excluding the token's own emission), then max-marginals.
  thread_local std::vector<Lanes> beta;
  beta.resize(n);
  for (int k = 0; k < 3; ++k) beta[n - 1].Set(k, F4{0, 0, 0, 0});
  for (size_t i = n - 1; i-- > 0;) {
    const float* next_emit = emit + (i + 1) * kNumTags;
    const float* next_beta = beta[i + 1].f;
    if (position_trans != nullptr) {
      // The rows of the scores into token i + 1 hold, for each tag t here, the next tags x in
      // lanes: (score + emit) + beta per lane as the plain loop adds them, then the max of the
      // lanes (forbidden and padding lanes are -inf; the maximum of a set is the same in any
      // order).
      const float* rows = position_trans + (i + 1) * kPositionTransFloats;
      const Lanes e = emit_lanes(i + 1);
      for (int t = 0; t < kNumTags; ++t) {
        F4 m = Broadcast(kForbidden);
        for (int k = 0; k < 3; ++k) {
          const F4 s = load(reinterpret_cast<const unsigned char*>(rows + t * kTransRow + 4 * k)) +
                       e.Get(k) + beta[i + 1].Get(k);
          m = s > m ? s : m;
        }
        float best = m[0];
        for (int l = 1; l < 4; ++l) best = m[l] > best ? m[l] : best;
        beta[i].f[t] = best;
      }
      beta[i].f[9] = beta[i].f[10] = beta[i].f[11] = 0.0f;
      continue;
    }
    const Lanes* from = mt.from;
    F4 best[3];
    for (int k = 0; k < 3; ++k) best[k] = Broadcast(kForbidden);
    for (int x = 0; x < kNumTags; ++x) {
      const F4 ex = Broadcast(next_emit[x]);
      const F4 bx = Broadcast(next_beta[x]);
      for (int k = 0; k < 3; ++k) {
        const F4 s = from[x].Get(k) + ex + bx;  // (score + emit) + beta, as the plain loop
        best[k] = s > best[k] ? s : best[k];
      }
    }
    for (int k = 0; k < 3; ++k) beta[i].Set(k, best[k]);
  }
  for (size_t i = 0; i < n; ++i) {
    const float* a = alpha[i].f;
    const float* b = beta[i].f;
    const int chosen = static_cast<int>(out[i]);
    float other = kForbidden;
    for (int t = 0; t < kNumTags; ++t) {
      if (t == chosen) continue;
      const float s = a[t] + b[t];
      if (s > other) other = s;
    }
    const double margin = other == kForbidden ? 50.0 : (best_total - other) / scale;
    confidence[i] = 1.0 / (1.0 + std::exp(-std::min(50.0, margin)));
  }
}

void ViterbiPlain(const float* emit, size_t n, const Transitions& trans, Tag* out,
                  double* confidence, double scale, const float* position_trans) {
  if (n == 0) return;
  // The score of the transition (p, t) into token i >= 1.
  auto score = [&](size_t i, int p, int t) {
    return position_trans ? position_trans[i * kPositionTransFloats + p * kTransRow + t]
                          : trans.score[p][t];
  };
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
        const float s = prev[p] + score(i, p, t);
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
            score(i + 1, t, x) + emit[(i + 1) * kNumTags + x] + beta[(i + 1) * kNumTags + x];
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
  if (!MayContain(nonzero_key)) return nullptr;
  const uint32_t fp = Fingerprint(nonzero_key);
  for (size_t i = static_cast<size_t>(nonzero_key) & mask_;; i = (i + 1) & mask_) {
    const uint64_t s = slots_[i];
    if (s == 0) return nullptr;
    if (static_cast<uint32_t>(s >> 32) != fp) continue;
    const unsigned char* r = &records_[static_cast<uint32_t>(s)];
    if (RecordKey(r) == nonzero_key) return r;
  }
}

void Model::AllocateIndex(size_t count) {
  size_t cap = 16;
  while (cap < 2 * (count + 1)) cap *= 2;  // load factor <= 0.5
  slots_.Allocate(cap);
  slots_.resize_to_capacity();
  mask_ = cap - 1;
  count_ = count;
  // The filter: one 64-bit word per 8 keys or more (at least 64 words), chosen by the key's high
  // bits.
  size_t words = 64;
  filter_shift_ = 58;
  while (words * 8 < count) words *= 2, --filter_shift_;
  filter_.assign(words, 0);
}

bool Model::Build(const std::vector<uint64_t>& keys, const std::vector<int32_t>& weights) {
  // A feature with kDenseFrom or more non-zero weights is stored with all kNumTags of them (zeros
  // included: no larger, and Emissions adds it as a vector).
  auto stored_weights = [&](size_t r) {
    int n = 0;
    for (int t = 0; t < kNumTags; ++t) n += weights[r * kNumTags + t] != 0;
    return n >= kDenseFrom ? kNumTags : n;
  };
  size_t bytes = 0;
  for (size_t r = 0; r < keys.size(); ++r) {
    bytes += sizeof(uint64_t) + 1 + 5 * static_cast<size_t>(stored_weights(r));
  }
  if (bytes > std::numeric_limits<uint32_t>::max()) return false;
  AllocateIndex(keys.size());
  records_.Allocate(bytes);
  records_.resize_to_capacity();
  size_t offset = 0;
  for (size_t r = 0; r < keys.size(); ++r) {
    IndexRecord(keys[r], offset);
    unsigned char* rec = &records_[offset];
    std::memcpy(rec, &keys[r], sizeof(uint64_t));
    const int32_t* w = &weights[r * kNumTags];
    const int n = stored_weights(r);
    rec[8] = static_cast<unsigned char>(n);
    unsigned char* tags = rec + 9;
    unsigned char* values = tags + n;
    int c = 0;
    for (int t = 0; t < kNumTags; ++t) {
      if (w[t] == 0 && n < kNumTags) continue;
      tags[c] = static_cast<unsigned char>(t);
      std::memcpy(values + 4 * c, &w[t], sizeof(int32_t));
      ++c;
    }
    offset += sizeof(uint64_t) + 1 + 5 * static_cast<size_t>(n);
  }
  return true;
}

namespace {

// How Emissions finds the weights of each template (docs/ner.md "Speed").
enum class Source : uint8_t {
  kLocal,      // reads the atoms of one token: summed into that token's LocalWeights::sum
  kCondLocal,  // a pair of a gazetteer code or trigger class with a word: the word token's
               // LocalWeights hold the record for the class "-" (most tokens); else the table
  kMemo,       // few distinct values (bias, gazetteer codes, shapes, word classes, clitics,
               // positions): the memo
  kTable,      // a pair of two tokens' words: the table
};

struct Step {
  int templ = 0;
  Source source = Source::kTable;
  int slot = -1;   // kCondLocal: index in LocalWeights::record
  int offset = 0;  // kLocal, kCondLocal: position of the token whose LocalWeights, from the token
  bool cond_first = false;  // kCondLocal: the class is the template's first atom
};

// Where WriteLocalKeys takes a key's two atom hashes from: an index into a token's atom hashes
// followed by kZeroHash (0: no second atom) and kNoneHash (HashAtom("-")).
constexpr int kZeroHash = internal::kNumAtoms;
constexpr int kNoneHash = internal::kNumAtoms + 1;

// One key of a token's local weights: a kLocal template (its weights go to LocalWeights::sum from
// lane `lane`) or a kCondLocal one (its record to LocalWeights::record[slot]).
struct LocalKeySpec {
  int templ = 0;
  int h1 = kZeroHash, h2 = kZeroHash;
  int lane = -1;  // kLocal: (offset + kMaxOffset) * kLanes
  int slot = -1;  // kCondLocal
};

// A non-local step with its atoms' positions resolved: Emissions reads the hashes from per-position
// rows padded past both ends of the sentence.
struct OtherStep {
  Step step;
  int atom1 = 0, offset1 = 0, atom2 = kZeroHash, offset2 = 0;
  bool constant = false;        // no atom (bias): one record for every token
  bool gazetteer_only = false;  // a memo step over gazetteer codes alone (gaz-1, gaz0|gaz+1 ...)
  // The step's atom hashes for the token whose hashes by offset are `ha` (ha[d][atom]: the token
  // at offset d); the second is 0 for a one-atom template.
  uint64_t Hash1(const uint64_t* const* ha) const { return ha[offset1][atom1]; }
  uint64_t Hash2(const uint64_t* const* ha) const {
    return atom2 == kZeroHash ? 0 : ha[offset2][atom2];
  }
};

struct Plan {
  std::vector<Step> steps;               // per template, in template order
  std::vector<OtherStep> others;         // the steps that are not kLocal, resolved
  std::vector<LocalKeySpec> local_keys;  // a token's local keys: kLocal ones, then kCondLocal
  int max_any_offset = 0;                // of every template's atoms, absolute
  // The offsets the gazetteer_only steps read: when the code is "-" at all of them (most tokens),
  // those steps weigh Model::none_gazetteer_ together.
  int gazetteer_min_offset = 0, gazetteer_max_offset = 0;
  // Indexes into `others` by kind: constant (bias), kCondLocal, kMemo (not gazetteer_only),
  // gazetteer_only, kTable.
  std::vector<int> constant_steps, cond_steps, memo_steps, gazetteer_steps, table_steps;
};

bool FewValues(internal::Atom a) {
  return a == internal::kGazetteer || a == internal::kShape || a == internal::kTrigger ||
         a == internal::kGazWord || a == internal::kClitic || a == internal::kPosition;
}
// Atoms that depend on the token's neighbours: never kept with the token.
bool Contextual(internal::Atom a) { return a == internal::kGazetteer || a == internal::kPosition; }

const Plan& TemplatePlan() {
  static const Plan* plan = [] {
    using internal::LocalWeights;
    auto* p = new Plan;
    const auto templates = internal::Templates();
    int cond_slots = 0;
    for (size_t t = 0; t < templates.size(); ++t) {
      const internal::Template& tp = templates[t];
      Step st;
      st.templ = static_cast<int>(t);
      const bool unary = tp.atom2 == internal::kNumAtoms;
      const bool contextual = Contextual(tp.atom1) || (!unary && Contextual(tp.atom2));
      if (tp.atom1 == internal::kNumAtoms || (unary && contextual)) {
        st.source = Source::kMemo;
      } else if (unary || (tp.offset1 == tp.offset2 && !contextual)) {
        st.source = Source::kLocal;
        st.offset = tp.offset1;
      } else if (FewValues(tp.atom1) && FewValues(tp.atom2)) {
        st.source = Source::kMemo;
      } else if (tp.atom1 == internal::kGazetteer || tp.atom1 == internal::kTrigger ||
                 tp.atom2 == internal::kGazetteer || tp.atom2 == internal::kTrigger) {
        st.source = Source::kCondLocal;
        st.cond_first = tp.atom1 == internal::kGazetteer || tp.atom1 == internal::kTrigger;
        st.offset = st.cond_first ? tp.offset2 : tp.offset1;
      } else {
        st.source = Source::kTable;
      }
      // What the cached weights cannot hold goes to the table (the plain way).
      if (st.source == Source::kLocal && std::abs(st.offset) > LocalWeights::kMaxOffset) {
        st.source = Source::kTable;
      }
      if (st.source == Source::kCondLocal) {
        if (std::abs(st.offset) > LocalWeights::kMaxOffset ||
            cond_slots == LocalWeights::kMaxCondSlots) {
          st.source = Source::kTable;
        } else {
          st.slot = cond_slots++;
        }
      }
      p->steps.push_back(st);
      p->max_any_offset = std::max({p->max_any_offset, std::abs(tp.offset1), std::abs(tp.offset2)});
    }
    for (const Source source : {Source::kLocal, Source::kCondLocal}) {
      for (const Step& st : p->steps) {
        if (st.source != source) continue;
        const internal::Template& tp = templates[st.templ];
        LocalKeySpec k;
        k.templ = st.templ;
        if (source == Source::kCondLocal) {
          k.h1 = st.cond_first ? kNoneHash : tp.atom1;
          k.h2 = st.cond_first ? tp.atom2 : kNoneHash;
          k.slot = st.slot;
        } else {
          k.h1 = tp.atom1;
          k.h2 = tp.atom2 == internal::kNumAtoms ? kZeroHash : tp.atom2;
          k.lane = (st.offset + LocalWeights::kMaxOffset) * LocalWeights::kLanes;
        }
        p->local_keys.push_back(k);
      }
    }
    for (const Step& st : p->steps) {
      if (st.source == Source::kLocal) continue;
      const internal::Template& tp = templates[st.templ];
      OtherStep o;
      o.step = st;
      o.constant = tp.atom1 == internal::kNumAtoms;
      o.atom1 = o.constant ? kZeroHash : tp.atom1;
      o.offset1 = tp.offset1;
      o.atom2 = tp.atom2 == internal::kNumAtoms ? kZeroHash : tp.atom2;
      o.offset2 = tp.atom2 == internal::kNumAtoms ? 0 : tp.offset2;
      o.gazetteer_only = st.source == Source::kMemo && tp.atom1 == internal::kGazetteer &&
                         (tp.atom2 == internal::kNumAtoms || tp.atom2 == internal::kGazetteer);
      if (o.gazetteer_only) {
        for (const int off : {o.offset1, o.atom2 == kZeroHash ? o.offset1 : o.offset2}) {
          p->gazetteer_min_offset = std::min(p->gazetteer_min_offset, off);
          p->gazetteer_max_offset = std::max(p->gazetteer_max_offset, off);
        }
      }
      const int index = static_cast<int>(p->others.size());
      (o.constant                        ? p->constant_steps
       : o.gazetteer_only                ? p->gazetteer_steps
       : st.source == Source::kCondLocal ? p->cond_steps
       : st.source == Source::kMemo      ? p->memo_steps
                                         : p->table_steps)
          .push_back(index);
      p->others.push_back(o);
    }
    return p;
  }();
  return *plan;
}

// The local keys (Plan::local_keys) of a token with atom hashes `hash`, as stored (never 0),
// written to out[0, plan.local_keys.size()).
void WriteLocalKeys(const Plan& plan, const uint64_t* hash, uint64_t* out) {
  uint64_t h[kNoneHash + 1];
  std::memcpy(h, hash, internal::kNumAtoms * sizeof(uint64_t));
  h[kZeroHash] = 0;
  h[kNoneHash] = internal::NoneHash();
  for (const LocalKeySpec& k : plan.local_keys) {
    const uint64_t key = internal::FeatureKey(k.templ, h[k.h1], h[k.h2]);
    *out++ = key ? key : 1;
  }
}

typedef uint32_t U4 __attribute__((vector_size(16)));

// Adds a record's weights to the 9 lanes at e (12 readable and writable).
inline void AddRecord(const unsigned char* rec, uint32_t* e) {
  static_assert(kNumTags == 9);
  const unsigned char* tags = rec + 9;
  const int n = rec[8];
  auto weight = [&](int c) {
    uint32_t x;
    std::memcpy(&x, tags + n + 4 * c, sizeof(x));
    return x;
  };
  switch (n) {
    case 0:
      break;
    case 1:
      e[tags[0]] += weight(0);
      break;
    case 2:
      e[tags[0]] += weight(0);
      e[tags[1]] += weight(1);
      break;
    case 3:
      e[tags[0]] += weight(0);
      e[tags[1]] += weight(1);
      e[tags[2]] += weight(2);
      break;
    case kNumTags: {  // dense (model.h: kDenseFrom): tag order
      const unsigned char* w = tags + kNumTags;
      U4 a, b, x, y;
      std::memcpy(&a, e, sizeof(a));
      std::memcpy(&b, e + 4, sizeof(b));
      std::memcpy(&x, w, sizeof(x));
      std::memcpy(&y, w + 16, sizeof(y));
      a += x;
      b += y;
      std::memcpy(e, &a, sizeof(a));
      std::memcpy(e + 4, &b, sizeof(b));
      e[8] += weight(8);
      break;
    }
    default:
      for (int c = 0; c < n; ++c) e[tags[c]] += weight(c);
  }
}

}  // namespace

void Model::FillLocal(const unsigned char* const* found, internal::LocalWeights* out) const {
  static_assert(internal::LocalWeights::kLanes == kNumTags);
  const Plan& plan = TemplatePlan();
  out->sum.fill(0);
  out->record.fill(0);
  uint32_t* sum = reinterpret_cast<uint32_t*>(out->sum.data());  // same size, same bits
  for (size_t j = 0; j < plan.local_keys.size(); ++j) {
    const LocalKeySpec& k = plan.local_keys[j];
    if (found[j] == nullptr) continue;
    if (k.lane >= 0) {
      AddRecord(found[j], sum + k.lane);
    } else {
      out->record[k.slot] = static_cast<uint32_t>(found[j] - &records_[0]) + 1;
    }
  }
  out->model_id = id_;
}

void Model::ComputeLocal(const uint64_t* hash, internal::LocalWeights* out) const {
  const Plan& plan = TemplatePlan();
  std::vector<uint64_t> keys(plan.local_keys.size());
  WriteLocalKeys(plan, hash, keys.data());
  std::vector<const unsigned char*> found(keys.size());
  for (size_t j = 0; j < keys.size(); ++j) found[j] = Find(keys[j]);
  FillLocal(found.data(), out);
}

void Model::EmissionsKeyByKey(std::span<const internal::TokenAtoms> atoms,
                              std::vector<float>* emit) const {
  emit->assign(atoms.size() * kNumTags, 0.0f);
  std::vector<uint64_t> keys;
  for (size_t i = 0; i < atoms.size(); ++i) {
    uint32_t sum[kNumTags] = {};
    keys.clear();
    internal::TokenFeatures(atoms, i, &keys);
    for (uint64_t key : keys) {
      if (const unsigned char* r = Find(key ? key : 1)) AddWeights(r, sum);
    }
    ToEmissions(sum, &(*emit)[i * kNumTags]);
  }
}

void Model::Emissions(std::span<const internal::TokenAtoms> atoms, std::vector<float>* emit) const {
  using internal::LocalWeights;
  const Plan& plan = TemplatePlan();
  const size_t n = atoms.size();
  const size_t num_others = plan.others.size();
  const size_t num_local_keys = plan.local_keys.size();
  emit->resize(n * kNumTags);  // every value is written below
  if (n == 0) return;
  thread_local std::vector<LocalWeights> scratch;       // tokens without a cache entry
  thread_local std::vector<const LocalWeights*> local;  // per position, padded
  thread_local std::vector<uint64_t> keys;
  thread_local std::vector<uint32_t> key_target;  // the record_of index of keys[j]
  thread_local std::vector<const unsigned char*> found;
  thread_local std::vector<uint32_t> live;              // the keys probe_all probes
  thread_local std::vector<uint32_t> memo_at;           // per token and other step: its memo slot
  thread_local std::vector<uint8_t> gazetteer_none_at;  // per token: none_gazetteer_ applies
  thread_local std::vector<uint32_t> record_count;      // per token: its records in record_of
  thread_local std::vector<const unsigned char*> constant_records;
  thread_local std::vector<LocalWeights*> cold;
  thread_local std::vector<const unsigned char*> record_of;  // per token and other step
  // The memo is keyed by the template and its two atom hashes (cheaper to mix than FeatureKey,
  // which only runs on a memo miss).
  struct MemoSlot {
    uint64_t h1 = 0, h2 = 0;
    int templ = -1;
    const unsigned char* record = nullptr;
  };
  constexpr int kMemoBits = 13;
  thread_local std::vector<MemoSlot> memo(size_t{1} << kMemoBits);
  thread_local uint64_t memo_model = 0;
  if (memo_model != id_) {
    std::fill(memo.begin(), memo.end(), MemoSlot());
    memo_model = id_;
  }
  thread_local std::vector<const uint64_t*> hash_at;  // per position, padded: atom hashes
  static const auto boundary_hashes = [] {
    std::array<std::array<uint64_t, internal::kNumAtoms>, 2> b;
    b[0].fill(internal::BeforeHash());
    b[1].fill(internal::AfterHash());
    return b;
  }();

  // Slots are prefetched kAhead keys before their probe (more than the misses the core keeps in
  // flight would be dropped); a record as soon as its slot is read. found[j]: the record of
  // keys[j] or nullptr.
  // Keys the filter rules out (MayContain) are absent without a probe; `live` holds the others.
  // The per-call buffers only grow (a resize that grows value-initializes, and they were cut to
  // the keys written on every call: a memset per buffer per sentence); their first m are used.
  auto at_least = [](auto& v, size_t m) {
    if (v.size() < m) v.resize(m);
  };
  auto probe_all = [&](size_t m) {
    constexpr size_t kAhead = 32;
    at_least(found, m);
    at_least(live, m);  // written in place below (a push_back reloads the end and capacity)
    size_t num_live = 0;
    constexpr size_t kFilterAhead = 16;  // the filter is larger than the core's own caches
    for (size_t j = 0; j < std::min(m, kFilterAhead); ++j) {
      __builtin_prefetch(&filter_[keys[j] >> filter_shift_]);
    }
    for (size_t j = 0; j < m; ++j) {
      if (j + kFilterAhead < m)
        __builtin_prefetch(&filter_[keys[j + kFilterAhead] >> filter_shift_]);
      if (MayContain(keys[j])) {
        live[num_live++] = static_cast<uint32_t>(j);
      } else {
        found[j] = nullptr;
      }
    }
    const size_t l = num_live;
    for (size_t x = 0; x < std::min(l, kAhead); ++x) {
      __builtin_prefetch(&slots_[static_cast<size_t>(keys[live[x]]) & mask_]);
    }
    for (size_t x = 0; x < l; ++x) {
      if (x + kAhead < l) {
        __builtin_prefetch(&slots_[static_cast<size_t>(keys[live[x + kAhead]]) & mask_]);
      }
      const size_t j = live[x];
      const unsigned char* r = Probe(keys[j]);
      if (r != nullptr) {
        __builtin_prefetch(r);
        __builtin_prefetch(r + 31);  // a record may cross a cache line
      }
      found[j] = r;
    }
    for (size_t x = 0; x < l; ++x) {
      const size_t j = live[x];
      // Another key with the same fingerprint (rare): the full probe decides.
      if (found[j] != nullptr && RecordKey(found[j]) != keys[j]) found[j] = Find(keys[j]);
    }
  };

  // 1. The local weights of tokens that have none for this model yet, all probed together.
  constexpr long pad = LocalWeights::kMaxOffset;
  local.resize(n + 2 * pad);
  for (long p = 0; p < pad; ++p) {
    local[p] = &before_;
    local[n + pad + p] = &after_;
  }
  if (scratch.size() < n) scratch.resize(n);
  at_least(keys, n * num_local_keys);
  cold.clear();
  for (size_t i = 0; i < n; ++i) {
    LocalWeights* w = atoms[i].local;
    if (w == nullptr) {
      w = &scratch[i];
      w->model_id = 0;
    }
    local[i + pad] = w;
    if (w->model_id == id_) continue;
    w->model_id = id_;  // filled below; a repeated token is computed once
    WriteLocalKeys(plan, atoms[i].hash.data(), &keys[cold.size() * num_local_keys]);
    cold.push_back(w);
  }
  if (!cold.empty()) {
    probe_all(cold.size() * num_local_keys);
    for (size_t c = 0; c < cold.size(); ++c) FillLocal(&found[c * num_local_keys], cold[c]);
  }

  // 2. The record of every (token, non-local template): local when "-", memo, or a table key to
  // probe. Records are prefetched as soon as they are known, for the sums below.
  static const unsigned char kNoRecord[9] = {};  // key 0, no weights
  const unsigned char* const records = &records_[0];
  at_least(record_of, n * num_others);
  // At most this many table keys per token, written in place (num_keys counts them).
  at_least(keys, n * (plan.cond_steps.size() + plan.table_steps.size()));
  at_least(key_target, n * (plan.cond_steps.size() + plan.table_steps.size()));
  uint64_t* const key_out = keys.data();
  uint32_t* const target_out = key_target.data();
  size_t num_keys = 0;
  const uint64_t none_hash = internal::NoneHash();
  const long hpad = plan.max_any_offset;
  hash_at.resize(n + 2 * hpad);
  for (long p = 0; p < hpad; ++p) {
    hash_at[p] = boundary_hashes[0].data();
    hash_at[n + hpad + p] = boundary_hashes[1].data();
  }
  for (size_t i = 0; i < n; ++i) hash_at[i + hpad] = atoms[i].hash.data();
  auto memo_index = [&](const OtherStep& o, uint64_t h1, uint64_t h2) {
    const uint64_t mix = (h1 ^ (h2 * 0x9E3779B97F4A7C15ULL) ^ static_cast<uint64_t>(o.step.templ)) *
                         0xD6E8FEB86659FD93ULL;
    return static_cast<size_t>(mix >> (64 - kMemoBits));
  };
  // The record of a memo step from its slot (the feature key is computed on a miss only).
  auto memo_record = [&](const OtherStep& o, size_t slot, uint64_t h1, uint64_t h2) {
    MemoSlot& m = memo[slot];
    if (m.h1 != h1 || m.h2 != h2 || m.templ != o.step.templ) {
      const uint64_t key = internal::FeatureKey(o.step.templ, h1, h2);
      const unsigned char* r = Find(key ? key : 1);  // as stored
      m.h1 = h1;
      m.h2 = h2;
      m.templ = o.step.templ;
      m.record = r != nullptr ? r : kNoRecord;
    }
    return m.record;
  };
  // The memo is larger than the core's nearest caches: the slots of a token's memo steps are
  // found, and fetched, two tokens ahead (memo_at[i * |memo_steps| + m]). The gazetteer_only steps
  // mostly take none_gazetteer_ and are looked up in place.
  constexpr size_t kMemoAhead = 2;
  const size_t num_memo = plan.memo_steps.size();
  at_least(memo_at, n * num_memo);
  gazetteer_none_at.resize(n);
  record_count.resize(n);
  auto prefetch_memo = [&](size_t i) {
    const uint64_t* const* ha = &hash_at[i + hpad];
    for (size_t m = 0; m < num_memo; ++m) {
      const OtherStep& o = plan.others[plan.memo_steps[m]];
      const size_t slot = memo_index(o, o.Hash1(ha), o.Hash2(ha));
      memo_at[i * num_memo + m] = static_cast<uint32_t>(slot);
      __builtin_prefetch(&memo[slot]);
    }
  };
  constant_records.clear();  // the bias's
  for (const int k : plan.constant_steps) {
    const uint64_t key = internal::FeatureKey(plan.others[k].step.templ, 0, 0);
    const unsigned char* r = Find(key ? key : 1);
    if (r != nullptr) constant_records.push_back(r);
  }
  for (size_t i = 0; i < std::min(n, kMemoAhead); ++i) prefetch_memo(i);
  for (size_t i = 0; i < n; ++i) {
    if (i + kMemoAhead < n) prefetch_memo(i + kMemoAhead);
    // out[0..c): the records to add for token i (absent features are left out; a table key's
    // place is filled after the probes).
    const unsigned char** out = &record_of[i * num_others];
    size_t c = 0;
    const LocalWeights* const* at = &local[i + pad];
    const uint64_t* const* ha = &hash_at[i + hpad];
    for (const unsigned char* r : constant_records) out[c++] = r;
    auto table_key = [&](const OtherStep& o, uint64_t h1, uint64_t h2) {
      const uint64_t key = internal::FeatureKey(o.step.templ, h1, h2);
      key_out[num_keys] = key ? key : 1;  // as stored
      target_out[num_keys++] = static_cast<uint32_t>(i * num_others + c);
      out[c++] = kNoRecord;
    };
    for (const int k : plan.cond_steps) {
      const OtherStep& o = plan.others[k];
      const Step& st = o.step;
      const uint64_t h1 = o.Hash1(ha), h2 = o.Hash2(ha);
      if ((st.cond_first ? h1 : h2) == none_hash) {
        const uint32_t r = at[st.offset]->record[st.slot];
        if (r != 0) {
          out[c] = records + (r - 1);
          __builtin_prefetch(out[c++]);
        }
      } else {
        table_key(o, h1, h2);
      }
    }
    for (size_t m = 0; m < num_memo; ++m) {
      const OtherStep& o = plan.others[plan.memo_steps[m]];
      const uint64_t h1 = o.Hash1(ha), h2 = o.Hash2(ha);
      const unsigned char* r = memo_record(o, memo_at[i * num_memo + m], h1, h2);
      if (r != kNoRecord) out[c++] = r;
    }
    // No gazetteer code around the token (most tokens): the gazetteer_only steps weigh
    // none_gazetteer_, added in 3.
    bool gazetteer_none = true;
    for (int d = plan.gazetteer_min_offset; d <= plan.gazetteer_max_offset; ++d) {
      gazetteer_none &= ha[d][internal::kGazetteer] == none_hash;
    }
    gazetteer_none_at[i] = gazetteer_none;
    if (!gazetteer_none) {
      for (const int k : plan.gazetteer_steps) {
        const OtherStep& o = plan.others[k];
        const uint64_t h1 = o.Hash1(ha), h2 = o.Hash2(ha);
        const unsigned char* r = memo_record(o, memo_index(o, h1, h2), h1, h2);
        if (r != kNoRecord) out[c++] = r;
      }
    }
    for (const int k : plan.table_steps) {
      const OtherStep& o = plan.others[k];
      table_key(o, o.Hash1(ha), o.Hash2(ha));
    }
    record_count[i] = static_cast<uint32_t>(c);
  }
  probe_all(num_keys);
  for (size_t j = 0; j < num_keys; ++j) {
    record_of[key_target[j]] = found[j] != nullptr ? found[j] : kNoRecord;
  }

  // 3. The integer sums: the five per-offset sums of the local templates (three 4-lane vectors
  // each; lanes 9..11 are the next offset's and are not read), then the other records.
  for (size_t i = 0; i < n; ++i) {
    alignas(16) uint32_t e[12];
    U4 acc[3] = {};
    const LocalWeights* const* at = &local[i];  // at[d + pad]: the token at offset d
    for (int d = 0; d < LocalWeights::kOffsets; ++d) {
      const int32_t* s = at[d]->sum.data() + d * LocalWeights::kLanes;
      for (int v = 0; v < 3; ++v) {
        U4 x;
        std::memcpy(&x, s + 4 * v, sizeof(x));
        acc[v] += x;
      }
    }
    if (gazetteer_none_at[i]) {
      for (int v = 0; v < 3; ++v) {
        U4 x;
        std::memcpy(&x, none_gazetteer_.data() + 4 * v, sizeof(x));
        acc[v] += x;
      }
    }
    std::memcpy(e, acc, sizeof(e));
    const unsigned char* const* r = &record_of[i * num_others];
    for (size_t k = 0; k < record_count[i]; ++k) AddRecord(r[k], e);
    ToEmissions(e, &(*emit)[i * kNumTags]);
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
  std::vector<int32_t> weights;  // kNumTags per key, in units
  keys.reserve(lines);
  weights.reserve(lines * kNumTags);
  // Two descriptions hashing to one key (astronomically rare) add up, as they would when training.
  // False when a sum leaves +-kMaxWeight.
  auto insert = [&](uint64_t key, const double* w) {
    const uint64_t k = key ? key : 1;
    size_t i = static_cast<size_t>(k) & (cap - 1);
    while (index[i] != 0 && keys[index[i] - 1] != k) i = (i + 1) & (cap - 1);
    if (index[i] == 0) {
      keys.push_back(k);
      weights.resize(weights.size() + kNumTags, 0);
      index[i] = static_cast<uint32_t>(keys.size());
    }
    int32_t* row = &weights[(index[i] - 1) * kNumTags];
    for (int t = 0; t < kNumTags; ++t) {
      const double sum = row[t] + w[t];  // both whole and small: exact
      if (!(std::fabs(sum) <= kMaxWeight)) return false;
      row[t] = static_cast<int32_t>(sum);
    }
    return true;
  };
  double unit = 1.0;
  bool unit_locked_by_edges = false;  // edge weights read (in units)
  bool saw_magic = false;
  size_t pos = 0, line_no = 0;
  double w[kNumTags];
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
      // Weights are kept in units: one unit for the whole file.
      if (!keys.empty() || unit_locked_by_edges) return corrupt("unit after feature weights");
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
      if (!ParseWeights(rest, w)) return corrupt("bad weights");
      for (int t = 0; t < kNumTags; ++t) {
        model->trans_.score[row][t] = static_cast<float>(w[t] * unit);
      }
    } else if (kind == "edge") {
      // edge TEMPLATE VALUE FROM TAG=w ...: the weights of the transitions FROM -> TAG when the
      // edge feature TEMPLATE VALUE holds at the token entered.
      const int e = internal::EdgeTemplateIndex(NextField(&rest));
      const std::string_view value = NextField(&rest);
      const std::string_view from = NextField(&rest);
      uint64_t key;
      Tag tag;
      if (!internal::EdgeKeyFromTemplateValue(e, value, &key)) return corrupt("unknown edge");
      if (!ParseTag(from, &tag)) return corrupt("bad edge row");
      if (!ParseWeights(rest, w)) return corrupt("bad weights");
      for (int t = 0; t < kNumTags; ++t) {
        if (!(std::fabs(w[t]) <= kMaxWeight) || w[t] != std::trunc(w[t])) {
          return corrupt("an edge weight is not a whole number of units up to 2^24");
        }
      }
      unit_locked_by_edges = true;
      auto [it, inserted] =
          model->edge_index_.try_emplace(key, static_cast<uint32_t>(model->edge_index_.size()));
      if (inserted) {
        model->edge_keys_.push_back(key);
        model->edge_weights_.resize(model->edge_weights_.size() + kNumTags * kNumTags, 0);
        if (std::find(model->edge_templates_.begin(), model->edge_templates_.end(), e) ==
            model->edge_templates_.end()) {
          model->edge_templates_.push_back(e);
        }
      }
      int32_t* row = &model->edge_weights_[(static_cast<size_t>(it->second) * kNumTags +
                                            static_cast<int>(tag)) *
                                           kNumTags];
      for (int t = 0; t < kNumTags; ++t) {
        const double sum = row[t] + w[t];
        if (!(std::fabs(sum) <= kMaxWeight)) return corrupt("edge weights add up past 2^24 units");
        row[t] = static_cast<int32_t>(sum);
      }
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
      if (!ParseWeights(rest, w)) return corrupt("bad weights");
      for (int t = 0; t < kNumTags; ++t) {
        if (!(std::fabs(w[t]) <= kMaxWeight) || w[t] != std::trunc(w[t])) {
          return corrupt("a feature weight is not a whole number of units up to 2^24");
        }
      }
      if (!insert(key, w)) return corrupt("a feature's weights add up past 2^24 units");
    }
  }
  if (!saw_magic) return Status::Corrupt("NER model: empty");
  std::sort(model->edge_templates_.begin(), model->edge_templates_.end());
  if (!model->Build(keys, weights)) return Status::Corrupt("NER model: too many features");
  model->unit_ = unit;
  model->Finish();
  model->owned_text_.assign(text);
  model->text_ = model->owned_text_;
  return model;
}

void Model::Finish() {
  static std::atomic<uint64_t> next_id{1};
  id_ = next_id.fetch_add(1);
  std::array<uint64_t, internal::kNumAtoms> boundary;
  boundary.fill(internal::BeforeHash());
  ComputeLocal(boundary.data(), &before_);
  boundary.fill(internal::AfterHash());
  ComputeLocal(boundary.data(), &after_);
  // The gazetteer_only features with the code "-" at every offset, as Emissions looks them up.
  none_gazetteer_.fill(0);
  const uint64_t none = internal::NoneHash();
  for (const OtherStep& o : TemplatePlan().others) {
    if (!o.gazetteer_only) continue;
    const uint64_t key = internal::FeatureKey(o.step.templ, none, o.atom2 == kZeroHash ? 0 : none);
    if (const unsigned char* r = Find(key ? key : 1)) {
      AddRecord(r, reinterpret_cast<uint32_t*>(none_gazetteer_.data()));
    }
  }
}

namespace {

// The compiled form: a header of fixed-size fields, then the records as Model keeps them.
constexpr char kCompiledMagic[16] = "khabar-ner-bin1";

struct CompiledHeader {
  char magic[16];
  // Checks that the blob was written by a khabar that hashes features the same way: the number of
  // templates and tags, and the key of a feature over known atom texts.
  uint64_t feature_check;
  uint64_t count;         // features
  uint64_t record_bytes;  // bytes of records after the header
  double unit;
  double confidence_scale;
  float entity_bias;
  float trans[kNumTags + 1][kNumTags];
  // Edge features, after the records: edge_count times (key, kNumTags * kNumTags int32 weights).
  uint64_t edge_count;
  uint64_t edge_templates;  // bit e: the model has edge template e (internal::EdgeTemplates)
};
static_assert(std::is_trivially_copyable_v<CompiledHeader>);

uint64_t FeatureCheck() {
  const uint64_t shape =
      internal::EdgeTemplates().size() * 1000000 + internal::Templates().size() * 1000 + kNumTags;
  return internal::FeatureKey(static_cast<int>(internal::Templates().size()) - 1,
                              internal::HashAtom("<s>"), internal::HashAtom("قال")) ^
         shape;
}

}  // namespace

std::string Model::Compile() const {
  CompiledHeader h;
  std::memset(&h, 0, sizeof(h));  // padding bytes too: the same model gives the same blob
  std::memcpy(h.magic, kCompiledMagic, sizeof(h.magic));
  h.feature_check = FeatureCheck();
  h.count = count_;
  h.record_bytes = records_.size();
  h.unit = unit_;
  h.confidence_scale = confidence_scale_;
  h.entity_bias = entity_bias_;
  std::memcpy(h.trans, trans_.score, sizeof(h.trans));
  h.edge_count = edge_keys_.size();
  for (const int e : edge_templates_) h.edge_templates |= uint64_t{1} << e;
  std::string out(reinterpret_cast<const char*>(&h), sizeof(h));
  out.append(reinterpret_cast<const char*>(&records_[0]), records_.size());
  constexpr size_t kPairs = kNumTags * kNumTags;
  for (size_t f = 0; f < edge_keys_.size(); ++f) {
    out.append(reinterpret_cast<const char*>(&edge_keys_[f]), sizeof(uint64_t));
    out.append(reinterpret_cast<const char*>(&edge_weights_[f * kPairs]), kPairs * sizeof(int32_t));
  }
  return out;
}

Result<std::unique_ptr<Model>> Model::FromCompiled(std::string_view blob, std::string_view text) {
  auto corrupt = [](std::string_view why) {
    return Status::Corrupt("compiled NER model: " + std::string(why));
  };
  CompiledHeader h;
  if (blob.size() < sizeof(h)) return corrupt("truncated header");
  std::memcpy(&h, blob.data(), sizeof(h));
  if (std::memcmp(h.magic, kCompiledMagic, sizeof(h.magic)) != 0) return corrupt("bad magic");
  if (h.feature_check != FeatureCheck()) {
    return corrupt("written by a khabar with other feature templates or hashing");
  }
  constexpr size_t kPairs = kNumTags * kNumTags;
  constexpr size_t kEdgeBytes = sizeof(uint64_t) + kPairs * sizeof(int32_t);
  const std::string_view rest = blob.substr(sizeof(h));
  if (h.record_bytes > rest.size() || h.edge_count > (rest.size() - h.record_bytes) / kEdgeBytes ||
      h.record_bytes + h.edge_count * kEdgeBytes != rest.size()) {
    return corrupt("record bytes do not match the size");
  }
  if (h.edge_templates >> internal::EdgeTemplates().size() != 0 ||
      (h.edge_count > 0) != (h.edge_templates != 0)) {
    return corrupt("bad edge templates");
  }
  const std::string_view records = rest.substr(0, h.record_bytes);
  if (h.record_bytes > std::numeric_limits<uint32_t>::max()) return corrupt("too many records");
  if (h.count > h.record_bytes / 9) return corrupt("more features than records");
  if (!(h.unit > 0) || !(h.confidence_scale > 0) || !std::isfinite(h.entity_bias)) {
    return corrupt("bad unit, confidence_scale or entity_bias");
  }
  auto model = std::make_unique<Model>();
  model->unit_ = h.unit;
  model->confidence_scale_ = h.confidence_scale;
  model->entity_bias_ = h.entity_bias + 0.0f;  // -0 as +0, as Parse
  std::memcpy(model->trans_.score, h.trans, sizeof(h.trans));
  model->AllocateIndex(h.count);
  model->records_.Allocate(records.size());
  model->records_.resize_to_capacity();
  unsigned char* const rec = &model->records_[0];
  if (!records.empty()) std::memcpy(rec, records.data(), records.size());
  // Every record is checked as Parse would have built it: a non-zero key, 0..kNumTags weights of
  // increasing tags (so a dense record has all of them, in order) and magnitudes <= kMaxWeight.
  const unsigned char* p = rec;
  const unsigned char* const end = rec + records.size();
  size_t count = 0;
  while (p != end) {
    if (end - p < 9) return corrupt("truncated record");
    const uint64_t key = RecordKey(p);
    const int n = p[8];
    if (key == 0 || n > kNumTags) return corrupt("bad record");
    if (static_cast<size_t>(end - p - 9) < 5 * static_cast<size_t>(n)) {
      return corrupt("truncated record");
    }
    const unsigned char* tags = p + 9;
    constexpr uint32_t kMax = static_cast<uint32_t>(kMaxWeight);
    int last = -1;
    bool ok = true;
    for (int c = 0; c < n; ++c) {
      uint32_t w;
      std::memcpy(&w, tags + n + 4 * c, sizeof(w));
      ok &= tags[c] > last && w + kMax <= 2 * kMax;  // -kMax <= int32(w) <= kMax
      last = tags[c];
    }
    if (!ok || last >= kNumTags) return corrupt("bad record weights");
    if (++count > h.count) return corrupt("more records than features");
    model->IndexRecord(key, static_cast<size_t>(p - rec));
    p += 9 + 5 * static_cast<size_t>(n);
  }
  if (count != h.count) return corrupt("fewer records than features");
  for (int e = 0; e < static_cast<int>(internal::EdgeTemplates().size()); ++e) {
    if (h.edge_templates >> e & 1) model->edge_templates_.push_back(e);
  }
  const char* edge = rest.data() + h.record_bytes;
  model->edge_weights_.resize(h.edge_count * kPairs);
  for (size_t f = 0; f < h.edge_count; ++f, edge += kEdgeBytes) {
    uint64_t key;
    std::memcpy(&key, edge, sizeof(key));
    int32_t* w = &model->edge_weights_[f * kPairs];
    std::memcpy(w, edge + sizeof(key), kPairs * sizeof(int32_t));
    for (size_t k = 0; k < kPairs; ++k) {
      if (!(std::abs(static_cast<int64_t>(w[k])) <= static_cast<int64_t>(kMaxWeight))) {
        return corrupt("bad edge weights");
      }
    }
    if (!model->edge_index_.try_emplace(key, static_cast<uint32_t>(f)).second) {
      return corrupt("an edge feature twice");
    }
    model->edge_keys_.push_back(key);
  }
  model->Finish();
  model->text_ = text;
  return model;
}

bool Model::SameTables(const Model& o) const {
  auto same_bytes = [](const void* a, const void* b, size_t n) {
    return std::memcmp(a, b, n) == 0;
  };
  return count_ == o.count_ && mask_ == o.mask_ && records_.size() == o.records_.size() &&
         same_bytes(&records_[0], &o.records_[0], records_.size()) &&
         same_bytes(&slots_[0], &o.slots_[0], slots_.size() * sizeof(uint64_t)) &&
         filter_ == o.filter_ && filter_shift_ == o.filter_shift_ &&
         same_bytes(&trans_, &o.trans_, sizeof(trans_)) &&
         confidence_scale_ == o.confidence_scale_ && entity_bias_ == o.entity_bias_ &&
         unit_ == o.unit_ && same_bytes(&before_.sum, &o.before_.sum, sizeof(before_.sum)) &&
         before_.record == o.before_.record && after_.sum == o.after_.sum &&
         after_.record == o.after_.record && none_gazetteer_ == o.none_gazetteer_ &&
         edge_templates_ == o.edge_templates_ && edge_keys_ == o.edge_keys_ &&
         edge_weights_ == o.edge_weights_;
}

void MaskPositionTransitions(const float* scores, float* rows) {
  for (int p = 0; p < kNumTags; ++p) {
    for (int t = 0; t < kTransRow; ++t) {
      rows[p * kTransRow + t] =
          t < kNumTags && Transitions::Allowed(p, t) ? scores[p * kNumTags + t] : kForbidden;
    }
  }
}

void Model::PositionTransitions(std::span<const internal::TokenAtoms> atoms,
                                std::vector<float>* out) const {
  constexpr int kPairs = kNumTags * kNumTags;
  const size_t n = atoms.size();
  out->resize(n * kPositionTransFloats);
  // A token's rows depend on the atoms its edge templates read alone, which take few distinct
  // combinations (word classes, gazetteer codes, shapes): a per-thread memo keyed by the model and
  // those atoms' hashes, mixed, keeps the rows last computed (the keys are computed on a miss).
  struct Memo {
    uint64_t tag = 0;  // 0 = empty
    float rows[kPositionTransFloats];
  };
  constexpr size_t kMemoSlots = 2048;
  thread_local std::vector<Memo> memo(kMemoSlots);
  // The (atom, offset) pairs the edge templates read: offsets 0 and -1, so tokens i and i - 1.
  const auto templates = internal::EdgeTemplates();
  std::array<std::pair<int, int>, 2 * 32> reads;
  size_t num_reads = 0;
  auto add_read = [&](internal::Atom a, int offset) {
    const std::pair<int, int> r(a, offset);
    if (std::find(reads.begin(), reads.begin() + num_reads, r) == reads.begin() + num_reads) {
      reads[num_reads++] = r;
    }
  };
  for (const int e : edge_templates_) {
    add_read(templates[e].atom1, templates[e].offset1);
    if (templates[e].atom2 != internal::kNumAtoms) {
      add_read(templates[e].atom2, templates[e].offset2);
    }
  }
  int32_t sum[kPairs];
  float scores[kPairs];
  for (size_t i = 1; i < n; ++i) {
    uint64_t tag = id_;
    for (size_t r = 0; r < num_reads; ++r) {
      tag = internal::MixBits(tag ^ atoms[i + reads[r].second].hash[reads[r].first]);
    }
    tag |= 1;
    Memo& slot = memo[tag & (kMemoSlots - 1)];
    float* rows = &(*out)[i * kPositionTransFloats];
    if (slot.tag == tag) {
      std::memcpy(rows, slot.rows, sizeof slot.rows);
      continue;
    }
    std::memset(sum, 0, sizeof sum);
    for (const int e : edge_templates_) {
      const auto it = edge_index_.find(internal::EdgeKey(atoms, i, e));
      if (it == edge_index_.end()) continue;
      const int32_t* w = &edge_weights_[static_cast<size_t>(it->second) * kPairs];
      for (int k = 0; k < kPairs; ++k) sum[k] += w[k];
    }
    for (int p = 0; p < kNumTags; ++p) {
      for (int t = 0; t < kNumTags; ++t) {
        scores[p * kNumTags + t] =
            trans_.score[p][t] +
            static_cast<float>(static_cast<double>(sum[p * kNumTags + t]) * unit_);
      }
    }
    MaskPositionTransitions(scores, rows);
    slot.tag = tag;
    std::memcpy(slot.rows, rows, sizeof slot.rows);
  }
}

// ---------------------------------------------------------------------------------------------

Tagger::Tagger(std::unique_ptr<Model> model) : model_(std::move(model)) {}
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;
Tagger::~Tagger() = default;

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
  return TagTokens(tokens, confidence, nullptr);
}

std::vector<Tag> Tagger::TagTokens(std::span<const std::string_view> tokens,
                                   std::vector<double>* confidence,
                                   std::vector<uint64_t>* compare_hashes) const {
  std::vector<Tag> tags(tokens.size(), Tag::kO);
  if (compare_hashes) compare_hashes->clear();
  if (tokens.empty()) {
    if (confidence) confidence->clear();
    return tags;
  }
  thread_local std::vector<internal::TokenAtoms> atoms;
  thread_local std::vector<float> emit;
  internal::ComputeAtoms(tokens, &atoms, /*with_text=*/false);
  if (compare_hashes) {
    compare_hashes->resize(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) (*compare_hashes)[i] = atoms[i].compare_hash;
  }
  model_->Emissions(std::span<const internal::TokenAtoms>(atoms.data(), tokens.size()), &emit);
  if (confidence) confidence->resize(tokens.size());
  if (model_->has_edges()) {
    thread_local std::vector<float> position_trans;
    model_->PositionTransitions(std::span<const internal::TokenAtoms>(atoms.data(), tokens.size()),
                                &position_trans);
    Viterbi(emit.data(), tokens.size(), model_->transitions(), tags.data(),
            confidence ? confidence->data() : nullptr, model_->confidence_scale(),
            position_trans.data());
    return tags;
  }
  Viterbi(emit.data(), tokens.size(), model_->transitions(), tags.data(),
          confidence ? confidence->data() : nullptr, model_->confidence_scale());
  return tags;
}

std::string Tagger::ToModelText() const { return std::string(model_->text()); }
size_t Tagger::num_features() const { return model_->num_features(); }

std::vector<std::vector<Tag>> TagSentences(const Tagger& tagger,
                                           std::span<const ConllSentence> sentences,
                                           std::span<const ConllDocStart> doc_starts) {
  std::vector<std::vector<Tag>> out;
  std::vector<std::vector<std::string_view>> views(sentences.size());
  std::vector<std::vector<double>> confidence(sentences.size());
  std::vector<std::vector<uint64_t>> compare_hashes(sentences.size());
  out.reserve(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    views[i].assign(sentences[i].tokens.begin(), sentences[i].tokens.end());
    out.push_back(tagger.TagTokens(views[i], &confidence[i], &compare_hashes[i]));
  }
  // A CoNLL file's documents (-DOCSTART-) may be long, and ANERcorp has no boundaries at all:
  // neighbours within a few sentences of the same document stand in for it (docs/ner.md
  // "Document pass").
  internal::DocumentPassOptions opt;
  opt.window = 5;
  size_t begin = 0;
  auto pass = [&](size_t end) {
    if (end <= begin) return;
    const size_t n = end - begin;
    opt.compare_hashes = std::span<const std::vector<uint64_t>>(compare_hashes).subspan(begin, n);
    internal::DocumentPass(std::span<const std::vector<std::string_view>>(views).subspan(begin, n),
                           std::span<std::vector<Tag>>(out).subspan(begin, n),
                           std::span<std::vector<double>>(confidence).subspan(begin, n), opt);
    begin = end;
  };
  for (const ConllDocStart& d : doc_starts) pass(std::min(d.before, sentences.size()));
  pass(sentences.size());
  return out;
}

}  // namespace khabar::ner
