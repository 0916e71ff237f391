// Entities in running text: tokenize, tag, link (include/khabar/ner.h, docs/ner.md "Linking").
#include <algorithm>
#include <span>
#include <string>
#include <unordered_map>

#include "base/utf8.h"
#include "khabar/kb.h"
#include "khabar/ner.h"
#include "khabar/text.h"
#include "ner/document.h"
#include "ner/features.h"

namespace khabar::ner {

namespace {

kb::EntityType ToKbType(EntityType t) {
  switch (t) {
    case EntityType::kPerson:
      return kb::EntityType::kPer;
    case EntityType::kLocation:
      return kb::EntityType::kLoc;  // the linker accepts a KB GPE inside a LOC span
    case EntityType::kOrganization:
      return kb::EntityType::kOrg;
    case EntityType::kMisc:
      break;
  }
  return kb::EntityType::kMisc;
}

EntityType FromKbType(kb::EntityType t) {
  switch (t) {
    case kb::EntityType::kPer:
      return EntityType::kPerson;
    case kb::EntityType::kOrg:
      return EntityType::kOrganization;
    case kb::EntityType::kLoc:
    case kb::EntityType::kGpe:
      return EntityType::kLocation;
    case kb::EntityType::kMisc:
      break;
  }
  return EntityType::kMisc;
}

std::string_view SourceName(kb::MentionSource s) {
  switch (s) {
    case kb::MentionSource::kTagger:
      return "model";
    case kb::MentionSource::kGazetteer:
      return "kb";
    case kb::MentionSource::kTitle:
      return "title";
    case kb::MentionSource::kCoref:
      return "coref";
    case kb::MentionSource::kPattern:
      return "rule";
  }
  return "kb";
}

// The most tokens of a paragraph tagged in one TagTokens call. The tagger's working memory is
// about 1.2 KB per token (feature atoms and emission scores, kept by each thread for its next
// call), so a paragraph of megabytes (one line of a text dump) took gigabytes: a 20 MB line
// 3.8 GB. A longer paragraph is tagged in windows that end after a sentence's final punctuation.
// News paragraphs are far shorter (at most 777 words in the 500 development articles) and are
// tagged whole, as before.
constexpr size_t kTagWindow = 4096;

bool EndsSentence(std::string_view token) {
  return token == "." || token == "!" || token == "?" || token == "؟" || token == "؛" ||
         token == "…";
}

// Where the window starting at `begin` ends: after the last sentence end in its second half, else
// at its full size.
size_t WindowEnd(std::span<const std::string_view> tokens, size_t begin) {
  const size_t end = std::min(tokens.size(), begin + kTagWindow);
  if (end == tokens.size()) return end;
  for (size_t cut = end; cut > begin + kTagWindow / 2; --cut) {
    if (EndsSentence(tokens[cut - 1])) return cut;
  }
  return end;
}

}  // namespace

Recognizer::Recognizer(const Tagger* tagger) : Recognizer(tagger, &kb::KnowledgeBase::Default()) {}

Recognizer::Recognizer(const Tagger* tagger, const kb::KnowledgeBase* kb)
    : tagger_(tagger), linker_(std::make_shared<const kb::Linker>(*kb)) {}

DocumentContext ContextOf(std::string_view published, std::string_view country) {
  DocumentContext c;
  // A full YYYY-MM-DD at the start (a time may follow), read as the KB reads its role dates.
  if (published.size() >= 10 && published[4] == '-' && published[7] == '-') {
    if (Result<int32_t> date = kb::ParseKbDate(published.substr(0, 10));
        date.ok() && *date >= 18000101) {
      c.date = *date;
    }
  }
  if (country.size() == 2 && country != "XX" && country[0] >= 'A' && country[0] <= 'Z' &&
      country[1] >= 'A' && country[1] <= 'Z') {
    c.country = std::string(country);
  }
  return c;
}

const Recognizer& Recognizer::Default() {
  static const Recognizer* r = new Recognizer(&Tagger::Default());
  return *r;
}

std::vector<Mention> Recognizer::Recognize(std::span<const std::string> paragraphs,
                                           const DocumentContext& context) const {
  const std::vector<std::string_view> parts(paragraphs.begin(), paragraphs.end());
  return RecognizeParts(parts, context);
}

Recognizer::ArticleMentions Recognizer::RecognizeArticle(std::string_view title,
                                                         std::span<const std::string> paragraphs,
                                                         const DocumentContext& context) const {
  ArticleMentions out;
  if (title.empty()) {
    out.paragraphs = Recognize(paragraphs, context);
    return out;
  }
  // The headline is part 0 of the document; paragraph p is part p + 1.
  std::vector<std::string_view> parts;
  parts.reserve(paragraphs.size() + 1);
  parts.push_back(title);
  parts.insert(parts.end(), paragraphs.begin(), paragraphs.end());
  std::vector<Mention> all = RecognizeParts(parts, context, /*headline=*/true);
  for (Mention& m : all) {
    if (m.paragraph == 0) {
      out.title.push_back(std::move(m));
    } else {
      --m.paragraph;
      out.paragraphs.push_back(std::move(m));
    }
  }
  return out;
}

std::vector<Mention> Recognizer::RecognizeParts(std::span<const std::string_view> paragraphs,
                                                const DocumentContext& context,
                                                bool headline) const {
  // One document text (paragraphs joined by a blank line) so that the linker can join partial names
  // and titles to earlier full mentions across paragraphs.
  std::string doc;
  size_t doc_size = 0;
  for (const std::string_view p : paragraphs) doc_size += p.size() + 2;
  doc.reserve(doc_size);
  std::vector<size_t> para_byte(paragraphs.size() + 1), para_char(paragraphs.size() + 1);
  size_t chars = 0;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    if (p > 0) {
      doc += "\n\n";
      chars += 2;
    }
    para_byte[p] = doc.size();
    para_char[p] = chars;
    doc += paragraphs[p];
    chars += utf8::CountCodePoints(paragraphs[p]);
  }
  para_byte[paragraphs.size()] = doc.size();
  const std::vector<text::Token> tokens = text::Tokenize(doc);

  // Tag each paragraph's tokens; collect typed spans over the document's token indices.
  std::vector<kb::TypedSpan> spans;
  std::vector<std::vector<std::string_view>> views(paragraphs.size());
  std::vector<std::vector<Tag>> tags(paragraphs.size());
  std::vector<std::vector<double>> confidence(paragraphs.size());
  std::vector<std::vector<uint64_t>> compare_hashes(paragraphs.size());
  std::vector<size_t> first_token(paragraphs.size(), 0);
  size_t t = 0;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    const size_t first = t;
    first_token[p] = first;
    while (t < tokens.size() && tokens[t].byte_begin < para_byte[p + 1]) ++t;
    if (t == first) continue;
    views[p].reserve(t - first);
    for (size_t k = first; k < t; ++k) views[p].push_back(tokens[k].surface);
    if (views[p].size() <= kTagWindow) {
      tags[p] = tagger_->TagTokens(views[p], &confidence[p], &compare_hashes[p]);
      continue;
    }
    std::vector<double> window_confidence;
    std::vector<uint64_t> window_hashes;
    const std::span<const std::string_view> all(views[p]);
    for (size_t begin = 0; begin < all.size();) {
      const size_t end = WindowEnd(all, begin);
      const std::vector<Tag> window =
          tagger_->TagTokens(all.subspan(begin, end - begin), &window_confidence, &window_hashes);
      tags[p].insert(tags[p].end(), window.begin(), window.end());
      confidence[p].insert(confidence[p].end(), window_confidence.begin(), window_confidence.end());
      compare_hashes[p].insert(compare_hashes[p].end(), window_hashes.begin(), window_hashes.end());
      begin = end;
    }
  }
  // Names found confidently in one paragraph are tagged where the tagger missed them in another.
  internal::DocumentPassOptions pass;
  pass.compare_hashes = compare_hashes;
  internal::DocumentPass(views, tags, confidence, pass);
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    const size_t first = first_token[p];
    for (const TokenSpan& s : SpansFromTags(tags[p])) {
      double c = 1.0;
      for (size_t k = s.begin; k < s.end; ++k) c = std::min(c, confidence[p][k]);
      spans.push_back({static_cast<uint32_t>(first + s.begin), static_cast<uint32_t>(first + s.end),
                       ToKbType(s.type), static_cast<float>(c)});
    }
  }

  kb::LinkOptions link;
  link.date = context.date;
  link.country = context.country;
  link.is_name_word = &internal::IsPersonNameWord;
  link.is_org_head = &internal::IsOrgTriggerWord;
  if (headline && !paragraphs.empty()) link.headline_bytes = paragraphs[0].size();
  const std::vector<kb::LinkedMention> linked = linker_->Link(doc, tokens, spans, link);
  std::vector<Mention> out;
  out.reserve(linked.size());
  for (const kb::LinkedMention& m : linked) {
    if (m.begin >= m.end || m.end > tokens.size()) continue;
    const size_t bb = tokens[m.begin].byte_begin;
    const size_t p = static_cast<size_t>(
        std::upper_bound(para_byte.begin(), para_byte.end() - 1, bb) - para_byte.begin() - 1);
    // A KB alias the linker matched across a paragraph break is not a mention of either paragraph.
    if (tokens[m.end - 1].byte_end > para_byte[p] + paragraphs[p].size()) continue;
    Mention x;
    x.paragraph = p;
    // The linker's byte span starts after the first token's proclitics when they are not part of
    // the name (وبواشنطن -> واشنطن); it never leaves the tokens.
    const size_t byte_begin = std::clamp(m.byte_begin, bb, tokens[m.begin].byte_end);
    const size_t byte_end = tokens[m.end - 1].byte_end;
    // Code-point offsets within the paragraph: token offsets are into `doc`, whose paragraph p
    // starts at code point para_char[p].
    x.begin = tokens[m.begin].char_begin +
              utf8::CountCodePoints(std::string_view(doc).substr(bb, byte_begin - bb)) -
              para_char[p];
    x.end = tokens[m.end - 1].char_end - para_char[p];
    x.text = std::string(doc.substr(byte_begin, byte_end - byte_begin));
    x.name = m.name;
    x.type = FromKbType(m.type);
    x.id = m.IsNil() ? "NIL" : m.id;
    x.label_en = m.label_en;
    x.qid = m.qid;
    x.confidence = m.confidence;
    x.source = std::string(SourceName(m.source));
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<EntityCount> CountEntities(std::span<const Mention> mentions) {
  std::vector<EntityCount> out;
  // One row per KB id, and per (type, name) for NIL mentions (the name, else the text). Keys view
  // the mentions' strings: no string is built.
  struct NilKey {
    EntityType type;
    std::string_view name;
    bool operator==(const NilKey&) const = default;
  };
  struct NilKeyHash {
    size_t operator()(const NilKey& k) const {
      return std::hash<std::string_view>{}(k.name) * 31 + static_cast<size_t>(k.type);
    }
  };
  std::unordered_map<std::string_view, size_t> by_id;
  std::unordered_map<NilKey, size_t, NilKeyHash> by_nil;
  std::vector<bool> title_text;  // per row: its text is a title's
  for (const Mention& m : mentions) {
    size_t row;
    bool inserted;
    if (m.id != "NIL") {
      const auto r = by_id.try_emplace(m.id, out.size());
      row = r.first->second;
      inserted = r.second;
    } else {
      const auto r =
          by_nil.try_emplace(NilKey{m.type, m.name.empty() ? m.text : m.name}, out.size());
      row = r.first->second;
      inserted = r.second;
    }
    // The row's text: the longest name written, a title (ولي العهد السعودي) only when the
    // document names the person by no name.
    const bool title = m.source == "title";
    if (inserted) {
      out.push_back({m.id, m.text, m.type, m.label_en, m.qid, 0});
      title_text.push_back(title);
    }
    EntityCount& c = out[row];
    ++c.count;
    if (title_text[row] ? !title || m.text.size() > c.text.size()
                        : !title && m.text.size() > c.text.size()) {
      c.text = m.text;
      title_text[row] = title;
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const EntityCount& a, const EntityCount& b) { return a.count > b.count; });
  return out;
}

}  // namespace khabar::ner
