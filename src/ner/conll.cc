// Tags, spans, CoNLL reading/writing and entity-level evaluation (include/khabar/ner.h).
#include <algorithm>
#include <cstdio>
#include <string>

#include "base/utf8.h"
#include "khabar/ner.h"

namespace khabar::ner {

namespace {

constexpr std::string_view kTypeNames[kNumEntityTypes] = {"PERS", "LOC", "ORG", "MISC"};
constexpr std::string_view kTagNames[kNumTags] = {"O",     "B-PERS", "I-PERS", "B-LOC", "I-LOC",
                                                  "B-ORG", "I-ORG",  "B-MISC", "I-MISC"};
constexpr size_t kMaxLineBytes = 64 * 1024;

// Space, tab, vertical tab, form feed: the field separators of conlleval (Perl's \s on a line).
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

// A tag of another scheme or type set (B-GPE, S-PER, E-LOC, I-FAC): a letter of B I E S L U, '-',
// capital letters. Not a token's last word (أ), nor COVID-19.
bool LooksLikeTag(std::string_view s) {
  if (s.size() < 3 || s[1] != '-' ||
      std::string_view("BIESLU").find(s[0]) == std::string_view::npos)
    return false;
  for (char c : s.substr(2))
    if (c < 'A' || c > 'Z') return false;
  return true;
}

constexpr std::string_view kKnownTags = "O, B-/I- PERS (or PER), LOC, ORG, MISC";

}  // namespace

std::string_view EntityTypeName(EntityType type) { return kTypeNames[static_cast<int>(type)]; }

std::string_view TagName(Tag tag) { return kTagNames[static_cast<int>(tag)]; }

bool ParseTag(std::string_view name, Tag* tag) {
  if (name == "O") {
    *tag = Tag::kO;
    return true;
  }
  if (name.size() < 3 || name[1] != '-' || (name[0] != 'B' && name[0] != 'I')) return false;
  std::string_view type = name.substr(2);
  if (type == "PER") type = "PERS";
  for (int t = 0; t < kNumEntityTypes; ++t) {
    if (type == kTypeNames[t]) {
      auto e = static_cast<EntityType>(t);
      *tag = name[0] == 'B' ? BeginTag(e) : InsideTag(e);
      return true;
    }
  }
  return false;
}

std::vector<TokenSpan> SpansFromTags(std::span<const Tag> tags) {
  std::vector<TokenSpan> spans;
  bool open = false;
  TokenSpan cur;
  for (size_t i = 0; i < tags.size(); ++i) {
    const Tag t = tags[i];
    const bool continues = open && IsInside(t) && TypeOf(t) == cur.type;
    if (continues) continue;
    if (open) {
      cur.end = i;
      spans.push_back(cur);
      open = false;
    }
    if (t != Tag::kO) {
      cur.begin = i;
      cur.type = TypeOf(t);
      open = true;
    }
  }
  if (open) {
    cur.end = tags.size();
    spans.push_back(cur);
  }
  return spans;
}

void RepairBio(std::span<Tag> tags) {
  for (size_t i = 0; i < tags.size(); ++i) {
    if (!IsInside(tags[i])) continue;
    const bool continues =
        i > 0 && tags[i - 1] != Tag::kO && TypeOf(tags[i - 1]) == TypeOf(tags[i]);
    if (!continues) tags[i] = BeginTag(TypeOf(tags[i]));
  }
}

Result<std::vector<ConllSentence>> ReadConll(std::string_view text, const ConllReadOptions& options,
                                             std::vector<ConllDocStart>* doc_starts) {
  if (doc_starts != nullptr) doc_starts->clear();
  std::vector<ConllSentence> out;
  ConllSentence cur;
  bool cur_tagged = false;
  bool cur_foreign = false;  // a tag of another scheme was dropped: the sentence has no tags
  auto flush = [&] {
    if (cur_foreign) cur.tags.clear();
    if (!cur.tokens.empty()) out.push_back(std::move(cur));
    cur = ConllSentence();
    cur_foreign = false;
  };
  size_t line_no = 0;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // BOM
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    auto error = [&](std::string_view what) {
      return Status::InvalidArgument("CoNLL line " + std::to_string(line_no) + ": " +
                                     std::string(what));
    };
    if (line.size() > kMaxLineBytes) return error("line longer than 64 KiB");
    while (!line.empty() && (line.back() == '\r' || IsSpace(line.back()))) line.remove_suffix(1);
    while (!line.empty() && IsSpace(line.front())) line.remove_prefix(1);
    if (line.empty()) {
      flush();
      continue;
    }
    if (!utf8::IsValid(line)) return error("invalid UTF-8");
    if (line.starts_with("-DOCSTART-")) {
      flush();
      if (doc_starts != nullptr) doc_starts->push_back({out.size(), std::string(line)});
      continue;
    }
    std::string_view token = line, tag_text;
    size_t sp = std::string_view::npos;
    for (size_t i = line.size(); i-- > 0;) {
      if (IsSpace(line[i])) {
        sp = i;
        break;
      }
    }
    Tag tag = Tag::kO;
    bool tagged = false;
    if (sp != std::string_view::npos) {
      tag_text = line.substr(sp + 1);
      const bool known = ParseTag(tag_text, &tag);
      if (known || (!options.require_tags && LooksLikeTag(tag_text))) {
        tagged = true;
        if (!known) cur_foreign = true;
        token = line.substr(0, sp);
        while (!token.empty() && IsSpace(token.back())) token.remove_suffix(1);
      }
    }
    if (!tagged && options.require_tags) {
      return error(sp == std::string_view::npos ? "missing tag"
                                                : "unknown tag '" + std::string(tag_text) +
                                                      "' (tags: " + std::string(kKnownTags) + ")");
    }
    if (cur.tokens.empty()) {
      cur_tagged = tagged;
      cur.line = line_no;
    } else if (tagged != cur_tagged) {
      return error("sentence mixes tagged and untagged lines");
    }
    cur.tokens.emplace_back(token);
    if (tagged) cur.tags.push_back(tag);
  }
  flush();
  return out;
}

std::string WriteConll(std::span<const ConllSentence> sentences,
                       std::span<const std::vector<Tag>> tags,
                       std::span<const ConllDocStart> doc_starts) {
  std::string out;
  size_t d = 0;
  auto echo_doc_starts = [&](size_t before) {
    for (; d < doc_starts.size() && doc_starts[d].before <= before; ++d) {
      out += doc_starts[d].line;
      out += "\n\n";
    }
  };
  for (size_t s = 0; s < sentences.size(); ++s) {
    echo_doc_starts(s);
    const auto& toks = sentences[s].tokens;
    for (size_t i = 0; i < toks.size(); ++i) {
      out += toks[i];
      out += ' ';
      out += s < tags.size() && i < tags[s].size() ? TagName(tags[s][i]) : "O";
      out += '\n';
    }
    out += '\n';
  }
  echo_doc_starts(sentences.size());
  return out;
}

double Counts::F1() const {
  const double p = Precision(), r = Recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

Counts& Counts::operator+=(const Counts& o) {
  gold += o.gold;
  predicted += o.predicted;
  correct += o.correct;
  return *this;
}

void Evaluation::Add(std::span<const Tag> gold, std::span<const Tag> predicted) {
  ++sentences;
  tokens += gold.size();
  for (size_t i = 0; i < gold.size() && i < predicted.size(); ++i) {
    token_correct += gold[i] == predicted[i];
  }
  const std::vector<TokenSpan> g = SpansFromTags(gold), p = SpansFromTags(predicted);
  for (const TokenSpan& s : g) ++per_type[static_cast<int>(s.type)].gold;
  for (const TokenSpan& s : p) ++per_type[static_cast<int>(s.type)].predicted;
  // Both lists are sorted by begin and non-overlapping: merge.
  size_t a = 0, b = 0;
  while (a < g.size() && b < p.size()) {
    if (g[a] == p[b]) {
      ++per_type[static_cast<int>(g[a].type)].correct;
      ++a;
      ++b;
    } else if (g[a].begin < p[b].begin || (g[a].begin == p[b].begin && g[a].end < p[b].end)) {
      ++a;
    } else {
      ++b;
    }
  }
  overall = Counts();
  for (const Counts& c : per_type) overall += c;
}

std::string Evaluation::ToString() const {
  std::string out;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-8s %7s %7s %7s %9s %7s %7s\n", "type", "gold", "pred",
                "correct", "precision", "recall", "F1");
  out += buf;
  auto row = [&](std::string_view name, const Counts& c) {
    std::snprintf(buf, sizeof buf, "%-8.*s %7zu %7zu %7zu %9.4f %7.4f %7.4f\n",
                  static_cast<int>(name.size()), name.data(), c.gold, c.predicted, c.correct,
                  c.Precision(), c.Recall(), c.F1());
    out += buf;
  };
  for (int t = 0; t < kNumEntityTypes; ++t) row(kTypeNames[t], per_type[t]);
  row("overall", overall);
  std::snprintf(buf, sizeof buf, "sentences %zu, tokens %zu, token accuracy %.4f\n", sentences,
                tokens, tokens ? static_cast<double>(token_correct) / tokens : 0.0);
  out += buf;
  return out;
}

Result<Evaluation> EvaluateConll(std::span<const ConllSentence> gold,
                                 std::span<const ConllSentence> predicted) {
  // Where sentence s starts in both files: the first mismatch is named so (a sentence split or
  // merged in one file shows as a token count there, not as a total at the end).
  auto where = [&](size_t s) {
    auto line = [](std::span<const ConllSentence> f, size_t s) {
      return s < f.size() ? std::to_string(f[s].line) : std::string("end of file");
    };
    return "sentence " + std::to_string(s + 1) + " (gold line " + line(gold, s) +
           ", prediction line " + line(predicted, s) + "): ";
  };
  if (gold.empty()) return Status::InvalidArgument("gold has no tokens: nothing to score");
  Evaluation eval;
  for (size_t s = 0; s < gold.size() && s < predicted.size(); ++s) {
    const ConllSentence &g = gold[s], &p = predicted[s];
    for (size_t i = 0; i < g.tokens.size() && i < p.tokens.size(); ++i) {
      if (g.tokens[i] != p.tokens[i]) {
        return Status::InvalidArgument(where(s) + "token " + std::to_string(i + 1) + ": gold '" +
                                       g.tokens[i] + "' vs prediction '" + p.tokens[i] + "'");
      }
    }
    if (g.tokens.size() != p.tokens.size()) {
      return Status::InvalidArgument(where(s) + "gold has " + std::to_string(g.tokens.size()) +
                                     " tokens, prediction " + std::to_string(p.tokens.size()));
    }
    if (g.tags.size() != g.tokens.size() || p.tags.size() != p.tokens.size()) {
      return Status::InvalidArgument(where(s) + "no tags");
    }
    eval.Add(g.tags, p.tags);
  }
  if (gold.size() != predicted.size()) {
    return Status::InvalidArgument(where(std::min(gold.size(), predicted.size())) + "gold has " +
                                   std::to_string(gold.size()) + " sentences, prediction has " +
                                   std::to_string(predicted.size()));
  }
  return eval;
}

}  // namespace khabar::ner
