// Near-duplicate detection and wire-story clustering. Specified in docs/dedupe.md.
//
// An article becomes a MinHash Signature over word n-gram shingles of its analyzer stems
// (khabar::text). Two signatures estimate the Jaccard similarity of the shingle sets and, because
// outlets cut the last paragraphs of a wire story, the containment of the smaller set in the
// larger. Locality-sensitive hashing (bands x rows) turns a signature into BandKeys: documents that
// share at least `min_band_hits` band keys are candidates, and a candidate is a duplicate when
// IsDuplicate(Similarity(a, b)) holds. Stories are the connected components of the duplicate
// relation; the earliest published article represents its story.
//
//   using namespace khabar::dedupe;
//   const MinHasher& hasher = MinHasher::Default();
//   Signature sig = hasher.Sign(ArticleText(record));
//   std::string blob = SerializeSignature(sig);         // store as a BLOB
//   std::vector<uint64_t> keys = BandKeys(sig);          // store (band_key, doc_id), indexed
//   ... candidates = doc ids sharing >= kDefaultOptions.min_band_hits keys ...
//   SimilarityEstimate s = Similarity(sig, *DeserializeSignature(candidate_blob));
//   if (IsDuplicate(s)) ...
//
//   // Or all in memory:
//   LshIndex index;
//   std::vector<Match> dupes = index.Add(doc_id, sig);   // earlier near-duplicates, best first
//
// Cost: Sign() is linear in the text (analyzer + one XXH3 per shingle + K multiply-shifts per
// distinct shingle); Similarity() is O(K). All free functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "khabar/record.h"
#include "khabar/status.h"

namespace khabar::text {
struct TokenAnalysis;
}

namespace khabar::dedupe {

// Tuning knobs; docs/dedupe.md explains each and how the defaults were measured. Signatures made
// with different shingling/hashing options are not comparable (Signature::scheme tells them apart).
struct DedupeOptions {
  // Shingling.
  int shingle_words = 3;        // n of the word n-grams
  bool skip_stopwords = false;  // drop analyzer stopwords before making n-grams
  // MinHash: num_hashes = bands * rows values per signature.
  int bands = 64;
  int rows = 2;
  uint64_t seed = 0x6b686162617221ULL;  // "khabar!": fixes the hash family
  // LSH candidate rule: a pair is a candidate when it shares >= min_band_hits band keys.
  int min_band_hits = 1;
  // Duplicate rule (IsDuplicate): jaccard >= jaccard_threshold, or containment >=
  // containment_threshold when the smaller document has >= min_shingles_for_containment shingles
  // and jaccard >= min_jaccard_for_containment (below it the containment estimate is noise).
  double jaccard_threshold = 0.5;
  double containment_threshold = 0.55;
  uint32_t min_shingles_for_containment = 30;
  double min_jaccard_for_containment = 0.15;

  int num_hashes() const { return bands * rows; }
};

inline const DedupeOptions kDefaultOptions{};

// The corpus (include/khabar/store.h) stores the keys of the first kStoredBands bands of each
// article (of kDefaultOptions.bands) and verifies candidates on the whole signature: half the band
// rows for a candidate probability of 1 - (1 - J^2)^32 (0.95 at J = 0.3). Measured on the edit set
// by dedupe_eval_test (docs/dedupe.md, section 8).
inline constexpr int kStoredBands = 32;

// A document's MinHash signature. Plain value.
struct Signature {
  uint32_t scheme = 0;         // fingerprint of the options that made it (shingling + hashing)
  uint32_t shingle_count = 0;  // distinct shingles of the document (|A|)
  std::vector<uint32_t> mins;  // num_hashes minimum hash values; all 0xFFFFFFFF when empty
};

// The text an article is compared on: its body paragraphs joined by "\n" (the headline is left out
// because outlets rewrite it), or the title when the body is empty.
std::string ArticleText(const ArticleRecord& record);

// Makes signatures. Immutable after construction; Sign() is const and thread-safe. Each thread that
// signs keeps a memo of word stems (at most 32,768 entries, a few MB, dropped when full).
class MinHasher {
 public:
  // Options out of range (shingle_words outside 1..16, bands or rows < 1, more than 4096 hashes)
  // are replaced by kDefaultOptions; options() tells which were used.
  explicit MinHasher(const DedupeOptions& options = kDefaultOptions);

  // Process-wide hasher with kDefaultOptions.
  static const MinHasher& Default();

  const DedupeOptions& options() const { return options_; }

  // Distinct shingle hashes of `utf8` (sorted ascending): XXH3-64 over the XXH3-64 hashes of the
  // terms of `shingle_words` consecutive word/number/Latin/hashtag tokens. A word's term is
  // Analyzer::Stem() of its match key, so every spelling of a word is one term; other tokens are
  // their match key. Punctuation, symbols, URLs, e-mails and mentions are skipped, stopwords too
  // when `skip_stopwords`. A text with fewer tokens than `shingle_words` has one shingle of all
  // its tokens; a text without tokens has none.
  std::vector<uint64_t> Shingles(std::string_view utf8) const;

  // Signature of a text (any bytes; ill-formed UTF-8 is read as U+FFFD by the analyzer).
  Signature Sign(std::string_view utf8) const;
  // Signature of a set of shingle hashes (duplicates allowed).
  Signature SignShingles(std::span<const uint64_t> shingles) const;

 private:
  DedupeOptions options_;
  uint32_t scheme_;
  std::vector<uint64_t> multipliers_, addends_;
};

// MinHasher::Shingles() fed token by token, for a caller that analyzes the text anyway (the store
// indexes the same body: one analysis serves both). Add() every TokenAnalysis that
// text::Analyzer::Default().Analyze(text) gives, in order; Finish() then equals
// hasher.Shingles(text). One text per builder; not thread-safe.
class ShingleBuilder {
 public:
  explicit ShingleBuilder(const MinHasher& hasher);
  void Add(const text::TokenAnalysis& token);
  std::vector<uint64_t> Finish();

 private:
  int n_;
  bool skip_stopwords_;
  size_t tokens_ = 0;
  uint64_t window_[32];  // ring of the last n_ term hashes, twice (slots i and i + n_)
  std::vector<uint64_t> shingles_;
};

struct SimilarityEstimate {
  double jaccard = 0;      // |A∩B| / |A∪B|, estimated from the signatures
  double containment = 0;  // |A∩B| / min(|A|,|B|): how much of the shorter text is in the longer
  uint32_t min_shingles = 0;  // min(|A|,|B|)
};

// Estimates from two signatures of the same scheme. Signatures of different schemes or lengths,
// or an empty one, give all zeros. O(num_hashes).
SimilarityEstimate Similarity(const Signature& a, const Signature& b);

// The duplicate rule of `options` (see DedupeOptions).
bool IsDuplicate(const SimilarityEstimate& s, const DedupeOptions& options = kDefaultOptions);

// One 64-bit key per LSH band (options.bands keys, band index mixed in so that bands never share
// keys). Empty for an empty document or a signature whose length does not match the options.
std::vector<uint64_t> BandKeys(const Signature& signature,
                               const DedupeOptions& options = kDefaultOptions);

// Probability that a pair with Jaccard `j` becomes an LSH candidate under `options` (the S-curve):
// P(at least min_band_hits of `bands` bands agree), each band agreeing with probability j^rows.
double CandidateProbability(double j, const DedupeOptions& options = kDefaultOptions);

// Portable bytes of a signature (little-endian): "KDS1", scheme, shingle_count, count, mins.
// 16 + 4 * num_hashes bytes.
std::string SerializeSignature(const Signature& signature);
// kCorrupt when `bytes` is not a SerializeSignature() output.
Result<Signature> DeserializeSignature(std::string_view bytes);

// b-bit minwise hashing (Li & König, 2010) with b = 8: the signature with each minimum cut to its
// low 8 bits. Two compact signatures compare like full ones, with the Jaccard estimate raised by
// (1 - J) / 256 (under 0.4 points) from chance agreements, in a quarter of the space: the store
// keeps these. Compare compact signatures only with compact signatures.
Signature Compact(const Signature& signature);
// "KDS8", scheme, shingle_count, count, one byte per minimum: 16 + num_hashes bytes.
std::string SerializeCompactSignature(const Signature& signature);
// kCorrupt when `bytes` is not a SerializeCompactSignature() output. The result is compact.
Result<Signature> DeserializeCompactSignature(std::string_view bytes);

// A verified near-duplicate.
struct Match {
  uint64_t doc_id;
  SimilarityEstimate similarity;
};

// In-memory LSH index over signatures (the store keeps the same band keys in SQLite instead).
// Memory: the signature (4 * num_hashes bytes) plus `bands` ids per document.
// Thread-safety: const methods may run concurrently; Add() needs exclusive access.
class LshIndex {
 public:
  explicit LshIndex(const DedupeOptions& options = kDefaultOptions);
  ~LshIndex();
  LshIndex(LshIndex&&) noexcept;
  LshIndex& operator=(LshIndex&&) noexcept;

  // Ids of indexed documents sharing >= min_band_hits band keys with `signature`, ascending.
  std::vector<uint64_t> Candidates(const Signature& signature) const;
  // Candidates that pass IsDuplicate, most similar (containment, then Jaccard) first, then by id.
  std::vector<Match> Query(const Signature& signature) const;
  // Query(signature), then indexes the signature under `doc_id` (a doc_id already present is
  // replaced). Returns the near-duplicates found among earlier documents.
  std::vector<Match> Add(uint64_t doc_id, Signature signature);

  // Near-duplicates of the indexed document `doc_id` (itself excluded), as Query(); empty when
  // `doc_id` is not indexed.
  std::vector<Match> DuplicatesOf(uint64_t doc_id) const;

  // The indexed signature of `doc_id`, or nullptr. Valid until the next Add().
  const Signature* Find(uint64_t doc_id) const;
  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A story: a connected component of the duplicate relation.
struct Story {
  uint64_t representative = 0;       // the earliest published article (ties: smallest id)
  std::vector<uint64_t> articles;    // by publication time, then id; representative first
  std::vector<std::string> outlets;  // distinct non-empty outlets, in order of first publication
  std::string first_published, last_published;  // "" when no article has a time
};

// Groups articles into stories with union-find over duplicate pairs. Order-independent: the same
// articles and pairs give the same stories whatever order they are added in.
// Times are compared as strings: pass ISO 8601 with one common offset (e.g. all UTC); "" means
// unknown and sorts after every known time. Not synchronized.
class StoryClusterer {
 public:
  // Adds (or updates) an article. Articles named only by AddDuplicate() have no time or outlet.
  void AddArticle(uint64_t doc_id, std::string_view published, std::string_view outlet);
  // Records that `a` and `b` are near-duplicates (adds either if unknown).
  void AddDuplicate(uint64_t a, uint64_t b);

  // The representative of the story `doc_id` belongs to (doc_id itself when unknown or alone).
  // O(articles): for many look-ups use Stories().
  uint64_t StoryOf(uint64_t doc_id);
  // Every story with >= min_size articles, largest first, then by first publication, then by
  // representative id.
  std::vector<Story> Stories(size_t min_size = 2);
  size_t article_count() const { return nodes_.size(); }

 private:
  struct Node {
    uint64_t parent;
    uint32_t rank = 0;
    std::string published, outlet;
  };
  Node& NodeOf(uint64_t doc_id);
  uint64_t Root(uint64_t doc_id);
  std::unordered_map<uint64_t, Node> nodes_;
};

}  // namespace khabar::dedupe
