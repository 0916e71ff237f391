#include "khabar/dedupe.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <span>
#include <tuple>
#include <utility>

#include "dedupe/minhash.h"
#include "khabar/text.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace khabar::dedupe {
namespace {

constexpr uint32_t kEmptyMin = std::numeric_limits<uint32_t>::max();
constexpr char kMagic[4] = {'K', 'D', 'S', '1'};
constexpr uint32_t kSchemeVersion = 1;  // bump when Shingles() or the hash family changes

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint32_t SchemeOf(const DedupeOptions& o) {
  uint64_t fields[5] = {kSchemeVersion, static_cast<uint64_t>(o.shingle_words),
                        o.skip_stopwords ? 1u : 0u, static_cast<uint64_t>(o.num_hashes()), o.seed};
  return static_cast<uint32_t>(XXH3_64bits(fields, sizeof(fields)));
}

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

bool SaneOptions(const DedupeOptions& o) {
  return o.shingle_words >= 1 && o.shingle_words <= 16 && o.bands >= 1 && o.rows >= 1 &&
         o.num_hashes() <= 4096;
}

// Analyzer::Stem(key), memoized per thread: news vocabulary is Zipfian, so most look-ups hit.
// The cache is dropped when it reaches kMaxCachedStems entries (bounded memory, ~4 MB).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return XXH3_64bits(s.data(), s.size()); }
};

std::string_view KeyStem(const text::Analyzer& analyzer, std::string_view key) {
  constexpr size_t kMaxCachedStems = 1 << 15;
  thread_local std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> cache;
  thread_local const text::Analyzer* cached_for = nullptr;
  if (cached_for != &analyzer || cache.size() >= kMaxCachedStems) {
    cache.clear();
    cached_for = &analyzer;
  }
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(std::string(key), analyzer.Stem(key)).first;
  return it->second;
}

// The minima of permutation i of each shingle hash h: the top 32 bits of a_i * h + b_i (mod
// 2^64). Integer arithmetic only, so every instruction set gives the same bits; compiled twice
// below (the loop over i vectorizes: 4 lanes with AVX2, 2 without), chosen once per process.
[[gnu::always_inline]] inline void MinHashes(const uint64_t* a, const uint64_t* b, int k,
                                             std::span<const uint64_t> hashes, uint32_t* mins) {
  for (uint64_t h : hashes) {
    for (int i = 0; i < k; ++i) {
      const uint32_t v = static_cast<uint32_t>((a[i] * h + b[i]) >> 32);
      mins[i] = v < mins[i] ? v : mins[i];
    }
  }
}

void MinHashesDefault(const uint64_t* a, const uint64_t* b, int k, std::span<const uint64_t> hashes,
                      uint32_t* mins) {
  MinHashes(a, b, k, hashes, mins);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// With 32-bit halves (xL, xH) of a, h and b: a * h = aL * hL + 2^32 * (aH * hL + aL * hH) mod 2^64,
// so the top 32 bits of a * h + b are those of aL * hL + b (a full 64-bit sum: its carry) plus the
// low 32 bits of the cross terms. Three 32x32->64 multiplies per lane (the 64-bit product the
// compiler made of the plain loop took the same three, then shifted and repacked its lanes), and
// eight permutations' minima kept in registers over all the hashes.
[[gnu::target("avx2")]] void MinHashesAvx2(const uint64_t* a, const uint64_t* b, int k,
                                           std::span<const uint64_t> hashes, uint32_t* mins) {
  int i = 0;
  const __m256i low_halves = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
  for (; i + 8 <= k; i += 8) {
    const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
    const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i + 4));
    const __m256i ah0 = _mm256_srli_epi64(a0, 32), ah1 = _mm256_srli_epi64(a1, 32);
    const __m256i b0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + i));
    const __m256i b1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + i + 4));
    // The minima in the low halves of 64-bit lanes (the high halves are never read).
    __m256i m0 = _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(mins + i)));
    __m256i m1 =
        _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(mins + i + 4)));
    for (const uint64_t h : hashes) {
      const __m256i hl = _mm256_set1_epi64x(static_cast<int64_t>(h));
      const __m256i hh = _mm256_srli_epi64(hl, 32);
      const __m256i cross0 = _mm256_add_epi32(_mm256_mul_epu32(ah0, hl), _mm256_mul_epu32(a0, hh));
      const __m256i cross1 = _mm256_add_epi32(_mm256_mul_epu32(ah1, hl), _mm256_mul_epu32(a1, hh));
      const __m256i top0 = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epu32(a0, hl), b0), 32);
      const __m256i top1 = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epu32(a1, hl), b1), 32);
      m0 = _mm256_min_epu32(_mm256_add_epi32(top0, cross0), m0);
      m1 = _mm256_min_epu32(_mm256_add_epi32(top1, cross1), m1);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(mins + i),
                     _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(m0, low_halves)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(mins + i + 4),
                     _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(m1, low_halves)));
  }
  if (i < k) MinHashes(a + i, b + i, k - i, hashes, mins + i);
}
#endif

using MinHashesFn = void (*)(const uint64_t*, const uint64_t*, int, std::span<const uint64_t>,
                             uint32_t*);
MinHashesFn ChooseMinHashes() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  if (__builtin_cpu_supports("avx2")) return MinHashesAvx2;
#endif
  return MinHashesDefault;
}

}  // namespace

namespace internal {
void MinHashesPortable(const uint64_t* a, const uint64_t* b, int k,
                       std::span<const uint64_t> hashes, uint32_t* mins) {
  MinHashesDefault(a, b, k, hashes, mins);
}
void MinHashesChosen(const uint64_t* a, const uint64_t* b, int k, std::span<const uint64_t> hashes,
                     uint32_t* mins) {
  static const MinHashesFn min_hashes = ChooseMinHashes();
  min_hashes(a, b, k, hashes, mins);
}
}  // namespace internal

std::string ArticleText(const ArticleRecord& record) {
  std::string text;
  for (const std::string& p : record.paragraphs) {
    if (!text.empty()) text.push_back('\n');
    text += p;
  }
  if (text.empty()) text = record.title;
  return text;
}

MinHasher::MinHasher(const DedupeOptions& options) : options_(options) {
  if (!SaneOptions(options_)) options_ = kDefaultOptions;  // see the header
  scheme_ = SchemeOf(options_);
  uint64_t state = options_.seed;
  const int k = options_.num_hashes();
  multipliers_.resize(k);
  addends_.resize(k);
  for (int i = 0; i < k; ++i) {
    multipliers_[i] = SplitMix64(&state) | 1;  // odd: h -> a*h + b is a bijection mod 2^64
    addends_[i] = SplitMix64(&state);
  }
}

const MinHasher& MinHasher::Default() {
  static const MinHasher* hasher = new MinHasher(kDefaultOptions);
  return *hasher;
}

ShingleBuilder::ShingleBuilder(const MinHasher& hasher)
    : n_(hasher.options().shingle_words), skip_stopwords_(hasher.options().skip_stopwords) {}

void ShingleBuilder::Add(const text::TokenAnalysis& t) {
  const text::Analyzer& analyzer = text::Analyzer::Default();
  std::string_view term;
  switch (t.token.kind) {
    case text::TokenKind::kWord:
      if (skip_stopwords_ && t.stopword) return;
      // The stem of the match key, not of the surface: spellings that share a key (ة/ه, ى/ي,
      // hamza) must share a term, and the analyzer's stem of the surface form can differ
      // between them. A word already in key form has that stem at hand.
      if (t.clean == t.key) {
        term = t.stem;
      } else {
        term = KeyStem(analyzer, t.key);
      }
      if (term.empty()) term = t.key;
      break;
    case text::TokenKind::kNumber:
    case text::TokenKind::kLatin:
    case text::TokenKind::kHashtag:
      term = t.key;
      break;
    default:  // punctuation, symbols, emoji, URLs, e-mails, mentions: page furniture, not prose
      return;
  }
  if (term.empty()) return;
  const size_t n = static_cast<size_t>(n_);
  // One division per token (not one per window entry): the ring slot of this token, and the
  // next one, where the oldest of the window then is.
  // The ring is written twice (slots i and i + n), so the window, oldest first, is the n slots
  // from `next` on: hashed in place, not copied into order.
  size_t next = tokens_ % n;
  window_[next] = window_[next + n] = XXH3_64bits(term.data(), term.size());
  if (++next == n) next = 0;
  ++tokens_;
  if (tokens_ >= n) shingles_.push_back(XXH3_64bits(window_ + next, n * sizeof(uint64_t)));
}

std::vector<uint64_t> ShingleBuilder::Finish() {
  const size_t n = static_cast<size_t>(n_);
  if (tokens_ > 0 && tokens_ < n) {
    shingles_.push_back(XXH3_64bits(window_, tokens_ * sizeof(uint64_t)));
  }
  std::sort(shingles_.begin(), shingles_.end());
  shingles_.erase(std::unique(shingles_.begin(), shingles_.end()), shingles_.end());
  tokens_ = 0;
  return std::move(shingles_);
}

std::vector<uint64_t> MinHasher::Shingles(std::string_view utf8) const {
  ShingleBuilder builder(*this);
  text::Analyzer::Default().Analyze(utf8, [&](const text::TokenAnalysis& t) { builder.Add(t); });
  return builder.Finish();
}

Signature MinHasher::Sign(std::string_view utf8) const {
  std::vector<uint64_t> shingles = Shingles(utf8);
  return SignShingles(shingles);
}

Signature MinHasher::SignShingles(std::span<const uint64_t> shingles) const {
  const int k = options_.num_hashes();
  Signature sig;
  sig.scheme = scheme_;
  sig.mins.assign(k, kEmptyMin);
  std::vector<uint64_t> distinct(shingles.begin(), shingles.end());
  if (!std::is_sorted(distinct.begin(), distinct.end()))
    std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  sig.shingle_count = static_cast<uint32_t>(
      std::min<size_t>(distinct.size(), std::numeric_limits<uint32_t>::max()));
  static const MinHashesFn min_hashes = ChooseMinHashes();
  min_hashes(multipliers_.data(), addends_.data(), k, distinct, sig.mins.data());
  return sig;
}

SimilarityEstimate Similarity(const Signature& a, const Signature& b) {
  SimilarityEstimate s;
  if (a.scheme != b.scheme || a.mins.size() != b.mins.size() || a.mins.empty() ||
      a.shingle_count == 0 || b.shingle_count == 0) {
    return s;
  }
  size_t equal = 0;
  const size_t k = a.mins.size();
  for (size_t i = 0; i < k; ++i) equal += a.mins[i] == b.mins[i];
  const double j = static_cast<double>(equal) / static_cast<double>(k);
  const double size_a = a.shingle_count, size_b = b.shingle_count;
  const double smaller = std::min(size_a, size_b);
  // |A∩B| = J (|A| + |B|) / (1 + J), capped by the smaller set.
  const double intersection = std::min(smaller, j * (size_a + size_b) / (1.0 + j));
  s.jaccard = j;
  s.containment = intersection / smaller;
  s.min_shingles = static_cast<uint32_t>(smaller);
  return s;
}

bool IsDuplicate(const SimilarityEstimate& s, const DedupeOptions& options) {
  if (s.jaccard >= options.jaccard_threshold) return true;
  return s.min_shingles >= options.min_shingles_for_containment &&
         s.jaccard >= options.min_jaccard_for_containment &&
         s.containment >= options.containment_threshold;
}

std::vector<uint64_t> BandKeys(const Signature& signature, const DedupeOptions& options) {
  std::vector<uint64_t> keys;
  if (signature.shingle_count == 0 || !SaneOptions(options) ||
      signature.mins.size() != static_cast<size_t>(options.num_hashes())) {
    return keys;
  }
  keys.reserve(options.bands);
  for (int band = 0; band < options.bands; ++band) {
    const uint32_t* rows = signature.mins.data() + static_cast<size_t>(band) * options.rows;
    keys.push_back(XXH3_64bits_withSeed(rows, options.rows * sizeof(uint32_t),
                                        (static_cast<uint64_t>(signature.scheme) << 32) | band));
  }
  return keys;
}

double CandidateProbability(double j, const DedupeOptions& options) {
  if (!SaneOptions(options)) return 0;
  j = std::clamp(j, 0.0, 1.0);
  const double p = std::pow(j, options.rows);
  const int n = options.bands;
  const int m = std::max(1, options.min_band_hits);
  // P(X >= m) for X ~ Binomial(n, p) = 1 - sum_{x < m} C(n,x) p^x (1-p)^(n-x).
  double below = 0, binom = 1;  // binom = C(n, x)
  for (int x = 0; x < m && x <= n; ++x) {
    below += binom * std::pow(p, x) * std::pow(1 - p, n - x);
    binom = binom * (n - x) / (x + 1);
  }
  return std::clamp(1 - below, 0.0, 1.0);
}

std::string SerializeSignature(const Signature& signature) {
  std::string out;
  out.reserve(16 + 4 * signature.mins.size());
  out.append(kMagic, 4);
  PutU32(&out, signature.scheme);
  PutU32(&out, signature.shingle_count);
  PutU32(&out, static_cast<uint32_t>(signature.mins.size()));
  for (uint32_t v : signature.mins) PutU32(&out, v);
  return out;
}

Result<Signature> DeserializeSignature(std::string_view bytes) {
  if (bytes.size() < 16 || std::memcmp(bytes.data(), kMagic, 4) != 0) {
    return Status::Corrupt("not a khabar dedupe signature (bad header)");
  }
  Signature sig;
  sig.scheme = GetU32(bytes.data() + 4);
  sig.shingle_count = GetU32(bytes.data() + 8);
  const uint32_t count = GetU32(bytes.data() + 12);
  if (count > 4096 || bytes.size() != 16 + static_cast<size_t>(count) * 4) {
    return Status::Corrupt("dedupe signature: length " + std::to_string(bytes.size()) +
                           " does not match its " + std::to_string(count) + " values");
  }
  sig.mins.resize(count);
  for (uint32_t i = 0; i < count; ++i) sig.mins[i] = GetU32(bytes.data() + 16 + 4 * i);
  return sig;
}

Signature Compact(const Signature& signature) {
  Signature out = signature;
  for (uint32_t& v : out.mins) v &= 0xFFu;
  return out;
}

std::string SerializeCompactSignature(const Signature& signature) {
  std::string out;
  out.reserve(16 + signature.mins.size());
  out.append("KDS8", 4);
  PutU32(&out, signature.scheme);
  PutU32(&out, signature.shingle_count);
  PutU32(&out, static_cast<uint32_t>(signature.mins.size()));
  for (uint32_t v : signature.mins) out.push_back(static_cast<char>(v & 0xFFu));
  return out;
}

Result<Signature> DeserializeCompactSignature(std::string_view bytes) {
  if (bytes.size() < 16 || std::memcmp(bytes.data(), "KDS8", 4) != 0) {
    return Status::Corrupt("not a khabar compact dedupe signature (bad header)");
  }
  Signature sig;
  sig.scheme = GetU32(bytes.data() + 4);
  sig.shingle_count = GetU32(bytes.data() + 8);
  const uint32_t count = GetU32(bytes.data() + 12);
  if (count > 4096 || bytes.size() != 16 + static_cast<size_t>(count)) {
    return Status::Corrupt("compact dedupe signature: length does not match its values");
  }
  sig.mins.resize(count);
  for (uint32_t i = 0; i < count; ++i) sig.mins[i] = static_cast<unsigned char>(bytes[16 + i]);
  return sig;
}

// ---------------------------------------------------------------------------------------------
// LshIndex

struct LshIndex::Impl {
  DedupeOptions options;
  std::unordered_map<uint64_t, std::vector<uint64_t>> buckets;  // band key -> doc ids
  std::unordered_map<uint64_t, Signature> signatures;

  void Remove(uint64_t doc_id) {
    auto it = signatures.find(doc_id);
    if (it == signatures.end()) return;
    for (uint64_t key : BandKeys(it->second, options)) {
      auto bucket = buckets.find(key);
      if (bucket == buckets.end()) continue;
      std::erase(bucket->second, doc_id);
      if (bucket->second.empty()) buckets.erase(bucket);
    }
    signatures.erase(it);
  }
};

LshIndex::LshIndex(const DedupeOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
LshIndex::~LshIndex() = default;
LshIndex::LshIndex(LshIndex&&) noexcept = default;
LshIndex& LshIndex::operator=(LshIndex&&) noexcept = default;

std::vector<uint64_t> LshIndex::Candidates(const Signature& signature) const {
  std::unordered_map<uint64_t, int> hits;
  for (uint64_t key : BandKeys(signature, impl_->options)) {
    auto bucket = impl_->buckets.find(key);
    if (bucket == impl_->buckets.end()) continue;
    for (uint64_t id : bucket->second) ++hits[id];
  }
  std::vector<uint64_t> out;
  const int needed = std::max(1, impl_->options.min_band_hits);
  for (const auto& [id, count] : hits) {
    if (count >= needed) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Match> LshIndex::Query(const Signature& signature) const {
  std::vector<Match> out;
  for (uint64_t id : Candidates(signature)) {
    const SimilarityEstimate s = Similarity(signature, impl_->signatures.at(id));
    if (IsDuplicate(s, impl_->options)) out.push_back({id, s});
  }
  std::sort(out.begin(), out.end(), [](const Match& x, const Match& y) {
    return std::tuple(-x.similarity.containment, -x.similarity.jaccard, x.doc_id) <
           std::tuple(-y.similarity.containment, -y.similarity.jaccard, y.doc_id);
  });
  return out;
}

std::vector<Match> LshIndex::Add(uint64_t doc_id, Signature signature) {
  impl_->Remove(doc_id);
  std::vector<Match> matches = Query(signature);
  for (uint64_t key : BandKeys(signature, impl_->options)) impl_->buckets[key].push_back(doc_id);
  impl_->signatures[doc_id] = std::move(signature);
  return matches;
}

std::vector<Match> LshIndex::DuplicatesOf(uint64_t doc_id) const {
  const Signature* signature = Find(doc_id);
  if (signature == nullptr) return {};
  std::vector<Match> matches = Query(*signature);
  std::erase_if(matches, [&](const Match& m) { return m.doc_id == doc_id; });
  return matches;
}

const Signature* LshIndex::Find(uint64_t doc_id) const {
  auto it = impl_->signatures.find(doc_id);
  return it == impl_->signatures.end() ? nullptr : &it->second;
}

size_t LshIndex::size() const { return impl_->signatures.size(); }

// ---------------------------------------------------------------------------------------------
// StoryClusterer

StoryClusterer::Node& StoryClusterer::NodeOf(uint64_t doc_id) {
  auto [it, inserted] = nodes_.try_emplace(doc_id);
  if (inserted) it->second.parent = doc_id;
  return it->second;
}

uint64_t StoryClusterer::Root(uint64_t doc_id) {
  uint64_t root = doc_id;
  while (nodes_.at(root).parent != root) root = nodes_.at(root).parent;
  while (doc_id != root) {  // path compression
    Node& node = nodes_.at(doc_id);
    doc_id = node.parent;
    node.parent = root;
  }
  return root;
}

void StoryClusterer::AddArticle(uint64_t doc_id, std::string_view published,
                                std::string_view outlet) {
  Node& node = NodeOf(doc_id);
  node.published = published;
  node.outlet = outlet;
}

void StoryClusterer::AddDuplicate(uint64_t a, uint64_t b) {
  NodeOf(a);
  NodeOf(b);
  uint64_t ra = Root(a), rb = Root(b);
  if (ra == rb) return;
  Node& na = nodes_.at(ra);
  Node& nb = nodes_.at(rb);
  if (na.rank < nb.rank) std::swap(ra, rb);
  nodes_.at(rb).parent = ra;
  if (nodes_.at(ra).rank == nodes_.at(rb).rank) ++nodes_.at(ra).rank;
}

namespace {
// Publication order: known times ascending, unknown ("") last, then id.
bool EarlierThan(const std::string& pa, uint64_t a, const std::string& pb, uint64_t b) {
  if (pa.empty() != pb.empty()) return !pa.empty();
  if (pa != pb) return pa < pb;
  return a < b;
}
}  // namespace

uint64_t StoryClusterer::StoryOf(uint64_t doc_id) {
  if (!nodes_.count(doc_id)) return doc_id;
  const uint64_t root = Root(doc_id);
  uint64_t best = doc_id;
  for (const auto& [id, node] : nodes_) {
    if (Root(id) != root) continue;
    const Node& b = nodes_.at(best);
    if (EarlierThan(node.published, id, b.published, best)) best = id;
  }
  return best;
}

std::vector<Story> StoryClusterer::Stories(size_t min_size) {
  std::unordered_map<uint64_t, std::vector<uint64_t>> groups;
  for (const auto& [id, node] : nodes_) groups[Root(id)].push_back(id);
  std::vector<Story> stories;
  for (auto& [root, members] : groups) {
    if (members.size() < std::max<size_t>(min_size, 1)) continue;
    std::sort(members.begin(), members.end(), [&](uint64_t a, uint64_t b) {
      return EarlierThan(nodes_.at(a).published, a, nodes_.at(b).published, b);
    });
    Story story;
    story.representative = members.front();
    for (uint64_t id : members) {
      const Node& node = nodes_.at(id);
      if (!node.outlet.empty() && std::find(story.outlets.begin(), story.outlets.end(),
                                            node.outlet) == story.outlets.end()) {
        story.outlets.push_back(node.outlet);
      }
      if (!node.published.empty()) {
        if (story.first_published.empty()) story.first_published = node.published;
        story.last_published = node.published;
      }
    }
    story.articles = std::move(members);
    stories.push_back(std::move(story));
  }
  std::sort(stories.begin(), stories.end(), [](const Story& a, const Story& b) {
    if (a.articles.size() != b.articles.size()) return a.articles.size() > b.articles.size();
    return EarlierThan(a.first_published, a.representative, b.first_published, b.representative);
  });
  return stories;
}

}  // namespace khabar::dedupe
