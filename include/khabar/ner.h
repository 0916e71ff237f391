// Named-entity recognition for Arabic news: a linear-chain tagger (averaged structured perceptron,
// Viterbi over IOB2 tags with BIO constraints) trained by khabar itself on ANERcorp, plus rules for
// titles and organization heads, and linking of every mention to the knowledge base.
//
//   // Tag pre-tokenized text (tokens as in ANERcorp: clitics attached).
//   const khabar::ner::Tagger& tagger = khabar::ner::Tagger::Default();
//   std::vector<khabar::ner::Tag> tags = tagger.TagTokens(tokens);
//
//   // Find, type and link entities in the paragraphs of an article.
//   std::vector<khabar::ner::Mention> mentions =
//       khabar::ner::Recognizer::Default().Recognize(record.paragraphs);
//
// Model, features, training recipe and evaluation protocol: docs/ner.md. The shipped model
// (data/ner/model.tsv, compiled into the binary) is a derivative of ANERcorp, CC BY-SA 4.0.
//
// Thread-safety: Tagger and Recognizer are immutable after construction; their const methods may be
// called from any number of threads at once. Default() objects are built once, on first use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::kb {
class KnowledgeBase;
class Linker;
}  // namespace khabar::kb

namespace khabar::ner {

// ---------------------------------------------------------------------------------------------
// Tags and spans (the ANERcorp scheme).

enum class EntityType : uint8_t { kPerson = 0, kLocation = 1, kOrganization = 2, kMisc = 3 };
inline constexpr int kNumEntityTypes = 4;
// "PERS", "LOC", "ORG", "MISC".
std::string_view EntityTypeName(EntityType type);

// IOB2 tags: O, then B-/I- for each EntityType in order. The numeric values are part of the model
// file format (docs/ner.md) and must not change.
enum class Tag : uint8_t {
  kO = 0,
  kBPers = 1,
  kIPers = 2,
  kBLoc = 3,
  kILoc = 4,
  kBOrg = 5,
  kIOrg = 6,
  kBMisc = 7,
  kIMisc = 8,
};
inline constexpr int kNumTags = 9;
// "O", "B-PERS", "I-PERS", ...
std::string_view TagName(Tag tag);
// Parses a tag name. Accepts the ANERcorp names and also PER for PERS; false if unknown.
bool ParseTag(std::string_view name, Tag* tag);
inline bool IsBegin(Tag t) { return t != Tag::kO && (static_cast<int>(t) % 2) == 1; }
inline bool IsInside(Tag t) { return t != Tag::kO && (static_cast<int>(t) % 2) == 0; }
inline EntityType TypeOf(Tag t) { return static_cast<EntityType>((static_cast<int>(t) - 1) / 2); }
inline Tag BeginTag(EntityType e) { return static_cast<Tag>(1 + 2 * static_cast<int>(e)); }
inline Tag InsideTag(EntityType e) { return static_cast<Tag>(2 + 2 * static_cast<int>(e)); }

// An entity over tokens [begin, end) of one sentence.
struct TokenSpan {
  size_t begin = 0;
  size_t end = 0;
  EntityType type = EntityType::kPerson;
  bool operator==(const TokenSpan&) const = default;
};

// Chunks a tag sequence the way conlleval does: an I-X that does not continue an X chunk starts a
// new one; a B-X always starts one.
std::vector<TokenSpan> SpansFromTags(std::span<const Tag> tags);
// Rewrites an I-X that does not continue an X chunk into B-X (so the sequence is valid IOB2 and
// SpansFromTags gives the same chunks).
void RepairBio(std::span<Tag> tags);

// ---------------------------------------------------------------------------------------------
// CoNLL files: one `TOKEN [TAG]` per line (token and tag split at the last space, tab, vertical
// tab or form feed), a blank line between sentences. Lines starting with "-DOCSTART-" (CoNLL 2003:
// `-DOCSTART- -X- -X- O`) start a document: they are no token of any sentence. '\r' is ignored.

struct ConllSentence {
  std::vector<std::string> tokens;
  std::vector<Tag> tags;  // empty when the input had no tags; else tokens.size() entries
  size_t line = 0;        // 1-based line of the first token in the input (for error messages)
};

// A "-DOCSTART-" line: the line as written (trimmed of '\r' and surrounding blanks, its tag kept)
// and the index of the sentence it precedes (the number of sentences when nothing follows).
struct ConllDocStart {
  size_t before = 0;
  std::string line;
};

struct ConllReadOptions {
  // When true every token line must carry a valid tag. When false a last column that is not a tag
  // is part of the token (`(أ ش أ)`), and one shaped like a tag of another scheme (`B-GPE`,
  // `S-PER`: a letter of B I E S L U, '-', capital letters) is a gold tag that is dropped: the
  // sentence then has no tags. Tags are ANERcorp's: O, B-/I- PERS (or PER), LOC, ORG, MISC.
  bool require_tags = false;
};
// kInvalidArgument (with the line number) on invalid UTF-8, an unknown tag when tags are required,
// a sentence that mixes tagged and untagged lines, or a line longer than 64 KiB.
// `doc_starts`, when given, receives the "-DOCSTART-" lines in file order.
Result<std::vector<ConllSentence>> ReadConll(std::string_view text,
                                             const ConllReadOptions& options = {},
                                             std::vector<ConllDocStart>* doc_starts = nullptr);
// `TOKEN TAG` lines, a blank line after each sentence. `tags` parallel to `sentences`. Each of
// `doc_starts` is echoed as read, followed by a blank line, before its sentence: a scorer that
// aligns the input's lines with these finds the same lines (`khabar ner --conll`).
std::string WriteConll(std::span<const ConllSentence> sentences,
                       std::span<const std::vector<Tag>> tags,
                       std::span<const ConllDocStart> doc_starts = {});

// ---------------------------------------------------------------------------------------------
// Entity-level evaluation (conlleval semantics: a predicted entity is correct when its span and
// type both match a gold entity exactly).

struct Counts {
  size_t gold = 0;
  size_t predicted = 0;
  size_t correct = 0;
  double Precision() const { return predicted ? static_cast<double>(correct) / predicted : 0.0; }
  double Recall() const { return gold ? static_cast<double>(correct) / gold : 0.0; }
  double F1() const;
  Counts& operator+=(const Counts& o);
};

struct Evaluation {
  Counts per_type[kNumEntityTypes];
  Counts overall;  // micro average over the four types
  size_t sentences = 0;
  size_t tokens = 0;
  size_t token_correct = 0;  // tokens whose tag is right (accuracy, for information)
  void Add(std::span<const Tag> gold, std::span<const Tag> predicted);
  // A table: one row per type and "overall", columns gold/pred/correct/precision/recall/F1.
  std::string ToString() const;
};

// Scores predicted sentences against gold ones. Both must have the same sentences and tokens in the
// same order (kInvalidArgument naming the first mismatch, with its sentence and both files' lines,
// otherwise), carry tags and hold at least one token (an empty gold scores nothing: an error).
Result<Evaluation> EvaluateConll(std::span<const ConllSentence> gold,
                                 std::span<const ConllSentence> predicted);

// ---------------------------------------------------------------------------------------------
// The tagger.

class Model;  // weights; defined in src/ner

class Tagger {
 public:
  // The model shipped in data/ner/model.tsv. Built on first use (tens of milliseconds).
  static const Tagger& Default();
  // Reads a model in the text format of docs/ner.md. kCorrupt on a malformed file.
  static Result<Tagger> FromModelText(std::string_view text);

  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;
  ~Tagger();

  // Best IOB2 tag sequence for the tokens of one sentence (valid IOB2 by construction). Tokens are
  // words with their clitics attached, as in ANERcorp; punctuation tokens separate.
  std::vector<Tag> TagTokens(std::span<const std::string_view> tokens) const;
  // Same, plus for each token a confidence in [0,1] that its tag is right: a logistic function of
  // the margin between the best sequence and the best sequence that tags that token differently.
  std::vector<Tag> TagTokens(std::span<const std::string_view> tokens,
                             std::vector<double>* confidence) const;

  // The model in the text format of docs/ner.md.
  std::string ToModelText() const;
  size_t num_features() const;

 private:
  friend class Trainer;
  friend class Recognizer;
  friend std::vector<std::vector<Tag>> TagSentences(const Tagger& tagger,
                                                    std::span<const ConllSentence> sentences,
                                                    std::span<const ConllDocStart> doc_starts);
  // TagTokens with confidences that also gives, per token, the hash of the form the document pass
  // compares words by (src/ner/forms.h: WordForms::compare_hash), which the tagger has at hand.
  std::vector<Tag> TagTokens(std::span<const std::string_view> tokens,
                             std::vector<double>* confidence,
                             std::vector<uint64_t>* compare_hashes) const;
  explicit Tagger(std::unique_ptr<Model> model);
  std::unique_ptr<Model> model_;
};

struct TrainOptions {
  int epochs = 15;
  // Features seen fewer times than this in training are not used.
  int min_feature_count = 1;
  // Features whose largest absolute averaged weight is below this are dropped from the saved model
  // (0.3: mostly features one of the `runs` perceptrons updated once; 40% of the features, F1
  // unchanged by cross-validation).
  double prune_weight = 0.3;
  // Added to every non-O score at decoding, in units of the model's confidence scale (the mean
  // absolute transition weight): trades precision for recall. 0 = plain perceptron.
  double entity_bias = 4.0;  // chosen by 5-fold cross-validation (docs/ner.md)
  uint64_t seed = 1;         // for the per-epoch shuffle
  // Perceptrons trained (run r shuffles with seed + r) and averaged into the one model written:
  // the mean of their averaged weights, so tagging costs the same (chosen by cross-validation:
  // docs/ner.md). Training time grows with it.
  int runs = 4;
  // Gazetteer dropout: in every training pass each token's knowledge-base atoms (its gazetteer
  // code and word class: every feature reading them, at any offset) are hidden with this
  // probability, for that pass's decoding and update alike. Without it the perceptron leans on
  // the KB for the names the KB holds and learns little of their context, which is what tags the
  // names it lacks (most names of new text). Chosen by cross-validation (docs/ner.md, revision
  // 7); 0 = off.
  double gazetteer_dropout = 0.3;
  // Edge templates (docs/ner.md "Edge features"): names of src/ner's edge templates (`w0`,
  // `trig0`, `w-1|w0` ...) whose atoms at a token condition the transition into it, each with a
  // weight per (previous tag, tag) trained with the rest. Empty: transitions depend on the tags
  // alone (the default). The best set measured (`trig0,gw0,gaz0,shape0,trig-1|trig0,gw-1|gw0,
  // shape-1|shape0`) gains +0.57 points of cross-validated F1 alone but only +0.15 on top of the
  // context templates of revision 11, below the house's half-point bar, at 12% of the tagger's
  // speed: not shipped (docs/ner.md, revisions 10 and 11).
  std::vector<std::string> edge_templates;
  // Edge features seen fewer times than this in training are not used.
  int edge_min_count = 1;
  // Called after each epoch with (epoch, training token accuracy); may be empty.
  void (*on_epoch)(int epoch, double accuracy, void* context) = nullptr;
  void* on_epoch_context = nullptr;
};

// Trains an averaged structured perceptron on tagged sentences. kInvalidArgument if a sentence has
// no tags or there is nothing to learn from (no sentence, or no entity tag in any).
Result<Tagger> Train(std::span<const ConllSentence> sentences, const TrainOptions& options);
// What Train refuses in the options alone, checked before any data is read: an unknown edge
// template, an entity bias that is not finite or beyond ±1000 confidence units (the model file
// stores it as a float times the confidence scale). kInvalidArgument naming the option.
Status CheckTrainOptions(const TrainOptions& options);

// Tags every sentence (ignoring any gold tags) and returns the predictions. The document pass
// (docs/ner.md) shares names between sentences within 5 of each other, never across one of
// `doc_starts` (a file's documents are separate articles).
std::vector<std::vector<Tag>> TagSentences(const Tagger& tagger,
                                           std::span<const ConllSentence> sentences,
                                           std::span<const ConllDocStart> doc_starts = {});

// ---------------------------------------------------------------------------------------------
// Entities in running text.

// One entity mention in an article. Offsets are in Unicode code points (not bytes) into
// paragraphs[paragraph], end exclusive.
struct Mention {
  size_t paragraph = 0;
  size_t begin = 0;
  size_t end = 0;
  std::string text;
  EntityType type = EntityType::kPerson;
  std::string id;         // knowledge-base id, or "NIL" when the entity is not in the KB
  std::string label_en;   // English label from the KB ("" when NIL)
  std::string qid;        // Wikidata QID from the KB ("" when unknown)
  double confidence = 0;  // in [0,1]
  std::string source;     // "model", "kb", "title", "coref" or "rule": what found the span
  // NIL mentions: the entity's name in this article in match-key form, without proclitics; a
  // partial name joined to a fuller NIL mention carries the fuller one's (kb::LinkedMention::name).
  // NIL mentions with the same type and name are one entity. "" when id is a KB id.
  std::string name;
};

// What is known of an article besides its text; it decides who a bare title names.
struct DocumentContext {
  // Publication date as yyyymmdd (20150802), 0 when unknown: a title (ولي العهد, وزير الخارجية
  // الأمريكي) names whoever held the office that day; unknown, whoever holds it now.
  int32_t date = 0;
  // ISO 3166-1 alpha-2 of the outlet's newsroom (SA), "" when unknown: a bare title that the
  // article itself does not tie to a country (وزير الخارجية) names that country's office holder.
  std::string country;
};

// The context of an article published at `published` (ArticleRecord::published, ISO 8601:
// "2015-08-02T22:58:10+03:00") by an outlet of `country` (ISO alpha-2). A date that does not start
// with a valid YYYY-MM-DD and a country that is not two capital letters, or is XX (pan-Arab outlets
// based abroad), are unknowns.
DocumentContext ContextOf(std::string_view published, std::string_view country);

// Per-document summary: one row per distinct entity (same id, or same type+name for NIL).
struct EntityCount {
  std::string id;
  std::string text;  // the longest surface form seen
  EntityType type = EntityType::kPerson;
  std::string label_en;
  std::string qid;
  size_t count = 0;
};

class Recognizer {
 public:
  // The shipped tagger, rules and knowledge base.
  static const Recognizer& Default();
  // Links against the shipped knowledge base. `tagger` must outlive the recognizer.
  explicit Recognizer(const Tagger* tagger);
  // Links against `kb` (e.g. kb::KnowledgeBase::WithUserFile for a user's watch list). `tagger` and
  // `kb` must outlive the recognizer. Construction is cheap; loading the KB is what costs.
  Recognizer(const Tagger* tagger, const kb::KnowledgeBase* kb);

  // Tokenizes each paragraph, tags it, applies the rules, links every mention; mentions come in
  // document order. `context` resolves titles (see DocumentContext). Invalid UTF-8 inside a
  // paragraph is treated as non-letter bytes (never a crash).
  std::vector<Mention> Recognize(std::span<const std::string> paragraphs,
                                 const DocumentContext& context = {}) const;

  // The mentions of an article's headline and of its paragraphs.
  struct ArticleMentions {
    std::vector<Mention> title;       // paragraph 0; begin/end are code points into the title
    std::vector<Mention> paragraphs;  // as Recognize gives them
  };
  // The headline is part of the document, read where it stands: before the first paragraph. It
  // is tagged, shares names with the body in the document pass, and is linked in the same
  // pass, so a headline's partial name (بايدن) joins the body's full one (جو بايدن) and a
  // body's partial name joins a full name in the headline. An empty title adds nothing: the
  // paragraphs' mentions are then those of Recognize.
  ArticleMentions RecognizeArticle(std::string_view title, std::span<const std::string> paragraphs,
                                   const DocumentContext& context = {}) const;

 private:
  // Recognize over `parts` (paragraphs, or with `headline` a headline and paragraphs) as one
  // document.
  std::vector<Mention> RecognizeParts(std::span<const std::string_view> parts,
                                      const DocumentContext& context, bool headline = false) const;

  const Tagger* tagger_;
  std::shared_ptr<const kb::Linker> linker_;
};

// Groups mentions into the per-document entity list, most frequent first (ties: first seen first).
std::vector<EntityCount> CountEntities(std::span<const Mention> mentions);

}  // namespace khabar::ner
