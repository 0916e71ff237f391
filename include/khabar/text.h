// khabar's one Arabic text analyzer: normalization, tokenization, sentence splitting, clitic
// segmentation and light stemming. Every other module (search, NER, dedupe, query parsing) calls
// these functions; nothing else in khabar normalizes text. Specified in docs/analyzer.md.
//
//   using namespace khabar::text;
//   std::string shown = Clean("الوزارةُ ـــ ﻻ");                  // "الوزارةُ لا"
//   std::string key = MatchKey("أحمد   إلى الوزارة");             // "احمد الي الوزاره"
//   for (const Token& t : Tokenize(text)) { ... t.surface, t.kind, t.byte_begin ... }
//   const Analyzer& analyzer = Analyzer::Default();
//   analyzer.Stem("والوزارات");                                  // "وزار"
//   analyzer.Segment("وبالوزارة");  // {proclitics "وبال", base "وزاره", enclitic "", stem "وزار"}
//   analyzer.Analyze(text, [](const TokenAnalysis& t) { ... });  // streaming, no copies
//
// Three layers of every text:
//   original  the input bytes, kept for display; token and sentence offsets point into it.
//   clean     tatweel, zero-width and bidi marks removed, presentation forms and ligatures folded
//             (NFKC), combining hamza composed, spaces normalized; diacritics optionally removed.
//   key       the match key: clean without diacritics, أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي,
//             elongation (3+ repeated letters) folded, Arabic-Indic digits → ASCII, Latin
//             lowercased.
//
// Input may be any bytes: ill-formed UTF-8 is read as U+FFFD (offsets still index the original
// bytes). All functions are pure, thread-safe and linear in the input; none throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::text {

// ---------------------------------------------------------------------------------------------
// Normalization layers.

struct CleanOptions {
  bool remove_diacritics = false;  // also drop harakat, shadda, sukun, dagger alef, Quranic marks
};

// The clean layer of `utf8` (see above). Runs of horizontal spaces become one ASCII space, line
// breaks become "\n" (at most one blank line kept), leading/trailing whitespace is removed.
std::string Clean(std::string_view utf8, const CleanOptions& options = {});

// The match-key layer of any text (a word, a phrase, a document): all whitespace collapsed to
// single ASCII spaces, trimmed. Two spellings of the same word (with/without hamza or diacritics,
// ى/ي, ة/ه, tatweel, elongation, Arabic-Indic/ASCII digits) get the same key.
std::string MatchKey(std::string_view utf8);

// ---------------------------------------------------------------------------------------------
// Tokens and sentences. Offsets index the ORIGINAL text: bytes, and code points (ill-formed bytes
// count one code point each), half-open [begin, end).

enum class TokenKind {
  kWord,         // Arabic word (with or without diacritics), or a word of another non-Latin script
  kNumber,       // 12, ١٢, 1,500, ٣٫٥, 3.5, 45% , ٤٥٪
  kPunctuation,  // . ، ؛ ؟ ! « » ( ) " … - and other Unicode punctuation
  kLatin,        // Latin-script word, possibly with digits (COVID, 5G, don't)
  kUrl,          // http(s)://…, www.…, bare domains with a common TLD (youm7.com/…)
  kEmail,        // name@example.com
  kHashtag,      // #مصر  #مصر_اليوم  #COVID19
  kMention,      // @user_name
  kEmoji,        // one emoji sequence (modifiers, ZWJ sequences, flags, keycaps)
  kSymbol,       // other symbols: $ + = © ° ...
};

// Stable lower-case name of a kind: "word", "number", "punctuation", "latin", "url", "email",
// "hashtag", "mention", "emoji", "symbol".
std::string_view TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind;
  size_t byte_begin, byte_end;  // into the original text
  size_t char_begin, char_end;  // code points into the original text
  std::string_view surface;     // the original bytes [byte_begin, byte_end); views the input
};

// Splits `utf8` into tokens; whitespace, control, bidi and zero-width characters between tokens are
// skipped. Tatweel, diacritics and ZWNJ/ZWJ inside an Arabic word belong to the word.
std::vector<Token> Tokenize(std::string_view utf8);

struct Sentence {
  size_t byte_begin, byte_end;  // into the original text, trimmed of surrounding whitespace
  size_t char_begin, char_end;
};

// Splits at . ? ؟ ! ؛ ; … (with following closing quotes/brackets) and at line breaks; never inside
// abbreviations (د. أ.د. م. ...), decimals, URLs, emails or an open «quote» / "quote".
std::vector<Sentence> SplitSentences(std::string_view utf8);

// ---------------------------------------------------------------------------------------------
// Segmentation, stemming and full analysis.

// Clitic segmentation of one word, every part in match-key form; proclitics + base + enclitic
// equals MatchKey(word). Example: والوزارات -> {"وال", "وزارات", "", "وزار"};
// وزارتها -> {"", "وزارت", "ها", "وزار"}; للوزارة -> {"لل", "وزاره", "", "وزار"} (ل + ال).
struct Segmentation {
  std::string proclitics;  // و ف ب ك ل س ال and their combinations (وبال, فلل, وس ...)
  std::string base;        // the word without clitics, inflectional suffixes kept
  std::string enclitic;  // pronoun: ه ها هم هما هن كم كما كن نا ني ي
  std::string stem;      // base without feminine/dual/plural suffixes: the search and NER term
};

// Analysis of one token, as views into scratch buffers owned by the Analyzer call: valid only
// during the callback that receives it. For non-word tokens the clitics are empty and base == stem
// == key.
struct TokenAnalysis {
  Token token;
  std::string_view clean;  // clean layer (diacritics kept)
  std::string_view key;    // match key
  std::string_view proclitics, base, enclitic;
  std::string_view stem;
  bool stopword;  // key is in the stopword lexicon (data/text/stopwords.txt)
};

// Owning copy of TokenAnalysis.
struct AnalyzedToken {
  Token token;  // token.surface views the analyzed text
  std::string clean, key, proclitics, base, enclitic, stem;
  bool stopword = false;
};

struct AnalyzedText {
  std::vector<Sentence> sentences;
  std::vector<AnalyzedToken> tokens;
};

// The analyzer: lexicons (stopwords, protected names and root-letter words, known words; compiled
// into the binary from data/text/) plus the segmentation rules of docs/analyzer.md.
// Immutable after construction; every method is const and thread-safe.
class Analyzer {
 public:
  // Process-wide instance, built once on first use from the embedded lexicons. Thread-safe.
  static const Analyzer& Default();

  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Segments one word (any spelling: diacritics, tatweel, hamza forms, ى). Decided from the
  // match key only: spellings with the same key (الحكومة/الحكومه, الفني/الفنى) get the same
  // Segmentation. Non-Arabic input or several words: no clitics, base = stem = MatchKey(word).
  // Deterministic.
  Segmentation Segment(std::string_view word) const;
  // Segment(word).stem, cheaper.
  std::string Stem(std::string_view word) const;

  // Lexicon lookups by match key (MatchKey of the word).
  bool IsStopword(std::string_view key) const;
  bool IsProtected(std::string_view key) const;

  // Tokenizes `utf8` and calls `sink` once per token in order. Allocation-free per token after
  // warm-up; the fast path for indexing.
  void Analyze(std::string_view utf8, const std::function<void(const TokenAnalysis&)>& sink) const;
  // Sentences and owning token analyses of `utf8`.
  AnalyzedText Analyze(std::string_view utf8) const;

  struct Lexicon;  // internal

 private:
  Analyzer();
  std::unique_ptr<Lexicon> lexicon_;
};

}  // namespace khabar::text
