#include "extract/html_dom.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

namespace khabar::extract::html {
namespace {

// ---------------------------------------------------------------------------------------------
// Small string helpers.

// ASCII lower case (HTML names and class tokens are ASCII-case-insensitive; locale-free).
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// Code points that are not ASCII whitespace: the "length" of visible text.
size_t VisibleLength(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80 || c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f')
      continue;
    ++n;
  }
  return n;
}

size_t CountCommas(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') ++n;
    if (i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xD8 &&
        static_cast<unsigned char>(s[i + 1]) == 0x8C) {
      ++n;  // ،
    }
  }
  return n;
}

const char* Attr(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a != nullptr ? a->value : nullptr;
}

std::string AttrLower(const GumboNode* n, const char* name) {
  const char* v = Attr(n, name);
  return v != nullptr ? Lower(v) : std::string();
}

bool IsElement(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE;
}

GumboTag TagOf(const GumboNode* n) { return IsElement(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

const GumboVector* ChildrenOf(const GumboNode* n) {
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (IsElement(n)) return &n->v.element.children;
  return nullptr;
}

// Elements never shown as text.
bool IsInvisibleTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_OPTION:
      return true;
    default:
      return false;
  }
}

// Elements whose content is page furniture wherever they appear in the body.
bool IsFurnitureTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
      return true;
    default:
      return false;
  }
}

bool IsHeadingTag(GumboTag t) {
  return t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 ||
         t == GUMBO_TAG_H6;
}

// ---------------------------------------------------------------------------------------------
// Class/id hints.

std::vector<std::string> Tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

constexpr std::string_view kNegativeParts[] = {
    "comment",      "share",        "sharing",    "social",     "related",       "breadcrumb",
    "sidebar",      "side-bar",     "widget",     "footer",     "navbar",        "navigation",
    "menu",         "newsletter",   "subscribe",  "sponsor",    "advert",        "banner",
    "promo",        "outbrain",     "taboola",    "mostread",   "most-read",     "most_read",
    "popular",      "trending",     "taglist",    "tag-list",   "tags-",         "-tags",
    "_tags",        "keywords",     "readmore",   "read-more",  "morenews",      "more-news",
    "alsoread",     "also-read",    "read-also",  "readalso",   "see-also",      "pagination",
    "pager",        "cookie",       "modal",      "popup",      "login",         "rating",
    "toolbar",      "copyright",    "disclaimer", "latest",     "recommend",     "suggest",
    "whatsapp",     "facebook",     "twitter",    "telegram",   "fontsize",      "font-size",
    "ticker",       "marquee",      "adslot",     "ad-slot",    "ads-",          "-ads",
    "_ads",         "adsbygoogle",  "google-ad",  "dfp",        "inread",        "sr-only",
    "skip-link",    "author-bio",   "authorbio",  "author-box", "more-articles", "more-stories",
    "next-article", "prev-article", "follow-us",  "followus",   "app-promo",     "print-",
    "-print",       "email-",       "headlines",  "news-list",  "newslist",      "top-stories",
    "editors-pick", "video-list",   "partner",    "external",   "notification",  "topics",
};
constexpr std::string_view kNegativeTokens[] = {
    "ad",     "ads",       "adv",    "nav",      "tag",     "tags",     "print",
    "aside",  "hide",      "hidden", "more",     "share",   "social",   "links",
    "sticky", "sponsored", "tools",  "comments", "related", "keywords", "topics",
};
constexpr std::string_view kPositiveParts[] = {
    "article", "content", "body", "story",  "entry", "post",  "text",
    "detail",  "main",    "news", "khabar", "matn",  "maqal",
};
constexpr std::string_view kMetaParts[] = {
    "date",   "time",        "author", "byline", "writer", "reporter", "publish",
    "posted", "source-name", "kateb",  "editor", "meta",   "info",
};
constexpr std::string_view kStrongBodyParts[] = {
    "articlebody",    "article-body",  "article_body",     "article__body",   "story-body",
    "storybody",      "entry-content", "post-content",     "article-content", "articlecontent",
    "article-text",   "articletext",   "news-content",     "newscontent",     "news-body",
    "newsbody",       "news-details",  "newsdetails",      "details-body",    "article-details",
    "articledetails", "story-content", "body-text",        "bodytext",        "article-main-text",
    "wysiwyg",        "text-block",    "article__content", "news-text",       "newstext",
    "post-body",      "postbody",      "field-body",       "articlecont",     "article-cont",
};

struct Hints {
  bool negative = false;
  bool positive = false;
  bool meta = false;
  bool strong_body = false;
};

Hints ClassifyNode(const GumboNode* n, const DomOptions& options) {
  Hints h;
  const std::string s = AttrLower(n, "class") + " " + AttrLower(n, "id");
  const std::string itemprop = AttrLower(n, "itemprop");
  if (itemprop == "articlebody" || itemprop == "text") h.strong_body = true;
  if (s.size() <= 1 && !h.strong_body) return h;
  const std::vector<std::string> tokens = Tokens(s);
  for (const std::string& hint : options.body_hints) {
    for (const std::string& t : tokens) {
      if (t == hint) h.strong_body = true;
    }
    if (Contains(s, hint) && hint.find_first_of("-_") != std::string::npos) h.strong_body = true;
  }
  for (const std::string& hint : options.drop_hints) {
    for (const std::string& t : tokens) {
      if (t == hint) h.negative = true;
    }
  }
  for (std::string_view p : kStrongBodyParts) h.strong_body = h.strong_body || Contains(s, p);
  for (std::string_view p : kNegativeParts) h.negative = h.negative || Contains(s, p);
  for (const std::string& t : tokens) {
    for (std::string_view p : kNegativeTokens) h.negative = h.negative || t == p;
  }
  for (std::string_view p : kPositiveParts) h.positive = h.positive || Contains(s, p);
  for (std::string_view p : kMetaParts) {
    for (const std::string& t : tokens) {
      if (t == p ||
          (t.size() > p.size() + 1 && (t.rfind(p, 0) == 0 || Contains(t, p)) && p.size() >= 4)) {
        h.meta = true;
      }
    }
  }
  if (h.strong_body) h.negative = false;
  return h;
}

bool IsHidden(const GumboNode* n) {
  if (Attr(n, "hidden") != nullptr) return true;
  if (AttrLower(n, "aria-hidden") == "true") return true;
  const std::string style = AttrLower(n, "style");
  if (!style.empty()) {
    std::string compact;
    for (char c : style) {
      if (c != ' ') compact += c;
    }
    if (Contains(compact, "display:none") || Contains(compact, "visibility:hidden")) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Flattened tree with text statistics.

struct Node {
  const GumboNode* g = nullptr;
  int parent = -1;
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  Hints hints;
  bool invisible = false;  // script/style/hidden subtree
  bool in_link = false;
  // Inside <nav>, <aside>, or a <footer> outside <article>: dates, bylines and headings found
  // there describe other stories or the site, not this article.
  bool in_furniture = false;
  bool in_article = false;
  size_t text = 0;         // visible text in the subtree
  size_t link_text = 0;    // of which inside <a>
  size_t inline_text = 0;  // text not inside a nested block element
  size_t inline_link = 0;
  size_t commas = 0;      // in inline text
  size_t paragraphs = 0;  // <p> descendants with text
  double score = 0;
  const char* itemprop = nullptr;  // the element's itemprop attribute, if any
};

void AppendText(const TextStash& stash, const GumboNode* n, std::string* out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
      n->type == GUMBO_NODE_WHITESPACE) {
    stash.AppendExpanded(n->v.text.text, out);
  }
}

// The visible text of a subtree, with a space at block boundaries and <br>.
std::string TextOf(const TextStash& stash, const GumboNode* root, size_t limit = size_t{1} << 20) {
  std::string out;
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty() && out.size() < limit) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n == nullptr) {
      out += ' ';
      continue;
    }
    if (!IsElement(n) && n->type != GUMBO_NODE_DOCUMENT) {
      AppendText(stash, n, &out);
      continue;
    }
    const GumboTag t = TagOf(n);
    if (n != root && (IsInvisibleTag(t) || IsHidden(n))) continue;
    if (t == GUMBO_TAG_BR) {
      out += ' ';
      continue;
    }
    const GumboVector* kids = ChildrenOf(n);
    if (IsBlockTag(t)) stack.push_back(nullptr);
    for (size_t i = kids->length; i-- > 0;) {
      stack.push_back(static_cast<const GumboNode*>(kids->data[i]));
    }
    if (IsBlockTag(t)) out += ' ';
  }
  return CollapseSpace(out);
}

class Page {
 public:
  Page(const GumboNode* root, const DomOptions& options, const TextStash& stash)
      : options_(options), stash_(stash) {
    for (const auto* list : {&options.body_hints, &options.drop_hints}) {
      for (const std::string& h : *list) hint_signature_ += h + '\x02';
      hint_signature_ += '\x03';
    }
    Flatten(root);
  }

  void CollectMetadata(PageContent* page);
  void ExtractContent(PageContent* page);

 private:
  void Flatten(const GumboNode* root);
  int ChooseRoot(std::vector<int>* extra_roots);
  void EmitParagraphs(int root, PageContent* page);
  void ReadJsonLd(std::string_view json, PageContent* page);
  void AddDateText(int node, std::string text, bool first, PageContent* page);
  void OrderDates(int root, PageContent* page);
  bool Within(int node, int ancestor) const {
    for (int p = node; p >= 0; p = nodes_[p].parent) {
      if (p == ancestor) return true;
    }
    return false;
  }

  // The node id of a gumbo element, or -1 (open-addressing table index_).
  static size_t HashOf(const GumboNode* g) {
    return static_cast<size_t>((reinterpret_cast<uintptr_t>(g) >> 3) * 0x9E3779B97F4A7C15ull >> 20);
  }
  int IdOf(const GumboNode* g) const {
    for (size_t slot = HashOf(g) & index_mask_;; slot = (slot + 1) & index_mask_) {
      if (index_[slot].first == g) return index_[slot].second;
      if (index_[slot].first == nullptr) return -1;
    }
  }

  // ClassifyNode's answer for a (class, id, itemprop) triple: card lists and menus repeat the same
  // few class strings hundreds of times.
  Hints CachedHints(const GumboNode* g, const char* cls, const char* id, const char* itemprop) {
    std::string& key = hint_key_;
    key.clear();
    for (const char* v : {cls, id, itemprop}) {
      if (v != nullptr) key += v;
      key += '\x01';
    }
    key += hint_signature_;
    // Kept per thread across pages: the pages of one site repeat the same class strings.
    thread_local std::unordered_map<std::string, Hints> cache;
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    const Hints h = ClassifyNode(g, options_);
    if (cache.size() >= 16384) cache.clear();
    cache.emplace(key, h);
    return h;
  }

  std::string TextOf(const GumboNode* g, size_t limit = size_t{1} << 20) const {
    return html::TextOf(stash_, g, limit);
  }
  // A text node's text with placeholders put back (in *scratch when there were any).
  std::string_view NodeText(const GumboNode* g, std::string* scratch) const {
    const std::string_view raw = g->v.text.text;
    if (!TextStash::MayHold(raw)) return raw;
    scratch->clear();
    stash_.AppendExpanded(raw, scratch);
    return *scratch;
  }

  const DomOptions& options_;
  const TextStash& stash_;
  std::string text_scratch_;
  std::string hint_key_;
  int headline_ = -1;            // node of the chosen <h1>
  std::vector<int> date_nodes_;  // node of each date text, as page->date_texts
  std::string hint_signature_;   // the site hints ClassifyNode applies, as part of the cache key
  std::vector<Node> nodes_;
  // (gumbo node, id) by HashOf: one allocation instead of a hash node per element.
  std::vector<std::pair<const GumboNode*, int>> index_;
  size_t index_mask_ = 0;
};

void Page::Flatten(const GumboNode* root) {
  struct Item {
    const GumboNode* g;
    int parent;
    bool invisible;
    bool in_link;
    bool in_furniture;
    bool in_article;
  };
  std::vector<Item> stack = {{root, -1, false, false, false, false}};
  stack.reserve(64);
  nodes_.reserve(256);
  while (!stack.empty()) {
    Item it = stack.back();
    stack.pop_back();
    const GumboNode* g = it.g;
    if (IsElement(g) || g->type == GUMBO_NODE_DOCUMENT) {
      Node n;
      n.g = g;
      n.parent = it.parent;
      n.tag = TagOf(g);
      // One look at the attributes decides whether the class/id hints and the hidden test are
      // needed (most elements of a page carry neither).
      bool has_hidden_attr = false;
      const char *cls = nullptr, *id_attr = nullptr, *itemprop = nullptr;
      if (IsElement(g)) {
        const GumboVector& attrs = g->v.element.attributes;
        for (size_t a = 0; a < attrs.length; ++a) {
          const auto* attr = static_cast<const GumboAttribute*>(attrs.data[a]);
          const char* name = attr->name;  // lower case (the tokenizer's)
          const char** slot = nullptr;
          if (std::strcmp(name, "class") == 0) {
            slot = &cls;
          } else if (std::strcmp(name, "id") == 0) {
            slot = &id_attr;
          } else if (std::strcmp(name, "itemprop") == 0) {
            slot = &itemprop;
          } else if (std::strcmp(name, "hidden") == 0 || std::strcmp(name, "aria-hidden") == 0 ||
                     std::strcmp(name, "style") == 0) {
            has_hidden_attr = true;
          }
          if (slot != nullptr && *slot == nullptr) *slot = attr->value;  // the first one counts
        }
      }
      const bool has_hint_attr = cls != nullptr || id_attr != nullptr || itemprop != nullptr;
      n.invisible = it.invisible || IsInvisibleTag(n.tag) || (has_hidden_attr && IsHidden(g));
      n.in_link = it.in_link || n.tag == GUMBO_TAG_A;
      n.in_article = it.in_article || n.tag == GUMBO_TAG_ARTICLE;
      n.in_furniture = it.in_furniture || n.tag == GUMBO_TAG_NAV || n.tag == GUMBO_TAG_ASIDE ||
                       (n.tag == GUMBO_TAG_FOOTER && !it.in_article);
      if (has_hint_attr) n.hints = CachedHints(g, cls, id_attr, itemprop);
      n.itemprop = itemprop;
      const int id = static_cast<int>(nodes_.size());
      nodes_.push_back(n);
      const GumboVector* kids = ChildrenOf(g);
      for (size_t i = kids->length; i-- > 0;) {
        stack.push_back({static_cast<const GumboNode*>(kids->data[i]), id, n.invisible, n.in_link,
                         n.in_furniture, n.in_article});
      }
      continue;
    }
    if (it.invisible || it.parent < 0) continue;
    if (g->type != GUMBO_NODE_TEXT && g->type != GUMBO_NODE_CDATA) continue;
    const std::string_view text = NodeText(g, &text_scratch_);
    const size_t len = VisibleLength(text);
    if (len == 0) continue;
    // Credit the nearest block ancestor's inline text.
    int block = it.parent;
    while (block >= 0 && !IsBlockTag(nodes_[block].tag)) block = nodes_[block].parent;
    if (block >= 0) {
      nodes_[block].inline_text += len;
      if (it.in_link) nodes_[block].inline_link += len;
      nodes_[block].commas += CountCommas(text);
    }
    nodes_[it.parent].text += len;
    if (it.in_link) nodes_[it.parent].link_text += len;
  }
  size_t slots = 16;
  while (slots < nodes_.size() * 2) slots *= 2;
  index_.assign(slots, {nullptr, -1});
  index_mask_ = slots - 1;
  for (size_t id = 0; id < nodes_.size(); ++id) {
    size_t slot = HashOf(nodes_[id].g) & index_mask_;
    while (index_[slot].first != nullptr) slot = (slot + 1) & index_mask_;
    index_[slot] = {nodes_[id].g, static_cast<int>(id)};
  }
  // Children come after their parents in pre-order: accumulate subtree totals backwards.
  for (size_t i = nodes_.size(); i-- > 1;) {
    Node& n = nodes_[i];
    if (n.parent < 0) continue;
    Node& p = nodes_[n.parent];
    if (n.invisible) continue;
    p.text += n.text;
    p.link_text += n.link_text;
    if (n.tag == GUMBO_TAG_P && n.text >= 20) ++p.paragraphs;
    p.paragraphs += n.paragraphs;
  }
}

// A <div> used as a paragraph (no block inside it holds text): it votes for its parent, as a
// <p> does, rather than standing as a candidate of its own.
bool IsParagraphDiv(const Node& n) {
  return n.tag == GUMBO_TAG_DIV && n.inline_text > 0 && n.inline_text == n.text;
}

int Page::ChooseRoot(std::vector<int>* extra_roots) {
  // 1. An element that declares itself the article body (itemprop=articleBody, well-known body
  //    classes, site profile hints) and holds real text.
  int best_hint = -1;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    if (n.invisible || !n.hints.strong_body) continue;
    if (n.text < 80) continue;
    const double density = n.text ? static_cast<double>(n.link_text) / n.text : 1;
    if (density > 0.5) continue;
    if (best_hint < 0 || n.text > nodes_[best_hint].text * 1.3 ||
        (Within(static_cast<int>(i), best_hint) && n.text * 10 >= nodes_[best_hint].text * 9)) {
      // Prefer the largest; among nested ones holding nearly all the text, the innermost.
      if (best_hint >= 0 && Within(best_hint, static_cast<int>(i)) &&
          nodes_[best_hint].text * 10 >= n.text * 9) {
        continue;
      }
      best_hint = static_cast<int>(i);
    }
  }
  // 2. Readability-style scoring: paragraphs vote for their ancestors.
  for (size_t i = 0; i < nodes_.size(); ++i) {
    Node& n = nodes_[i];
    if (n.invisible || n.inline_text < 25) continue;
    const bool paragraph_like =
        n.tag == GUMBO_TAG_P || n.tag == GUMBO_TAG_PRE || n.tag == GUMBO_TAG_BLOCKQUOTE ||
        n.tag == GUMBO_TAG_TD || n.tag == GUMBO_TAG_DIV || n.tag == GUMBO_TAG_SECTION ||
        n.tag == GUMBO_TAG_ARTICLE || IsHeadingTag(n.tag) || n.tag == GUMBO_TAG_LI;
    if (!paragraph_like) continue;
    const double link = static_cast<double>(n.inline_link) / n.inline_text;
    if (link > 0.5) continue;
    double s = 1.0 + static_cast<double>(n.commas) + std::min(n.inline_text / 100.0, 3.0);
    if (n.tag == GUMBO_TAG_LI || IsHeadingTag(n.tag)) s *= 0.5;
    int target = static_cast<int>(i);
    double share = 1.0;
    if (n.tag == GUMBO_TAG_P || n.tag == GUMBO_TAG_PRE || n.tag == GUMBO_TAG_BLOCKQUOTE ||
        n.tag == GUMBO_TAG_LI || IsHeadingTag(n.tag) || IsParagraphDiv(n)) {
      target = n.parent;
    }
    for (int level = 0; level < 3 && target >= 0; ++level) {
      nodes_[target].score += s * share;
      share = level == 0 ? 0.5 : 1.0 / 3;
      target = nodes_[target].parent;
    }
  }
  int best = -1;
  double best_score = 0;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    Node& n = nodes_[i];
    if (n.score <= 0 || n.invisible) continue;
    if (n.tag == GUMBO_TAG_BODY || n.tag == GUMBO_TAG_HTML) n.score *= 0.5;
    double weight = 0;
    if (n.hints.negative) weight -= 25;
    if (n.hints.positive) weight += 25;
    if (n.hints.strong_body) weight += 50;
    if (IsFurnitureTag(n.tag)) weight -= 50;
    const double density = n.text ? static_cast<double>(n.link_text) / n.text : 0;
    double final_score = (n.score + weight) * (1 - density);
    // Comment threads and link lists can out-write the article: a furniture-looking container
    // needs far more evidence than an article-looking one.
    if ((n.hints.negative && !n.hints.positive) || IsFurnitureTag(n.tag)) final_score *= 0.3;
    n.score = final_score;
    if (final_score > best_score) {
      best_score = final_score;
      best = static_cast<int>(i);
    }
  }
  bool declared = false;
  if (best_hint >= 0) {
    // Trust the declared body unless the scored candidate holds far more article text outside it.
    declared = best < 0 || Within(best, best_hint) ||
               nodes_[best_hint].text * 2 >= nodes_[best].text || Within(best_hint, best);
  }
  const int chosen = declared ? best_hint : best;
  if (chosen < 0) return -1;
  const int parent = nodes_[chosen].parent;
  if (parent < 0) return chosen;
  // Readability's sibling step: siblings that score well or read like paragraphs join the content
  // (a declared body stands alone, but for the next rule).
  const double threshold = std::max(10.0, best_score * 0.2);
  // Bodies written as a run of identical blocks (<div class="text-block"><p>..</p></div>, one
  // per paragraph) put each paragraph in a sibling of the same tag and class as the chosen one.
  const char* chosen_class = Attr(nodes_[chosen].g, "class");
  if (chosen_class != nullptr && *chosen_class == '\0') chosen_class = nullptr;
  const GumboVector* kids = ChildrenOf(nodes_[parent].g);
  for (size_t k = 0; k < kids->length; ++k) {
    const int sibling = IdOf(static_cast<const GumboNode*>(kids->data[k]));
    if (sibling < 0 || sibling == chosen) continue;
    const Node& s = nodes_[sibling];
    if (s.invisible || (s.hints.negative && !s.hints.strong_body) || IsFurnitureTag(s.tag) ||
        s.text == 0) {
      continue;
    }
    const double density = static_cast<double>(s.link_text) / s.text;
    bool join = false;
    if (!declared) {
      join = s.score >= threshold && density < 0.3;
      if ((s.tag == GUMBO_TAG_P || IsParagraphDiv(s)) && s.text >= 80 && density < 0.25) {
        join = true;
      }
    }
    if (chosen_class != nullptr && s.tag == nodes_[chosen].tag && s.text >= s.link_text + 25 &&
        density < 0.5) {
      const char* cls = Attr(s.g, "class");
      if (cls != nullptr && std::strcmp(cls, chosen_class) == 0) join = true;
    }
    if (join) extra_roots->push_back(sibling);
  }
  return chosen;
}

// Walks the chosen content roots in document order, turning blocks into paragraphs.
void Page::EmitParagraphs(int root, PageContent* page) {
  const size_t root_text = std::max<size_t>(nodes_[root].text, 1);
  std::string cur;
  size_t cur_link = 0, cur_len = 0;
  auto flush = [&]() {
    std::string p = CollapseSpace(cur);
    const size_t len = VisibleLength(p);
    if (!p.empty()) {
      if (len > 0 && cur_link * 10 > len * 6) {
        page->boilerplate.push_back(std::move(p));
      } else {
        page->paragraphs.push_back(std::move(p));
      }
    }
    cur.clear();
    cur_link = cur_len = 0;
  };
  struct Item {
    const GumboNode* g;
    bool exit;
    bool in_link;
  };
  std::vector<Item> stack = {{nodes_[root].g, false, false}};
  while (!stack.empty()) {
    Item it = stack.back();
    stack.pop_back();
    const GumboNode* g = it.g;
    if (it.exit) {
      flush();
      continue;
    }
    if (!IsElement(g)) {
      if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_CDATA ||
          g->type == GUMBO_NODE_WHITESPACE) {
        const std::string_view t = NodeText(g, &text_scratch_);
        cur.append(t);
        const size_t len = VisibleLength(t);
        cur_len += len;
        if (it.in_link) cur_link += len;
      }
      continue;
    }
    const int found = IdOf(g);
    const Node* n = found >= 0 ? &nodes_[found] : nullptr;
    const GumboTag t = TagOf(g);
    const bool is_root = g == nodes_[root].g;
    if (n == nullptr || n->invisible) continue;
    if (t == GUMBO_TAG_BR) {
      flush();
      continue;
    }
    if (t == GUMBO_TAG_FIGCAPTION ||
        (n->hints.meta && Contains(AttrLower(g, "class"), "caption"))) {
      flush();
      if (page->caption.empty()) page->caption = TextOf(g);
      continue;
    }
    if (!is_root) {
      const double density = n->text ? static_cast<double>(n->link_text) / n->text : 0;
      bool drop = false;
      if (t == GUMBO_TAG_H1 || t == GUMBO_TAG_HEADER || IsFurnitureTag(t)) drop = true;
      if (n->hints.negative && !n->hints.strong_body &&
          (n->text * 2 < root_text || density > 0.3)) {
        drop = true;
      }
      if (n->hints.meta && !n->hints.positive && n->text < 200 && n->paragraphs == 0) drop = true;
      if ((t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_TABLE) && density > 0.5) {
        drop = true;
      }
      if (IsBlockTag(t) && n->text > 0 && density > 0.6 && n->text < 400 && n->paragraphs <= 1) {
        drop = true;
      }
      if (drop) {
        flush();
        if (n->text > 0 && t != GUMBO_TAG_H1 && n->text < 2000) {
          std::string removed = TextOf(g, 4000);
          if (!removed.empty()) page->boilerplate.push_back(std::move(removed));
        }
        continue;
      }
    }
    const bool block = IsBlockTag(t);
    if (block) {
      flush();
      stack.push_back({g, true, false});
    }
    const GumboVector* kids = ChildrenOf(g);
    const bool link = it.in_link || t == GUMBO_TAG_A;
    for (size_t i = kids->length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(kids->data[i]), false, link});
    }
  }
  flush();
}

// ---------------------------------------------------------------------------------------------
// JSON-LD.

std::string JsonText(const nlohmann::json& v) {
  if (v.is_string()) return CollapseSpace(v.get<std::string>());
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  return "";
}

std::string JsonNames(const nlohmann::json& v) {
  if (v.is_string()) return CollapseSpace(v.get<std::string>());
  if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end()) return JsonText(*it);
    return "";
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string name = JsonNames(e);
      if (name.empty()) continue;
      if (!out.empty()) out += "، ";
      out += name;
    }
    return out;
  }
  return "";
}

bool IsArticleType(const nlohmann::json& type) {
  auto check = [](const std::string& t) {
    return t == "NewsArticle" || t == "Article" || t == "ReportageNewsArticle" ||
           t == "AnalysisNewsArticle" || t == "BlogPosting" || t == "OpinionNewsArticle" ||
           t == "BackgroundNewsArticle" || t == "LiveBlogPosting" || t == "Report" ||
           t == "ScholarlyArticle" || t == "TechArticle" || t == "SocialMediaPosting";
  };
  if (type.is_string()) return check(type.get<std::string>());
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string() && check(t.get<std::string>())) return true;
    }
  }
  return false;
}

void Page::ReadJsonLd(std::string_view json, PageContent* page) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    page->warnings.push_back("unreadable JSON-LD block ignored");
    return;
  }
  // Breadth-first over objects (top level, arrays, @graph), bounded.
  std::vector<const nlohmann::json*> queue = {&doc};
  for (size_t i = 0; i < queue.size() && i < 256; ++i) {
    const nlohmann::json& v = *queue[i];
    if (v.is_array()) {
      for (const auto& e : v) queue.push_back(&e);
      continue;
    }
    if (!v.is_object()) continue;
    if (auto g = v.find("@graph"); g != v.end()) queue.push_back(&*g);
    auto type = v.find("@type");
    if (type == v.end()) continue;
    if (!IsArticleType(*type)) {
      if (v.find("mainEntity") != v.end()) queue.push_back(&v["mainEntity"]);
      continue;
    }
    if (page->title_jsonld.empty()) {
      if (auto h = v.find("headline"); h != v.end()) page->title_jsonld = JsonText(*h);
      if (page->title_jsonld.empty()) {
        if (auto h = v.find("name"); h != v.end()) page->title_jsonld = JsonText(*h);
      }
    }
    if (auto d = v.find("datePublished"); d != v.end() && !JsonText(*d).empty()) {
      page->published.insert(page->published.begin(), Candidate{JsonText(*d), "json-ld"});
    }
    if (auto d = v.find("dateModified"); d != v.end() && !JsonText(*d).empty()) {
      page->modified.insert(page->modified.begin(), Candidate{JsonText(*d), "json-ld"});
    }
    if (auto a = v.find("author"); a != v.end() && page->author_meta.empty()) {
      page->author_meta = JsonNames(*a);
    }
    if (auto p = v.find("publisher"); p != v.end() && page->site_name.empty()) {
      page->site_name = JsonNames(*p);
    }
    if (auto img = v.find("image"); img != v.end() && page->jsonld_caption.empty()) {
      const nlohmann::json* first = &*img;
      if (first->is_array() && !first->empty()) first = &(*first)[0];
      if (first->is_object()) {
        if (auto c = first->find("caption"); c != first->end()) page->jsonld_caption = JsonText(*c);
      }
    }
    if (auto b = v.find("articleBody");
        b != v.end() && b->is_string() && page->jsonld_body.empty()) {
      page->jsonld_body = b->get<std::string>();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Metadata.

void Page::CollectMetadata(PageContent* page) {
  std::vector<std::pair<int, std::string>> h1s;  // node, text
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    const GumboNode* g = n.g;
    if (!IsElement(g)) continue;
    switch (n.tag) {
      case GUMBO_TAG_HTML:
        if (const char* lang = Attr(g, "lang")) page->lang = lang;
        break;
      case GUMBO_TAG_TITLE:
        if (page->title_tag.empty()) page->title_tag = TextOf(g);
        break;
      case GUMBO_TAG_META: {
        const char* content = Attr(g, "content");
        if (content == nullptr) break;
        std::string key = AttrLower(g, "property");
        if (key.empty()) key = AttrLower(g, "name");
        if (key.empty()) key = AttrLower(g, "itemprop");
        const std::string value = CollapseSpace(content);
        if (value.empty()) break;
        if (key == "og:title" || key == "twitter:title") {
          if (page->title_og.empty()) page->title_og = value;
        } else if (key == "og:site_name") {
          page->site_name = value;
        } else if (key == "og:url") {
          if (page->canonical_url.empty()) page->canonical_url = value;
        } else if (key == "article:published_time" || key == "og:published_time" ||
                   key == "datepublished" || key == "pubdate" || key == "publishdate" ||
                   key == "publish-date" || key == "publish_date" || key == "date" ||
                   key == "dc.date.issued" || key == "dc.date" || key == "dcterms.created" ||
                   key == "sailthru.date" || key == "parsely-pub-date" ||
                   key == "article.published" || key == "original-publish-date" ||
                   key == "release_date") {
          page->published.push_back({value, "meta:" + key});
        } else if (key == "article:modified_time" || key == "og:updated_time" ||
                   key == "datemodified" || key == "dcterms.modified" || key == "last-modified") {
          page->modified.push_back({value, "meta:" + key});
        } else if (key == "author" || key == "article:author" || key == "dc.creator" ||
                   key == "byl" || key == "parsely-author" || key == "sailthru.author") {
          if (page->author_meta.empty() && value.rfind("http", 0) != 0) page->author_meta = value;
        }
        break;
      }
      case GUMBO_TAG_LINK:
        if (AttrLower(g, "rel") == "canonical") {
          if (const char* href = Attr(g, "href")) page->canonical_url = href;
        }
        break;
      case GUMBO_TAG_SCRIPT:
        if (Contains(AttrLower(g, "type"), "ld+json")) {
          std::string json;
          const GumboVector* kids = ChildrenOf(g);
          for (size_t k = 0; k < kids->length; ++k) {
            AppendText(stash_, static_cast<const GumboNode*>(kids->data[k]), &json);
          }
          if (json.size() < (size_t{4} << 20)) ReadJsonLd(json, page);
        }
        break;
      case GUMBO_TAG_H1:
        if (!n.invisible) h1s.emplace_back(static_cast<int>(i), TextOf(g));
        break;
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
        if (!n.invisible && !n.in_furniture && page->subheadings.size() < 24 &&
            n.link_text * 2 < n.text + 1) {
          std::string text = TextOf(g, 2000);
          if (VisibleLength(text) >= 8) page->subheadings.push_back(std::move(text));
        }
        break;
      case GUMBO_TAG_FIGCAPTION:
        if (!n.invisible && page->page_caption.empty()) {
          bool in_furniture = false;
          for (int p = n.parent; p >= 0; p = nodes_[p].parent) {
            in_furniture = in_furniture || IsFurnitureTag(nodes_[p].tag) ||
                           (nodes_[p].hints.negative && !nodes_[p].hints.positive);
          }
          if (!in_furniture) page->page_caption = TextOf(g, 2000);
        }
        break;
      case GUMBO_TAG_TIME:
        if (!n.invisible && !n.in_furniture) {
          if (const char* dt = Attr(g, "datetime")) {
            const std::string itemprop = AttrLower(g, "itemprop");
            auto* list = itemprop == "datemodified" ? &page->modified : &page->published;
            list->push_back({CollapseSpace(dt), "time"});
          } else {
            AddDateText(static_cast<int>(i), TextOf(g, 400), /*first=*/false, page);
          }
        }
        break;
      default:
        break;
    }
    if (n.invisible || n.in_furniture) continue;
    const std::string itemprop = n.itemprop != nullptr ? Lower(n.itemprop) : std::string();
    if (n.tag != GUMBO_TAG_META && n.tag != GUMBO_TAG_TIME &&
        (itemprop == "datepublished" || itemprop == "datemodified")) {
      const char* v = Attr(g, "content");
      if (v == nullptr) v = Attr(g, "datetime");
      auto* list = itemprop == "datemodified" ? &page->modified : &page->published;
      if (v != nullptr) {
        list->push_back({CollapseSpace(v), "itemprop"});
      } else if (itemprop == "datepublished") {
        AddDateText(static_cast<int>(i), TextOf(g, 400), /*first=*/true, page);
      }
    }
    if (itemprop == "author" && page->byline_texts.size() < 8) {
      std::string text = TextOf(g, 400);
      if (!text.empty() && VisibleLength(text) < 100) page->byline_texts.push_back(std::move(text));
    }
    if (n.hints.meta && n.tag != GUMBO_TAG_BODY && n.tag != GUMBO_TAG_HTML && n.text > 0 &&
        n.text < 150) {
      const std::string cls = AttrLower(g, "class") + " " + AttrLower(g, "id");
      std::string text = TextOf(g, 600);
      if (text.empty()) continue;
      if (Contains(cls, "date") || Contains(cls, "time") || Contains(cls, "publish") ||
          Contains(cls, "posted") || Contains(cls, "meta") || Contains(cls, "info")) {
        AddDateText(static_cast<int>(i), text, /*first=*/false, page);
      }
      if (Contains(cls, "author") || Contains(cls, "byline") || Contains(cls, "writer") ||
          Contains(cls, "reporter") || Contains(cls, "kateb") || Contains(cls, "editor")) {
        if (page->byline_texts.size() < 8 && VisibleLength(text) < 100) {
          page->byline_texts.push_back(std::move(text));
        }
      }
    }
    if (n.tag == GUMBO_TAG_A && AttrLower(g, "rel") == "author" && page->byline_texts.size() < 8) {
      std::string text = TextOf(g, 400);
      if (!text.empty()) page->byline_texts.push_back(std::move(text));
    }
  }
  // The headline: the first h1 outside page furniture with a few words in it; an h1 inside the
  // article element wins over one in the page header (which is often the logo).
  int best_h1 = -1;
  for (size_t k = 0; k < h1s.size(); ++k) {
    const auto& [id, text] = h1s[k];
    if (text.empty() || VisibleLength(text) < 8) continue;
    bool in_furniture = false, in_article = false;
    for (int p = nodes_[id].parent; p >= 0; p = nodes_[p].parent) {
      if (IsFurnitureTag(nodes_[p].tag) ||
          (nodes_[p].hints.negative && !nodes_[p].hints.positive)) {
        in_furniture = true;
      }
      if (nodes_[p].tag == GUMBO_TAG_ARTICLE || nodes_[p].tag == GUMBO_TAG_MAIN ||
          nodes_[p].hints.positive) {
        in_article = true;
      }
    }
    if (in_furniture) continue;
    if (best_h1 < 0) best_h1 = static_cast<int>(k);
    if (in_article) {
      best_h1 = static_cast<int>(k);
      break;
    }
  }
  if (best_h1 >= 0) {
    page->title_h1 = h1s[best_h1].second;
    headline_ = h1s[best_h1].first;
  }
}

void Page::AddDateText(int node, std::string text, bool first, PageContent* page) {
  if (text.empty() || date_nodes_.size() >= 64) return;
  if (first) {
    page->date_texts.insert(page->date_texts.begin(), std::move(text));
    date_nodes_.insert(date_nodes_.begin(), node);
  } else {
    page->date_texts.push_back(std::move(text));
    date_nodes_.push_back(node);
  }
}

// A page carries many dates: today's date in its top bar, times in the breaking-news ticker, the
// dates of related and most-read stories. The article's own date sits next to its headline (or in
// its body): date texts close to the headline (their common ancestor at most two levels above it,
// one when they come before it) or inside the content root stay in date_texts, unless a related,
// most-read or comment block holds them; the others move to far_date_texts, closest first.
void Page::OrderDates(int root, PageContent* page) {
  const int anchor = headline_ >= 0 ? headline_ : root;
  if (anchor < 0 || date_nodes_.empty()) return;
  const bool root_is_article = root >= 0 && nodes_[root].tag != GUMBO_TAG_BODY &&
                               nodes_[root].tag != GUMBO_TAG_HTML &&
                               nodes_[root].tag != GUMBO_TAG_UNKNOWN;
  std::unordered_map<int, size_t> anchor_level;  // anchor and its ancestors -> levels above it
  size_t level = 0;
  for (int p = anchor; p >= 0; p = nodes_[p].parent) anchor_level.emplace(p, level++);
  struct Far {
    bool in_list;
    size_t up;
    bool before;
    size_t index;
  };
  std::vector<std::string> near;
  std::vector<Far> far;
  for (size_t k = 0; k < date_nodes_.size(); ++k) {
    const int d = date_nodes_[k];
    // Levels from the anchor up to the lowest common ancestor.
    size_t up = SIZE_MAX;
    for (int p = d; p >= 0; p = nodes_[p].parent) {
      auto it = anchor_level.find(p);
      if (it != anchor_level.end()) {
        up = it->second;
        break;
      }
    }
    const bool is_after = d > anchor;
    // Related cards, most-read lists and comments date their own items, even inside the body.
    bool in_list = false;
    for (int p = d; p >= 0 && !in_list; p = nodes_[p].parent) {
      in_list = nodes_[p].hints.negative && !nodes_[p].hints.strong_body;
    }
    if (!in_list && ((root_is_article && Within(d, root)) || up <= (is_after ? 2u : 1u))) {
      near.push_back(std::move(page->date_texts[k]));
    } else {
      far.push_back({in_list, up, !is_after, k});
    }
  }
  // The others: closest to the headline first (listed items last; after it before before it;
  // then nearest in page order).
  std::stable_sort(far.begin(), far.end(), [&](const Far& a, const Far& b) {
    if (a.in_list != b.in_list) return !a.in_list;
    if (a.up != b.up) return a.up < b.up;
    if (a.before != b.before) return !a.before;
    return a.before ? a.index > b.index : a.index < b.index;
  });
  page->far_date_texts.clear();
  for (const Far& f : far) page->far_date_texts.push_back(std::move(page->date_texts[f.index]));
  page->date_texts = std::move(near);
}

void Page::ExtractContent(PageContent* page) {
  std::vector<int> extra;
  const int root = ChooseRoot(&extra);
  OrderDates(root, page);
  if (root < 0) return;
  std::vector<int> roots = extra;
  roots.push_back(root);
  // Document order: pre-order index.
  std::sort(roots.begin(), roots.end());
  for (int r : roots) EmitParagraphs(r, page);
}

// Tags that close themselves when a sibling of the same kind opens (for the depth estimate).
bool ImpliedEnd(std::string_view tag) {
  return tag == "p" || tag == "li" || tag == "dt" || tag == "dd" || tag == "option" ||
         tag == "tr" || tag == "td" || tag == "th" || tag == "rb" || tag == "rt" || tag == "rp" ||
         tag == "optgroup" || tag == "tbody" || tag == "thead";
}

bool VoidTag(std::string_view tag) {
  switch (tag.size()) {  // called for every tag of the page: rejected by length first
    case 2:
      return tag == "br" || tag == "hr";
    case 3:
      return tag == "col" || tag == "img" || tag == "wbr";
    case 4:
      return tag == "area" || tag == "base" || tag == "link" || tag == "meta";
    case 5:
      return tag == "embed" || tag == "input" || tag == "param" || tag == "track" ||
             tag == "frame" || tag == "image";
    case 6:
      return tag == "source" || tag == "keygen";
    case 7:
      return tag == "command" || tag == "bgsound";
    case 8:
      return tag == "basefont";
    default:
      return false;
  }
}

// A lower-cased tag name of at most 32 bytes, stored inline (no allocation per tag).
struct TagName {
  char data[32];
  uint8_t size = 0;
  std::string_view view() const { return {data, size}; }
};

// ---------------------------------------------------------------------------------------------
// Pre-pass: cut bytes gumbo would only turn into invisible text.

bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (AsciiLower(s[i]) != lower[i]) return false;
  }
  return true;
}

// Start of the first appropriate end tag "</name" (any case, followed by space, '/' or '>') at or
// after `from`, or npos. This is where script data, RAWTEXT and RCDATA end (outside the script
// escape states, which the caller rules out).
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t i = from;;) {
    const size_t p = html.find("</", i);
    if (p == std::string_view::npos) return p;
    const size_t after = p + 2 + name.size();
    if (after < html.size() && EqualsLower(html.substr(p + 2, name.size()), name) &&
        (IsTagSpace(html[after]) || html[after] == '/' || html[after] == '>')) {
      return p;
    }
    i = p + 2;
  }
}

// From just after a tag's name, the index after its '>' (npos at end of input), following the
// HTML tokenizer's attribute states exactly: quotes only open a value right after '='.
size_t TagEnd(std::string_view html, size_t i, bool* self_closing) {
  enum { kBeforeName, kName, kAfterName, kBeforeValue, kUnquoted } state = kBeforeName;
  *self_closing = false;
  for (; i < html.size(); ++i) {
    const char c = html[i];
    switch (state) {
      case kBeforeName:
      case kName:
      case kAfterName:
        if (c == '>') return i + 1;
        if (c == '/') {
          if (i + 1 < html.size() && html[i + 1] == '>') {
            *self_closing = true;
            return i + 2;
          }
          state = kBeforeName;
        } else if (IsTagSpace(c)) {
          state = state == kName ? kAfterName : state;
        } else if (c == '=' && state != kBeforeName) {
          state = kBeforeValue;
        } else {
          state = kName;
        }
        break;
      case kBeforeValue:
        if (IsTagSpace(c)) break;
        if (c == '>') return i + 1;
        if (c == '"' || c == '\'') {
          const size_t q = html.find(c, i + 1);
          if (q == std::string_view::npos) return q;
          i = q;
          state = kBeforeName;
        } else {
          state = kUnquoted;
        }
        break;
      case kUnquoted:
        if (c == '>') return i + 1;
        if (IsTagSpace(c)) state = kBeforeName;
        break;
    }
  }
  return std::string_view::npos;
}

// SVG elements that neither change the tokenizer's state nor leave foreign content; inside <svg>
// anything else stops the pre-pass (the parse is then left to gumbo alone).
bool PlainSvgTag(std::string_view name) {
  static constexpr std::string_view kPlain[] = {"path",
                                                "g",
                                                "circle",
                                                "rect",
                                                "line",
                                                "polyline",
                                                "polygon",
                                                "ellipse",
                                                "use",
                                                "defs",
                                                "symbol",
                                                "lineargradient",
                                                "stop",
                                                "clippath",
                                                "radialgradient",
                                                "mask",
                                                "pattern",
                                                "text",
                                                "tspan",
                                                "image",
                                                "filter",
                                                "fegaussianblur",
                                                "feoffset",
                                                "feblend",
                                                "feflood",
                                                "fecomposite",
                                                "fecolormatrix",
                                                "femerge",
                                                "femergenode",
                                                "animate",
                                                "animatetransform",
                                                "svg",
                                                "title",
                                                "desc"};
  for (std::string_view t : kPlain) {
    if (t == name) return true;
  }
  return false;
}

// Attributes the analysis reads (html_dom.cc looks at no other); every other attribute of an
// element outside foreign content is cut by the pre-pass: hrefs, srcset, data-*, inline handlers
// and their long values are most of the markup of a menu or a card list.
bool KeptAttribute(std::string_view tag, std::string_view name) {
  switch (name.size()) {  // most attributes are rejected by their length alone
    case 2:
      return EqualsLower(name, "id");
    case 3:
      return EqualsLower(name, "rel");
    case 4:
      return EqualsLower(name, "name") || EqualsLower(name, "type") || EqualsLower(name, "lang") ||
             (tag == "link" && EqualsLower(name, "href"));  // rel=canonical
    case 5:
      return EqualsLower(name, "class") || EqualsLower(name, "style");
    case 6:
      return EqualsLower(name, "hidden");
    case 7:
      return EqualsLower(name, "content");
    case 8:
      return EqualsLower(name, "itemprop") || EqualsLower(name, "property") ||
             EqualsLower(name, "datetime");
    case 11:
      return EqualsLower(name, "aria-hidden");
    default:
      return false;
  }
}

// Cuts the attributes of the start tag html[from, end) (from = just after the tag name) that
// KeptAttribute rejects, following the tokenizer's attribute states as TagEnd does. Each cut
// attribute becomes one space, so a preceding '/' never turns into a self-closing flag.
template <typename CutFn>
void CutAttributes(std::string_view html, size_t from, size_t end, std::string_view tag,
                   CutFn&& cut) {
  size_t i = from;
  while (i < end) {
    const char c = html[i];
    if (IsTagSpace(c) || c == '/' || c == '>') {
      ++i;
      continue;
    }
    const size_t name_start = i++;  // a name may start with '='
    while (i < end && !IsTagSpace(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') {
      ++i;
    }
    const std::string_view name = html.substr(name_start, i - name_start);
    size_t j = i;
    while (j < end && IsTagSpace(html[j])) ++j;
    size_t attr_end = i;
    if (j < end && html[j] == '=') {
      ++j;
      while (j < end && IsTagSpace(html[j])) ++j;
      if (j < end && (html[j] == '"' || html[j] == '\'')) {
        const size_t q = html.find(html[j], j + 1);
        if (q == std::string_view::npos || q >= end) return;  // TagEnd said otherwise: stop
        attr_end = q + 1;
      } else {
        while (j < end && !IsTagSpace(html[j]) && html[j] != '>') ++j;
        attr_end = j;
      }
    }
    if (!KeptAttribute(tag, name)) cut(name_start, attr_end, /*space=*/true);
    i = attr_end;
  }
}

// Content of <nav>, <aside> and <footer> elements larger than this (mega-menus, sidebars, site
// footers) is cut by the pre-pass: the analysis discards it anyway (furniture tags).
constexpr size_t kMinFurnitureCut = 4096;

bool IsFurnitureRegionTag(std::string_view name) {
  return name == "nav" || name == "aside" || name == "footer";
}

// Elements that, left open when a furniture element ends, would change the tree after it: the
// active formatting elements are reconstructed later, scope boundaries stop "</nav>" from closing
// the element, an open form keeps the form pointer.
bool LeaksPastEndTag(std::string_view name) {
  static constexpr std::string_view kLeaky[] = {
      "a",      "b",       "big",    "code",     "em",   "font",   "i",     "nobr", "s",
      "small",  "strike",  "strong", "tt",       "u",    "table",  "td",    "th",   "caption",
      "applet", "marquee", "object", "template", "form", "button", "select"};
  for (std::string_view l : kLeaky) {
    if (l == name) return true;
  }
  return false;
}

// A furniture element being scanned: its open descendants, and whether cutting its content would
// leave the tree outside it exactly as it is.
struct FurnitureRegion {
  bool active = false;
  bool safe = true;
  TagName tag;
  size_t content = 0;   // where its content starts
  size_t out_size = 0;  // the output's size and `copied` when the content started
  size_t copied = 0;
  std::vector<TagName> open;
};

// Placeholders of TextStash: U+F0000, then two digits U+F0001..U+F0400 (index = (hi-1)*1024 +
// lo-1). All of them are 4 bytes starting F3 B0.
constexpr std::string_view kStashMarker = "\xF3\xB0\x80\x80";
constexpr size_t kStashDigit = 1024;
constexpr size_t kMaxStashRuns = kStashDigit * kStashDigit;
// Runs shorter than this stay in place: the placeholder (3 characters) would save little.
constexpr size_t kMinStashRun = 16;

void AppendStashDigit(size_t v, std::string* out) {  // v in [1, 1024]
  out->push_back(static_cast<char>(0xF3));
  out->push_back(static_cast<char>(0xB0));
  out->push_back(static_cast<char>(0x80 | (v >> 6)));
  out->push_back(static_cast<char>(0x80 | (v & 0x3F)));
}

// The digit at text[p, p+4), or 0 when there is none.
size_t StashDigitAt(std::string_view text, size_t p) {
  if (p + 4 > text.size() || static_cast<unsigned char>(text[p]) != 0xF3 ||
      static_cast<unsigned char>(text[p + 1]) != 0xB0) {
    return 0;
  }
  const unsigned char a = static_cast<unsigned char>(text[p + 2]),
                      b = static_cast<unsigned char>(text[p + 3]);
  if ((a & 0xC0) != 0x80 || (b & 0xC0) != 0x80) return 0;
  const size_t v = (size_t{a & 0x3Fu} << 6) | (b & 0x3Fu);
  return v >= 1 && v <= kStashDigit ? v : 0;
}

// Whether a page may get placeholders: it must not hold code points U+F0000..U+F0FFF, raw or as
// numeric character references (which gumbo would decode into text next to a placeholder).
bool StashAllowed(std::string_view html) {
  if (html.find("\xF3\xB0") != std::string_view::npos) return false;
  for (size_t p = html.find("&#"); p != std::string_view::npos; p = html.find("&#", p + 2)) {
    size_t k = p + 2;
    const bool hex = k < html.size() && (html[k] == 'x' || html[k] == 'X');
    if (hex) ++k;
    uint32_t v = 0;
    for (; k < html.size() && v <= 0x10FFFF; ++k) {
      const char c = html[k];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) break;
      v = v * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    }
    if (v >= 0xF0000 && v <= 0xF0FFF) return false;
  }
  return true;
}

bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

}  // namespace

bool TextStash::MayHold(std::string_view text) {
  return text.find("\xF3\xB0") != std::string_view::npos;
}

void TextStash::AppendExpanded(std::string_view text, std::string* out) const {
  size_t from = 0;
  for (size_t p = runs.empty() ? std::string_view::npos : text.find(kStashMarker);
       p != std::string_view::npos; p = text.find(kStashMarker, p + 1)) {
    const size_t hi = StashDigitAt(text, p + 4), lo = StashDigitAt(text, p + 8);
    if (hi == 0 || lo == 0) continue;
    const size_t index = (hi - 1) * kStashDigit + (lo - 1);
    if (index >= runs.size()) continue;
    out->append(text.substr(from, p - from));
    out->append(source.substr(runs[index].first, runs[index].second));
    from = p + 12;
    p = from - 1;
  }
  out->append(text.substr(from));
}

bool CutInvisibleContent(std::string_view html, std::string* out, TextStash* stash) {
  constexpr size_t npos = std::string_view::npos;
  out->clear();
  size_t copied = 0;  // html[0, copied) is in *out (minus what was cut)
  bool any = false;
  auto replace = [&](size_t from, size_t to, std::string_view with) {
    from = std::max(from, copied);
    if (to <= from) return false;
    if (!any) out->reserve(html.size() / 2);
    any = true;
    out->append(html.substr(copied, from - copied));
    out->append(with);
    copied = to;
    return true;
  };
  auto cut = [&](size_t from, size_t to, bool space = false) {
    replace(from, to, space ? std::string_view(" ") : std::string_view());
  };
  if (stash != nullptr) {
    stash->source = html;
    stash->runs.clear();
    if (!StashAllowed(html) || html.size() > UINT32_MAX) stash = nullptr;
  }
  std::string placeholder;
  // Puts html[from, to) (no '<', '&', CR or NUL in it) in the stash when it is long enough.
  auto stash_segment = [&](size_t from, size_t to) {
    while (from < to && IsTagSpace(html[from])) ++from;
    while (to > from && IsTagSpace(html[to - 1])) --to;
    if (to - from < kMinStashRun || stash->runs.size() >= kMaxStashRuns) return;
    const size_t index = stash->runs.size();
    placeholder.assign(kStashMarker);
    AppendStashDigit(index / kStashDigit + 1, &placeholder);
    AppendStashDigit(index % kStashDigit + 1, &placeholder);
    if (replace(from, to, placeholder)) {
      stash->runs.emplace_back(static_cast<uint32_t>(from), static_cast<uint32_t>(to - from));
    }
  };
  // Text in the data state, html[from, to): split where the tokenizer does more than emit the
  // character (character references, whose alphanumerics stay with them; CR; NUL).
  auto stash_text = [&](size_t from, size_t to) {
    if (stash == nullptr || to - from < kMinStashRun) return;
    size_t s = from;
    while (s < to) {
      size_t e = s;
      while (e < to && html[e] != '&' && html[e] != '\r' && html[e] != '\0') ++e;
      stash_segment(s, e);
      if (e >= to) break;
      s = e + 1;
      if (html[e] == '&') {
        if (s < to && html[s] == '#') ++s;
        while (s < to && IsAsciiAlnum(html[s])) ++s;
        if (s < to && html[s] == ';') ++s;
      }
    }
  };
  size_t svg_depth = 0;
  size_t svg_content = 0;  // where the content of the outermost <svg> starts
  FurnitureRegion region;
  region.open.reserve(32);
  size_t article_depth = 0;  // <footer> inside <article> is the article's own: not cut
  bool form_seen = false;    // a <form> start tag outside furniture regions so far
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (svg_depth == 0) stash_text(i, lt == npos ? html.size() : lt);
    if (lt == npos || lt + 1 >= html.size()) break;
    const char next = html[lt + 1];
    if (next == '!') {
      if (html.compare(lt, 4, "<!--") == 0) {
        const size_t body = lt + 4;
        if (body < html.size() && (html[body] == '>' || html.compare(body, 2, "->") == 0)) {
          i = body + 1;  // "<!-->" / "<!--->": empty comments; scanning on is safe
          if (html[body] == '-') ++i;
          continue;
        }
        const size_t end = html.find("-->", body);
        const size_t bang = html.find("--!>", body);
        if (end == npos && bang == npos) break;
        if (bang < end) {
          i = bang + 4;
          continue;
        }
        cut(body, end);
        i = end + 3;
        continue;
      }
      if (html.compare(lt, 9, "<![CDATA[") == 0) break;
      const size_t gt = html.find('>', lt + 2);  // DOCTYPE or bogus comment
      if (gt == npos) break;
      i = gt + 1;
      continue;
    }
    if (next == '?') {
      const size_t gt = html.find('>', lt + 2);
      if (gt == npos) break;
      i = gt + 1;
      continue;
    }
    const bool closing = next == '/';
    const size_t name_start = lt + 1 + (closing ? 1 : 0);
    if (name_start >= html.size()) break;
    if (!IsAsciiAlpha(html[name_start])) {
      if (closing) {  // "</>" is dropped; "</3..." is a bogus comment
        const size_t gt = html.find('>', name_start);
        if (gt == npos) break;
        i = gt + 1;
      } else {
        i = lt + 1;  // a lone '<' is text
      }
      continue;
    }
    TagName tag;
    size_t k = name_start;
    while (k < html.size() && !IsTagSpace(html[k]) && html[k] != '/' && html[k] != '>') {
      if (k - name_start < sizeof(tag.data)) {
        tag.data[tag.size++] = AsciiLower(html[k]);
      }
      ++k;
    }
    if (k - name_start > sizeof(tag.data)) tag.size = 0;  // longer than any name that matters
    const std::string_view name = tag.view();
    bool self_closing = false;
    const size_t end = TagEnd(html, k, &self_closing);
    if (end == npos) break;
    i = end;
    if (svg_depth > 0) {
      if (closing) {
        // An HTML end tag can leave foreign content; not modelled.
        if (!PlainSvgTag(name)) break;
        // The content of a whole <svg> (icons, logos: long path data) is invisible.
        if (name == "svg" && --svg_depth == 0) cut(svg_content, lt);
      } else if (!PlainSvgTag(name)) {
        break;
      } else if (name == "svg" && !self_closing) {
        ++svg_depth;
      }
      continue;
    }
    if (closing) {
      if (!region.active) {
        if (name == "article" && article_depth > 0) --article_depth;
        continue;
      }
      size_t k2 = region.open.size();
      while (k2 > 0 && region.open[k2 - 1].view() != name) --k2;
      if (k2 > 0) {
        region.open.resize(k2 - 1);
      } else if (name == region.tag.view()) {
        for (const TagName& t : region.open)
          region.safe = region.safe && !LeaksPastEndTag(t.view());
        if (region.safe && lt - region.content >= kMinFurnitureCut) {
          // Undo the cuts made inside it, then drop the whole content.
          if (!any) out->reserve(html.size() / 2);
          any = true;
          out->resize(region.out_size);
          out->append(html.substr(region.copied, region.content - region.copied));
          copied = lt;
        }
        region.active = false;
      } else if (name != "p" && name != "br") {
        region.safe = false;  // an end tag closing something outside: not modelled
      }
      continue;
    }
    const std::string_view start_tag = html.substr(lt, end - lt);
    CutAttributes(html, k, end, name, cut);
    if (region.active) {
      // A form inside a form is ignored, and its end tag then closes the outer one: with a form
      // seen before, a form inside the region may change the tree outside it.
      if (name == "form" && form_seen) region.safe = false;
      if (region.open.size() >= 256) {
        region.safe = false;  // too deep to model; also keeps the end-tag search bounded
      } else if (!VoidTag(name) && name != "svg") {
        region.open.push_back(tag);
      }
    } else if (name == "article") {
      ++article_depth;
    } else if (name == "form") {
      form_seen = true;
    } else if (IsFurnitureRegionTag(name) && !self_closing &&
               (name != "footer" || article_depth == 0)) {
      region.active = true;
      region.safe = true;
      region.tag = tag;
      region.content = end;
      region.out_size = out->size();
      region.copied = copied;
      region.open.clear();
    }
    if (name == "script" || name == "style") {
      const size_t close = FindEndTag(html, end, name);
      if (close == npos) break;
      const std::string_view content = html.substr(end, close - end);
      // "<!--" inside script data may enter the escape states, where "</script" need not end it.
      if (name == "script" && content.find("<!--") != npos) break;
      // Keep JSON-LD (and any script whose start tag uses character references, which could
      // spell its type); other JSON blobs (framework state) are as invisible as code.
      bool keep = name == "script" && start_tag.find('&') != npos;
      for (size_t p = 0; !keep && p + 7 <= start_tag.size(); ++p) {
        keep = EqualsLower(start_tag.substr(p, 7), "ld+json") ||
               EqualsLower(start_tag.substr(p, 7), "json+ld");
      }
      if (!keep) {
        cut(end, close);
      } else if (stash != nullptr && close - end >= kMinStashRun &&
                 content.find_first_of(std::string_view("\r\0", 2)) == npos &&
                 stash->runs.size() < kMaxStashRuns) {
        // Script data is text up to "</script" whatever it holds: one run.
        const size_t index = stash->runs.size();
        placeholder.assign(kStashMarker);
        AppendStashDigit(index / kStashDigit + 1, &placeholder);
        AppendStashDigit(index % kStashDigit + 1, &placeholder);
        if (replace(end, close, placeholder)) {
          stash->runs.emplace_back(static_cast<uint32_t>(end), static_cast<uint32_t>(close - end));
        }
      }
      if (keep) region.safe = false;  // JSON-LD inside furniture is still read
      i = close;
      continue;
    }
    if (name == "textarea" || name == "title" || name == "xmp" || name == "iframe" ||
        name == "noembed" || name == "noframes") {
      const size_t close = FindEndTag(html, end, name);
      if (close == npos) break;
      i = close;
      continue;
    }
    // Not modelled: PLAINTEXT, MathML, framesets and <select> (which ignores some start tags).
    if (name == "plaintext" || name == "math" || name == "frameset" || name == "select") break;
    if (name == "svg" && !self_closing) {
      svg_depth = 1;
      svg_content = end;
    }
  }
  if (!any) return false;
  out->append(html.substr(copied));
  return true;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c > ' ' && c < 0x80) {  // fast path: printable ASCII
      if (space) out += ' ';
      space = false;
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = 1;
    bool is_space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      is_space = true;  // NBSP
      len = 2;
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      const unsigned char d = static_cast<unsigned char>(s[i + 2]);
      if ((d >= 0x80 && d <= 0x8A) || d == 0xAF || d == 0xA8 || d == 0xA9) {
        is_space = true;  // U+2000..U+200A, U+202F, line/paragraph separators
        len = 3;
      }
    } else if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               static_cast<unsigned char>(s[i + 2]) == 0x80) {
      is_space = true;
      len = 3;
    }
    if (is_space) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

size_t EstimateNestingDepth(std::string_view html, size_t stop_at) {
  std::vector<TagName> stack;
  stack.reserve(64);
  size_t max_depth = 0;
  size_t i = 0;
  auto skip_to = [&](std::string_view end) {
    const size_t p = html.find(end, i);
    i = p == std::string_view::npos ? html.size() : p + end.size();
  };
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    i = lt + 1;
    if (html.substr(lt, 4) == "<!--") {
      skip_to("-->");
      continue;
    }
    if (i < html.size() && (html[i] == '!' || html[i] == '?')) {
      skip_to(">");
      continue;
    }
    const bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    TagName tag;
    while (
        i < html.size() && tag.size < 32 &&
        (std::isalnum(static_cast<unsigned char>(html[i])) || html[i] == '-' || html[i] == ':')) {
      tag.data[tag.size++] = AsciiLower(html[i]);
      ++i;
    }
    const std::string_view name = tag.view();
    if (name.empty()) continue;
    // Find the end of the tag, honouring quoted attribute values.
    char quote = 0;
    bool self_closing = false;
    while (i < html.size()) {
      const char c = html[i++];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        self_closing = i >= 2 && html[i - 2] == '/';
        break;
      }
    }
    if (closing) {
      for (size_t k = stack.size(); k-- > 0 && stack.size() - k <= 64;) {
        if (stack[k].view() == name) {
          stack.resize(k);
          break;
        }
      }
      continue;
    }
    if (name == "script" || name == "style" || name == "textarea" || name == "title" ||
        name == "xmp" || name == "plaintext") {
      skip_to("</" + std::string(name));
      continue;
    }
    if (VoidTag(name) || self_closing) continue;
    if (ImpliedEnd(name)) {
      for (size_t k = stack.size(); k-- > 0 && stack.size() - k <= 4;) {
        if (stack[k].view() == name) {
          stack.resize(k);
          break;
        }
      }
    }
    stack.push_back(tag);
    max_depth = std::max(max_depth, stack.size());
    if (max_depth >= stop_at) break;
  }
  return max_depth;
}

namespace {

// A bump allocator for gumbo, which allocates every node, attribute, vector and string buffer
// separately (and frees them one by one again): allocation becomes a pointer increment and the
// whole tree goes at once. Blocks are kept between pages (up to kMaxKept bytes), so a thread
// parsing page after page stops asking the system for memory. Not thread-safe: one per thread.
class ParseArena {
 public:
  static void* Allocate(void* self, size_t size) {
    return static_cast<ParseArena*>(self)->Get(size);
  }
  static void Deallocate(void*, void*) {}

  // Forgets everything allocated (the previous tree).
  void Reset() {
    if (kept_ > kMaxKept) {
      blocks_.clear();
      kept_ = 0;
    }
    next_ = 0;
    cursor_ = nullptr;
    left_ = 0;
  }

 private:
  static constexpr size_t kFirstBlock = size_t{64} << 10;
  static constexpr size_t kMaxKept = size_t{8} << 20;

  void* Get(size_t size) {
    size = (size + 15) & ~size_t{15};
    if (size > left_) NextBlock(size);
    void* p = cursor_;
    cursor_ += size;
    left_ -= size;
    return p;
  }

  void NextBlock(size_t size) {
    // Reuse the next kept block when it is large enough; otherwise put a new one in its place.
    if (next_ >= blocks_.size() || blocks_[next_].second < size) {
      const size_t want = std::max(size, kFirstBlock << std::min<size_t>(blocks_.size(), 8));
      blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(next_),
                     {std::unique_ptr<char[]>(new char[want]), want});
      kept_ += want;
    }
    cursor_ = blocks_[next_].first.get();
    left_ = blocks_[next_].second;
    ++next_;
  }

  std::vector<std::pair<std::unique_ptr<char[]>, size_t>> blocks_;
  size_t next_ = 0;  // the block after the one in use
  size_t kept_ = 0;
  char* cursor_ = nullptr;
  size_t left_ = 0;
};

}  // namespace

Result<PageContent> AnalyzePage(std::string_view html, const DomOptions& options) {
  if (html.size() > kMaxHtmlBytes) {
    return Status::Unsupported("HTML page larger than " + std::to_string(kMaxHtmlBytes) + " bytes");
  }
  // The pre-pass is linear; the depth is measured on what gumbo will actually parse.
  std::string cut;
  TextStash stash;
  const std::string_view parse_input =
      options.cut_invisible &&
              CutInvisibleContent(html, &cut, options.stash_text ? &stash : nullptr)
          ? cut
          : html;
  if (EstimateNestingDepth(parse_input, kMaxHtmlDepth + 1) > kMaxHtmlDepth) {
    return Status::Unsupported("HTML nested deeper than " + std::to_string(kMaxHtmlDepth) +
                               " elements");
  }
  // Parse errors are not collected (max_errors 0): nothing reads them, and recording each one
  // allocates; the tree is the same. gumbo allocates from this thread's arena; the tree is
  // dropped with the arena's reset rather than freed node by node.
  thread_local ParseArena arena;
  arena.Reset();
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.max_errors = 0;
  gumbo_options.stop_on_first_error = false;
  gumbo_options.allocator = &ParseArena::Allocate;
  gumbo_options.deallocator = &ParseArena::Deallocate;
  gumbo_options.userdata = &arena;
  const GumboOutput* out =
      gumbo_parse_with_options(&gumbo_options, parse_input.data(), parse_input.size());
  if (out == nullptr) return Status::Internal("gumbo could not parse the page");
  PageContent page;
  try {
    Page p(out->document, options, stash);
    p.CollectMetadata(&page);
    p.ExtractContent(&page);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("HTML analysis failed: ") + e.what());
  }
  return page;
}

}  // namespace khabar::extract::html
