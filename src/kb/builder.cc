#include "kb/builder.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <unordered_set>

#include "base/utf8.h"
#include "khabar/text.h"

namespace khabar::kb::internal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.back() == '\r' || s.back() == ' ')) {
    if (s.front() == ' ')
      s.remove_prefix(1);
    else
      s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t tab = line.find('\t', pos);
    out.push_back(Trim(line.substr(pos, tab == std::string_view::npos ? tab : tab - pos)));
    if (tab == std::string_view::npos) break;
    pos = tab + 1;
  }
  return out;
}

// One parsed TSV: header names and rows with their line numbers.
struct Table {
  std::vector<std::string> header;
  int header_line = 0;
  std::vector<std::pair<int, std::vector<std::string_view>>> rows;
  int Col(std::string_view name) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  }
};

Status ParseTable(std::string_view text, std::string_view name, Table* t) {
  int line_no = 0;
  size_t pos = 0;
  if (text.starts_with("\xEF\xBB\xBF")) pos = 3;  // a BOM (Windows editors write one)
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (line.size() > 65536) {
      return Status::InvalidArgument(std::string(name) + ":" + std::to_string(line_no) +
                                     ": line too long");
    }
    // Aliases in another encoding would load as garbage that matches nothing.
    if (!utf8::IsValid(line)) {
      return Status::InvalidArgument(std::string(name) + ":" + std::to_string(line_no) +
                                     ": not UTF-8 (save the file as UTF-8, e.g. "
                                     "iconv -f WINDOWS-1256 -t UTF-8)");
    }
    std::vector<std::string_view> f = SplitTabs(line);
    if (t->header.empty()) {
      for (auto x : f) t->header.emplace_back(Trim(x));  // `aliases_ar ` is aliases_ar
      t->header_line = line_no;
      continue;
    }
    if (f.size() > t->header.size()) {
      return Status::InvalidArgument(std::string(name) + ":" + std::to_string(line_no) + ": " +
                                     std::to_string(f.size()) + " fields, header has " +
                                     std::to_string(t->header.size()));
    }
    f.resize(t->header.size());
    t->rows.emplace_back(line_no, std::move(f));
  }
  if (t->header.empty()) return Status::InvalidArgument(std::string(name) + ": no header line");
  return Status::Ok();
}

std::string Where(std::string_view name, int line) {
  return std::string(name) + ":" + std::to_string(line) + ": ";
}

bool IsAsciiId(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      return false;
  }
  return true;
}

bool IsQid(std::string_view q) {
  if (q.size() < 2 || q[0] != 'Q' || q[1] == '0') return false;
  for (size_t i = 1; i < q.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(q[i]))) return false;
  return true;
}

// Adds suffix `suf` to every word of `phrase` that ends in ي (the nisba); if none does, to the
// last.
std::string InflectNisba(const std::string& phrase, const std::string& suf) {
  std::vector<std::string> words = SplitList(phrase, ' ');
  bool any = false;
  for (auto& w : words) {
    if (w.size() >= 2 && (w.compare(w.size() - 2, 2, "ي") == 0)) {
      w += suf;
      any = true;
    }
  }
  if (!any && !words.empty()) words.back() += suf;
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i ? " " : "") + words[i];
  return out;
}

// Definite form: ال on every nisba word; when none is a nisba, on the first word.
std::string Definite(const std::string& phrase) {
  std::vector<std::string> words = SplitList(phrase, ' ');
  bool any = false;
  for (auto& w : words) {
    bool nisba =
        w.size() >= 2 &&
        (w.compare(w.size() - 2, 2, "ي") == 0 ||
         (w.size() >= 4 &&
          (w.compare(w.size() - 4, 4, "ية") == 0 || w.compare(w.size() - 4, 4, "ون") == 0 ||
           w.compare(w.size() - 4, 4, "ين") == 0 || w.compare(w.size() - 4, 4, "ات") == 0)));
    if (nisba && w.rfind("ال", 0) != 0) {
      w = "ال" + w;
      any = true;
    }
  }
  if (!any && !words.empty() && words[0].rfind("ال", 0) != 0) words[0] = "ال" + words[0];
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i ? " " : "") + words[i];
  return out;
}

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
void PutStr(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}
void PutI32(std::string* out, int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= s_.size()) return false;
      uint8_t b = static_cast<uint8_t>(s_[pos_++]);
      *v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool Str(std::string* out) {
    uint64_t n;
    if (!Varint(&n) || n > s_.size() - pos_) return false;
    out->assign(s_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool Byte(uint8_t* b) {
    if (pos_ >= s_.size()) return false;
    *b = static_cast<uint8_t>(s_[pos_++]);
    return true;
  }
  bool I32(int32_t* v) {
    if (s_.size() - pos_ < 4) return false;
    uint32_t u = 0;
    for (int i = 0; i < 4; ++i)
      u |= static_cast<uint32_t>(static_cast<uint8_t>(s_[pos_ + i])) << (8 * i);
    pos_ += 4;
    *v = static_cast<int32_t>(u);
    return true;
  }
  bool Done() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

constexpr char kMagic[] = "KHABARKB";
// 2: derived match keys per alias and title (session 11).
constexpr uint32_t kVersion = 3;

}  // namespace

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t p = s.find(sep, pos);
    std::string_view piece = Trim(s.substr(pos, p == std::string_view::npos ? p : p - pos));
    if (!piece.empty()) out.emplace_back(piece);
    if (p == std::string_view::npos) break;
    pos = p + 1;
  }
  return out;
}

KbBuilder::KbBuilder(KbData base, bool allow_override, bool rows_from_user)
    : entities_(std::move(base.entities)),
      titles_(std::move(base.titles)),
      rules_(std::move(base.rules)),
      allow_override_(allow_override),
      first_new_(entities_.size()),
      rows_from_user_(rows_from_user) {
  for (const std::string& cc : base.arab_league) arab_[cc] = true;
  for (size_t i = 0; i < entities_.size(); ++i) by_id_[entities_[i].id] = i;
}

Entity* KbBuilder::FindOrNull(std::string_view id) {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &entities_[it->second];
}

void KbBuilder::AddAlias(Entity* e, std::string alias, AliasKind kind) {
  alias = std::string(Trim(alias));
  if (alias.empty()) return;
  for (size_t i = 0; i < e->aliases_ar.size(); ++i) {
    if (e->aliases_ar[i] == alias) {
      if (static_cast<int>(kind) < static_cast<int>(e->alias_kinds[i])) e->alias_kinds[i] = kind;
      return;
    }
  }
  e->aliases_ar.push_back(std::move(alias));
  e->alias_kinds.push_back(kind);
}

void KbBuilder::AddCountry(const std::string& cc, const std::string& label_en,
                           const std::string& subtype) {
  if (FindOrNull(cc)) return;
  Entity e;
  e.id = cc;
  e.type = EntityType::kGpe;
  e.subtype = subtype;
  e.label_en = label_en;
  e.country = cc;
  by_id_[cc] = entities_.size();
  entities_.push_back(std::move(e));
}

void KbBuilder::AddCountryAlias(const std::string& cc, const std::string& alias, AliasKind kind) {
  Entity* e = FindOrNull(cc);
  if (e) AddAlias(e, alias, kind);
}

Status KbBuilder::AddTsv(std::string_view kind, std::string_view text, std::string_view name) {
  if (kind == "countries") return AddCountryRows(text, name);
  if (kind == "demonyms") return AddDemonymRows(text, name);
  if (kind == "titles") return AddTitleRows(text, name);
  if (kind == "variants") return AddVariantRows(text, name);
  if (kind == "persons" || kind == "orgs" || kind == "places" || kind == "regions" ||
      kind == "misc" || kind == "entities") {
    return AddEntityRows(kind, text, name);
  }
  return Status::InvalidArgument("unknown KB file kind '" + std::string(kind) + "'");
}

Status KbBuilder::AddEntityRows(std::string_view kind, std::string_view text,
                                std::string_view name) {
  Table t;
  KHABAR_RETURN_IF_ERROR(ParseTable(text, name, &t));
  const int c_id = t.Col("id"), c_type = t.Col("type"), c_sub = t.Col("subtype"),
            c_en = t.Col("label_en"), c_qid = t.Col("qid"), c_cc = t.Col("country"),
            c_al = t.Col("aliases_ar"), c_short = t.Col("short_ar"), c_roles = t.Col("roles"),
            c_part = t.Col("part_of"), c_stands = t.Col("stands_for"), c_cap = t.Col("capital"),
            c_met = t.Col("metonyms_ar"), c_cap_en = t.Col("capital_en"),
            c_cap_ar = t.Col("capital_ar"), c_cap_qid = t.Col("capital_qid"),
            c_port = t.Col("portfolio_ar"), c_tagged = t.Col("tagged_ar");
  if (c_id < 0 || c_en < 0 || c_al < 0) {
    return Status::InvalidArgument(std::string(name) +
                                   ": header needs at least id, label_en, aliases_ar columns");
  }
  if (kind == "entities" && c_type < 0) {
    return Status::InvalidArgument(std::string(name) + ": header needs a type column");
  }
  // A misspelt column (`role`, `alias_ar`) would be ignored without a word, and its facts lost.
  static constexpr std::string_view kColumns[] = {
      "id",          "type",       "subtype",    "label_en",     "qid",        "country",
      "aliases_ar",  "short_ar",   "roles",      "part_of",      "stands_for", "capital",
      "metonyms_ar", "capital_en", "capital_ar", "portfolio_ar", "tagged_ar",  "capital_qid"};
  for (size_t i = 0; i < t.header.size(); ++i) {
    const std::string& col = t.header[i];
    if (std::find(std::begin(kColumns), std::end(kColumns), col) == std::end(kColumns)) {
      std::string known;
      for (std::string_view k : kColumns) known += (known.empty() ? "" : ", ") + std::string(k);
      return Status::InvalidArgument(Where(name, t.header_line) + "unknown column '" + col +
                                     "' (columns: " + known + ")");
    }
    if (t.Col(col) != static_cast<int>(i)) {
      return Status::InvalidArgument(Where(name, t.header_line) + "column '" + col + "' twice");
    }
  }
  auto get = [](const std::vector<std::string_view>& f, int c) {
    return c < 0 ? std::string_view() : f[c];
  };
  for (auto& [line, f] : t.rows) {
    Entity e;
    e.id = std::string(get(f, c_id));
    if (!IsAsciiId(e.id)) {
      return Status::InvalidArgument(Where(name, line) + "bad id '" + e.id +
                                     "' (ASCII letters, digits, _ - . only)");
    }
    if (kind == "persons") {
      e.type = EntityType::kPer;
      e.subtype = "person";
    } else if (kind == "orgs") {
      e.type = EntityType::kOrg;
    } else if (kind == "places") {
      e.type = EntityType::kGpe;
      e.subtype = "city";
    } else if (kind == "regions") {
      e.type = EntityType::kGpe;
      e.subtype = "region";
    } else if (kind == "misc") {
      e.type = EntityType::kMisc;
    }
    if (c_type >= 0 && !get(f, c_type).empty()) {
      Result<EntityType> ty = ParseEntityType(get(f, c_type));
      if (!ty.ok()) return Status::InvalidArgument(Where(name, line) + ty.status().message());
      e.type = *ty;
    }
    if (c_sub >= 0 && !get(f, c_sub).empty()) e.subtype = std::string(get(f, c_sub));
    if (e.subtype.empty()) e.subtype = e.type == EntityType::kPer ? "person" : "other";
    e.label_en = std::string(get(f, c_en));
    if (e.label_en.empty()) return Status::InvalidArgument(Where(name, line) + "empty label_en");
    e.qid = std::string(get(f, c_qid));
    if (!e.qid.empty() && !IsQid(e.qid)) {
      return Status::InvalidArgument(Where(name, line) + "bad qid '" + e.qid + "'");
    }
    e.country = std::string(get(f, c_cc));
    e.part_of = std::string(get(f, c_part));
    e.stands_for = std::string(get(f, c_stands));
    e.capital = std::string(get(f, c_cap));
    for (auto& a : SplitList(get(f, c_al), '|')) AddAlias(&e, a, AliasKind::kName);
    for (auto& a : SplitList(get(f, c_short), '|')) AddAlias(&e, a, AliasKind::kShort);
    for (auto& a : SplitList(get(f, c_met), '|')) AddAlias(&e, a, AliasKind::kMetonym);
    for (auto& a : SplitList(get(f, c_tagged), '|')) AddAlias(&e, a, AliasKind::kTagged);
    if (!get(f, c_port).empty()) {
      // A ministry: وزارة + portfolio + the country's feminine definite demonym (وزارة الخارجية
      // الأمريكية, short: الخارجية الأمريكية), and the construct form with the country's name
      // (وزارة خارجية الولايات المتحدة).
      const Entity* c = e.country.empty() ? nullptr : FindOrNull(e.country);
      if (!c) {
        return Status::InvalidArgument(Where(name, line) + "portfolio_ar needs a known country");
      }
      std::string p(get(f, c_port));
      std::string bare = p.rfind("ال", 0) == 0 ? p.substr(4) : p;
      for (size_t a = 0; a < c->aliases_ar.size(); ++a) {
        const std::string& al = c->aliases_ar[a];
        bool fem_def =
            al.rfind("ال", 0) == 0 && al.size() > 4 && al.compare(al.size() - 4, 4, "ية") == 0;
        // السعودية is the country's name and its feminine demonym; the alias keeps the first kind.
        const bool one_word = al.find(' ') == std::string::npos;
        if (fem_def && (c->alias_kinds[a] == AliasKind::kDemonym ||
                        (c->alias_kinds[a] == AliasKind::kName && one_word))) {
          AddAlias(&e, "وزارة " + p + " " + al, AliasKind::kName);
          AddAlias(&e, p + " " + al, AliasKind::kShort);
        } else if (c->alias_kinds[a] == AliasKind::kName) {
          AddAlias(&e, "وزارة " + bare + " " + al, AliasKind::kName);
        }
      }
    }
    if (e.aliases_ar.empty()) return Status::InvalidArgument(Where(name, line) + "no aliases_ar");
    e.label_ar = e.aliases_ar[0];
    for (auto& r : SplitList(get(f, c_roles), '|')) {
      // role@OF:start:end
      size_t at = r.find('@');
      if (at == std::string::npos) {
        return Status::InvalidArgument(Where(name, line) + "role '" + r + "' lacks @OF");
      }
      Role role;
      role.role = r.substr(0, at);
      std::string rest = r.substr(at + 1);
      std::vector<std::string> parts;
      size_t p = 0;
      while (true) {
        size_t c = rest.find(':', p);
        parts.push_back(rest.substr(p, c == std::string::npos ? c : c - p));
        if (c == std::string::npos) break;
        p = c + 1;
      }
      if (parts.size() != 3 || parts[0].empty() || role.role.empty()) {
        return Status::InvalidArgument(Where(name, line) + "role '" + r +
                                       "' is not role@OF:start:end");
      }
      role.of = parts[0];
      for (int k = 1; k <= 2; ++k) {
        if (parts[k].empty()) continue;
        Result<int32_t> d = ParseKbDate(parts[k]);
        if (!d.ok()) return Status::InvalidArgument(Where(name, line) + d.status().message());
        (k == 1 ? role.start : role.end) = *d;
        if (k == 2 && parts[k].size() == 4) role.end = *d + 1130;  // year only: to Dec 31
        if (k == 2 && parts[k].size() == 7) role.end = *d + 30;    // month only: to its end
      }
      if (role.start && role.end && role.start > role.end) {
        return Status::InvalidArgument(Where(name, line) + "role '" + r + "' ends before start");
      }
      e.roles.push_back(std::move(role));
    }
    if (Entity* old = FindOrNull(e.id)) {
      // A base entity may be replaced once; an id two rows define (one file or two user files,
      // the second replacing the first's replacement included) is a conflict.
      auto first = row_of_.find(e.id);
      if (!allow_override_ || static_cast<size_t>(old - entities_.data()) >= first_new_ ||
          first != row_of_.end()) {
        std::string also;
        if (first != row_of_.end()) {
          also = " (also at " + first->second.substr(0, first->second.size() - 2) + ")";
        }
        return Status::InvalidArgument(Where(name, line) + "duplicate id '" + e.id + "'" + also);
      }
      row_of_[e.id] = Where(name, line);
      *old = std::move(e);
      continue;
    }
    // A governorate's capital: the city row from places, else created here from capital_en/_ar.
    Entity capital;
    if (!e.capital.empty()) {
      const std::string_view cap_qid = get(f, c_cap_qid);
      if (!cap_qid.empty() && !IsQid(cap_qid)) {
        return Status::InvalidArgument(Where(name, line) + "bad capital_qid '" +
                                       std::string(cap_qid) + "'");
      }
      if (Entity* c = FindOrNull(e.capital)) {
        // The city has a row of its own: its QID belongs there, not in two places.
        if (!cap_qid.empty()) {
          return Status::InvalidArgument(Where(name, line) + "capital '" + e.capital +
                                         "' has a row of its own: give its qid there");
        }
        if (c->part_of.empty()) c->part_of = e.id;
      } else if (!get(f, c_cap_ar).empty()) {
        capital.id = e.capital;
        capital.type = EntityType::kGpe;
        capital.subtype = "city";
        capital.label_en = std::string(get(f, c_cap_en));
        capital.qid = std::string(cap_qid);
        capital.country = e.country;
        capital.part_of = e.id;
        for (auto& a : SplitList(get(f, c_cap_ar), '|')) AddAlias(&capital, a, AliasKind::kName);
        capital.label_ar = capital.aliases_ar.empty() ? "" : capital.aliases_ar[0];
        if (capital.label_en.empty() || !IsAsciiId(capital.id)) {
          return Status::InvalidArgument(Where(name, line) + "capital '" + capital.id +
                                         "' needs an ASCII id and capital_en");
        }
      }
    }
    row_of_[e.id] = Where(name, line);
    by_id_[e.id] = entities_.size();
    entities_.push_back(std::move(e));
    if (!capital.id.empty()) {
      by_id_[capital.id] = entities_.size();
      entities_.push_back(std::move(capital));
    }
  }
  return Status::Ok();
}

Status KbBuilder::AddCountryRows(std::string_view text, std::string_view name) {
  Table t;
  KHABAR_RETURN_IF_ERROR(ParseTable(text, name, &t));
  int c_cc = t.Col("cc"), c_qid = t.Col("qid"), c_cap = t.Col("capital"),
      c_al = t.Col("aliases_ar"), c_arab = t.Col("arab_league"), c_sov = t.Col("sovereign"),
      c_en = t.Col("label_en"), c_drop = t.Col("drop_aliases"), c_tagged = t.Col("tagged_ar");
  if (c_cc < 0) return Status::InvalidArgument(std::string(name) + ": no cc column");
  for (auto& [line, f] : t.rows) {
    std::string cc(f[c_cc]);
    Entity* e = FindOrNull(cc);
    if (!e) {
      return Status::InvalidArgument(Where(name, line) + "country '" + cc +
                                     "' is not an ISO 3166-1 code known to ICU/iso-codes");
    }
    if (c_qid >= 0 && !f[c_qid].empty()) {
      if (!IsQid(f[c_qid])) return Status::InvalidArgument(Where(name, line) + "bad qid");
      e->qid = std::string(f[c_qid]);
    }
    if (c_cap >= 0) e->capital = std::string(f[c_cap]);
    if (c_en >= 0 && !f[c_en].empty()) e->label_en = std::string(f[c_en]);
    if (c_al >= 0) {
      for (auto& a : SplitList(f[c_al], '|')) AddAlias(e, a, AliasKind::kName);
    }
    // Names from ICU/iso-codes that are also common words (مالي "financial", بنين "boys").
    if (c_drop >= 0) {
      for (auto& a : SplitList(f[c_drop], '|')) {
        for (size_t k = 0; k < e->aliases_ar.size(); ++k) {
          if (e->aliases_ar[k] != a) continue;
          e->aliases_ar.erase(e->aliases_ar.begin() + k);
          e->alias_kinds.erase(e->alias_kinds.begin() + k);
          break;
        }
      }
    }
    // Names that are also ordinary words (مالي "financial"): kind `tagged`, a name only inside a
    // tagger span of the country's type; an ICU/iso-codes alias of that spelling becomes tagged.
    if (c_tagged >= 0) {
      for (auto& a : SplitList(f[c_tagged], '|')) {
        auto it = std::find(e->aliases_ar.begin(), e->aliases_ar.end(), a);
        if (it == e->aliases_ar.end()) {
          AddAlias(e, a, AliasKind::kTagged);
        } else {
          e->alias_kinds[it - e->aliases_ar.begin()] = AliasKind::kTagged;
        }
      }
    }
    if (c_arab >= 0) arab_[cc] = f[c_arab] == "1";
    if (c_sov >= 0 && !f[c_sov].empty()) {
      e->subtype = "territory";
      e->part_of = std::string(f[c_sov]);
    }
  }
  return Status::Ok();
}

Status KbBuilder::AddDemonymRows(std::string_view text, std::string_view name) {
  Table t;
  KHABAR_RETURN_IF_ERROR(ParseTable(text, name, &t));
  int c_cc = t.Col("cc"), c_m = t.Col("masc"), c_pl = t.Col("broken_plural"),
      c_skip = t.Col("skip");
  if (c_cc < 0 || c_m < 0) return Status::InvalidArgument(std::string(name) + ": need cc, masc");
  for (auto& [line, f] : t.rows) {
    Entity* e = FindOrNull(f[c_cc]);
    if (!e) {
      return Status::InvalidArgument(Where(name, line) + "unknown country '" +
                                     std::string(f[c_cc]) + "'");
    }
    std::vector<std::string> forms;
    for (const std::string& m : SplitList(f[c_m], '|')) {
      forms.push_back(m);
      forms.push_back(InflectNisba(m, "ة"));
      forms.push_back(InflectNisba(m, "ون"));
      forms.push_back(InflectNisba(m, "ين"));
      forms.push_back(InflectNisba(m, "ات"));
    }
    if (c_pl >= 0) {
      for (const std::string& p : SplitList(f[c_pl], '|')) forms.push_back(p);
    }
    // Forms that are also ordinary words or names (تركي is a given name) are left out.
    std::vector<std::string> skip;
    if (c_skip >= 0) skip = SplitList(f[c_skip], '|');
    auto skipped = [&](const std::string& x) {
      return std::find(skip.begin(), skip.end(), x) != skip.end();
    };
    for (const std::string& form : forms) {
      if (!skipped(form)) AddAlias(e, form, AliasKind::kDemonym);
      std::string def = Definite(form);
      if (!skipped(def)) AddAlias(e, def, AliasKind::kDemonym);
    }
  }
  return Status::Ok();
}

Status KbBuilder::AddTitleRows(std::string_view text, std::string_view name) {
  Table t;
  KHABAR_RETURN_IF_ERROR(ParseTable(text, name, &t));
  int c_t = t.Col("title_ar"), c_r = t.Col("role"), c_bare = t.Col("bare");
  if (c_t < 0 || c_r < 0)
    return Status::InvalidArgument(std::string(name) + ": need title_ar, role");
  for (auto& [line, f] : t.rows) {
    if (f[c_t].empty() || f[c_r].empty()) {
      return Status::InvalidArgument(Where(name, line) + "empty title or role");
    }
    bool bare = c_bare < 0 || f[c_bare].empty() || f[c_bare] == "yes";
    if (!bare && f[c_bare] != "no") {
      return Status::InvalidArgument(Where(name, line) + "bare must be yes or no");
    }
    titles_.push_back({std::string(f[c_t]), std::string(f[c_r]), bare, {}});
  }
  return Status::Ok();
}

Status KbBuilder::AddVariantRows(std::string_view text, std::string_view name) {
  Table t;
  KHABAR_RETURN_IF_ERROR(ParseTable(text, name, &t));
  int c_from = t.Col("from"), c_to = t.Col("to"), c_scope = t.Col("scope"),
      c_sym = t.Col("symmetric");
  if (c_from < 0 || c_to < 0) return Status::InvalidArgument(std::string(name) + ": need from, to");
  for (auto& [line, f] : t.rows) {
    if (f[c_from].empty()) return Status::InvalidArgument(Where(name, line) + "empty 'from'");
    VariantRule r{std::string(f[c_from]), std::string(f[c_to]), false, false};
    std::string_view scope = c_scope >= 0 ? f[c_scope] : std::string_view("all");
    if (scope == "foreign") {
      r.foreign_only = true;
    } else if (scope == "foreign_names") {
      r.foreign_only = true;
      r.names_only = true;
    } else if (scope != "all" && !scope.empty()) {
      return Status::InvalidArgument(Where(name, line) +
                                     "scope must be all, foreign or foreign_names");
    }
    std::string_view sym = c_sym >= 0 ? f[c_sym] : std::string_view("yes");
    if (sym != "yes" && sym != "no" && !sym.empty()) {
      return Status::InvalidArgument(Where(name, line) + "symmetric must be yes or no");
    }
    rules_.push_back(r);
    // ترامب/ترمب both ways, unless the pair is one-way (ڤ -> ف).
    if (sym != "no" && !r.to.empty()) {
      rules_.push_back({r.to, r.from, r.foreign_only, r.names_only});
    }
  }
  return Status::Ok();
}

Status KbBuilder::Finish(KbData* out) {
  // The words of the Arab states' entities' names (جمهورية, غرب, المغرب, جبل): Arabic words, which
  // a one-letter transliteration rule (غ/ج) must not touch inside a foreign name (جمهورية الكونغو
  // is no غمهورية, غرب أوروبا no جرب).
  std::unordered_set<std::string> arabic_words;
  for (const Entity& e : entities_) {
    // A country's own row has no country: it is Arab when it is one of the Arab states.
    auto it = arab_.find(e.country.empty() ? e.id : e.country);
    if (it == arab_.end() || !it->second) continue;
    for (const std::string& alias : e.aliases_ar)
      for (std::string_view w : SplitList(alias, ' ')) arabic_words.emplace(w);
  }
  // Variants, by rule, for entities added by this builder.
  for (size_t i = first_new_; i < entities_.size(); ++i) {
    Entity& e = entities_[i];
    bool foreign = e.country.empty() || !arab_.count(e.country) || !arab_[e.country];
    const size_t n = e.aliases_ar.size();
    for (size_t a = 0; a < n; ++a) {
      std::string all = e.aliases_ar[a];
      int applied = 0;
      for (const VariantRule& r : rules_) {
        if (r.foreign_only && !foreign) continue;
        if (r.names_only && e.type != EntityType::kPer && e.type != EntityType::kGpe &&
            e.type != EntityType::kLoc) {
          continue;
        }
        // A copy: AddAlias grows e.aliases_ar.
        const std::string s = e.aliases_ar[a];
        if (s.find(r.from) == std::string::npos) continue;
        const bool letter_rule = utf8::CountCodePoints(r.from) == 1;
        auto replace_in = [&](std::string x) {
          size_t p = 0;
          while ((p = x.find(r.from, p)) != std::string::npos) {
            x.replace(p, r.from.size(), r.to);
            p += r.to.size();
          }
          return x;
        };
        // A one-letter rule word by word, the Arabic words left as they are.
        auto replace_all = [&](const std::string& x) {
          if (!letter_rule) return replace_in(x);
          std::string out;
          for (size_t start = 0;;) {
            const size_t sp = std::min(x.find(' ', start), x.size());
            const std::string word = x.substr(start, sp - start);
            out += arabic_words.count(word) ? word : replace_in(word);
            if (sp == x.size()) break;
            out.push_back(' ');
            start = sp + 1;
          }
          return out;
        };
        AliasKind k = e.alias_kinds[a] == AliasKind::kName ? AliasKind::kVariant : e.alias_kinds[a];
        AddAlias(&e, replace_all(s), k);
        // News mixes the spellings within one name (عبد الله بن عبدالعزيز): with two or three
        // occurrences, each one alone is replaced too. Not for a one-letter rule (غ/ج), whose
        // spellings a name does not mix (جورجيا is no غورجيا).
        std::vector<size_t> at;
        for (size_t p = s.find(r.from); p != std::string::npos && at.size() < 4;
             p = s.find(r.from, p + r.from.size())) {
          at.push_back(p);
        }
        if (at.size() >= 2 && at.size() <= 3 && utf8::CountCodePoints(r.from) > 1) {
          for (size_t p : at) {
            std::string one = s;
            one.replace(p, r.from.size(), r.to);
            AddAlias(&e, one, k);
          }
        }
        if (all.find(r.from) != std::string::npos && ++applied <= 3) {
          all = replace_all(all);
          AddAlias(&e, all, k);
        }
      }
    }
    if (e.label_ar.empty() && !e.aliases_ar.empty()) e.label_ar = e.aliases_ar[0];
  }
  // References and uniqueness.
  std::unordered_map<std::string, std::string> qids;
  auto row_of = [&](const std::string& id) {
    auto it = row_of_.find(id);
    return it == row_of_.end() ? std::string() : it->second;
  };
  for (const Entity& e : entities_) {
    if (e.aliases_ar.empty()) {
      return Status::InvalidArgument(row_of(e.id) + "entity '" + e.id + "' has no Arabic alias");
    }
    if (!e.qid.empty()) {
      auto [it, fresh] = qids.emplace(e.qid, e.id);
      if (!fresh) {
        // The row that came last (a user file's) is the one to fix.
        const std::string where = row_of(e.id).empty() ? row_of(it->second) : row_of(e.id);
        return Status::InvalidArgument(where + "QID " + e.qid + " used by both '" + it->second +
                                       "' and '" + e.id + "'");
      }
    }
    auto check_ref = [&](const std::string& ref, const char* what) -> Status {
      if (!ref.empty() && !FindOrNull(ref)) {
        return Status::InvalidArgument(row_of(e.id) + "entity '" + e.id + "': " + what + " '" +
                                       ref + "' is not a KB id");
      }
      return Status::Ok();
    };
    KHABAR_RETURN_IF_ERROR(check_ref(e.country, "country"));
    KHABAR_RETURN_IF_ERROR(check_ref(e.part_of, "part_of"));
    KHABAR_RETURN_IF_ERROR(check_ref(e.stands_for, "stands_for"));
    KHABAR_RETURN_IF_ERROR(check_ref(e.capital, "capital"));
    for (const Role& r : e.roles) KHABAR_RETURN_IF_ERROR(check_ref(r.of, "role of"));
  }
  out->entities = std::move(entities_);
  out->titles = std::move(titles_);
  out->rules = std::move(rules_);
  out->arab_league.clear();
  for (const auto& [cc, arab] : arab_)
    if (arab) out->arab_league.push_back(cc);
  for (size_t i = 0; i < out->entities.size(); ++i)
    out->entities[i].index = static_cast<uint32_t>(i);
  // A user's rows (added, or replacing a built-in entity) win the aliases they share with the
  // built-in KB (SortHits in kb.cc).
  if (rows_from_user_) {
    for (size_t i = 0; i < out->entities.size(); ++i) {
      Entity& e = out->entities[i];
      e.from_user |= i >= first_new_ || row_of_.count(e.id) > 0;
    }
  }
  entities_.clear();
  by_id_.clear();
  ComputeMatchKeys(out);
  return Status::Ok();
}

std::string MatchKeyOf(std::string_view surface) {
  std::string out;
  for (const text::Token& t : text::Tokenize(surface)) {
    std::string k = text::MatchKey(t.surface);
    if (k.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += k;
  }
  return out;
}

bool IsLatinNamePunct(std::string_view s) {
  return s == "." || s == "," || s == "-" || s == "'" || s == "\xE2\x80\x99" ||  // ’
         s == "\xE2\x80\x90" || s == "\xE2\x80\x91";                             // ‐ ‑
}

std::string LatinKey(std::span<const text::Token> tokens, std::span<const std::string_view> keys) {
  const size_t b = 0, e = tokens.size();
  std::string out;
  bool letters = false;
  bool initial = false;  // the last piece is one letter followed by a dot: `C.` of `C.I.A`
  for (size_t t = b; t < e; ++t) {
    const text::Token& tok = tokens[t];
    if (tok.kind == text::TokenKind::kLatin || tok.kind == text::TokenKind::kNumber) {
      const std::string_view k = keys[t];
      const bool one_letter = tok.kind == text::TokenKind::kLatin && k.size() == 1;
      if (!(one_letter && initial) && !out.empty()) out.push_back(' ');
      out.append(k);
      letters |= tok.kind == text::TokenKind::kLatin;
      initial = one_letter && t + 1 < e && tokens[t + 1].surface == ".";
      continue;
    }
    if (IsLatinNamePunct(tok.surface)) {
      if (tok.surface != ".") initial = false;
      continue;
    }
    initial = false;
    if (!out.empty()) out.push_back(' ');
    out.append(keys[t]);
  }
  if (!letters) out.clear();
  return out;
}

void AddLatinNames(const Entity& e, std::vector<LatinNameRow>* out) {
  std::vector<std::string> owned;
  std::vector<std::string_view> keys;
  auto add = [&](std::string_view name, AliasKind kind, bool label) {
    const std::vector<text::Token> toks = text::Tokenize(name);
    owned.clear();
    for (const text::Token& t : toks) owned.push_back(text::MatchKey(t.surface));
    keys.assign(owned.begin(), owned.end());
    std::string key = LatinKey(toks, keys);
    if (key.empty()) return;
    out->push_back({key, e.index, kind});
    if (!label || e.type != EntityType::kOrg) return;
    // Without a company's legal suffix ("Apple Inc.": the suffix and its dot).
    static const std::unordered_set<std::string_view> kLegalSuffixes = {
        "inc", "ltd", "llc", "plc", "corp", "co", "gmbh", "ag", "sa", "nv", "bv", "spa"};
    size_t end = toks.size();
    if (end > 0 && toks[end - 1].surface == ".") --end;
    if (end < 2 || !kLegalSuffixes.count(keys[end - 1])) return;
    --end;
    while (end > 0 && IsLatinNamePunct(toks[end - 1].surface)) --end;
    key = LatinKey(std::span<const text::Token>(toks).first(end),
                   std::span<const std::string_view>(keys).first(end));
    if (!key.empty()) out->push_back({key, e.index, AliasKind::kShort});
  };
  if (!e.label_en.empty()) add(e.label_en, AliasKind::kName, true);
  for (size_t a = 0; a < e.aliases_ar.size(); ++a) {
    const std::string& alias = e.aliases_ar[a];
    bool latin = false;
    for (char c : alias) latin |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (latin) add(alias, e.alias_kinds[a], false);
  }
}

void ComputeMatchKeys(KbData* data) {
  const text::Analyzer& analyzer = text::Analyzer::Default();
  data->alias_keys.assign(data->entities.size(), {});
  data->alias_indexed.assign(data->entities.size(), {});
  for (const Entity& e : data->entities) {
    std::vector<std::string>& keys = data->alias_keys[e.index];
    std::vector<uint8_t>& indexed = data->alias_indexed[e.index];
    keys.reserve(e.aliases_ar.size());
    indexed.reserve(e.aliases_ar.size());
    for (const std::string& alias : e.aliases_ar) {
      keys.push_back(MatchKeyOf(alias));
      const std::string& key = keys.back();
      // A one-word alias that is a function word (من, في...) or one letter would match everywhere.
      const bool one_word = key.find(' ') == std::string::npos;
      indexed.push_back(!key.empty() &&
                        !(one_word && (key.size() < 3 || analyzer.IsStopword(key))));
    }
  }
  for (TitleRow& t : data->titles) t.key = MatchKeyOf(t.title_ar);
  data->latin_names.clear();
  for (const Entity& e : data->entities) AddLatinNames(e, &data->latin_names);
}

std::string SerializeBlob(const KbData& data) {
  std::string out(kMagic, 8);
  PutI32(&out, kVersion);
  PutVarint(&out, data.entities.size());
  for (const Entity& e : data.entities) {
    PutStr(&out, e.id);
    out.push_back(static_cast<char>(e.type));
    for (const std::string* s : {&e.subtype, &e.label_en, &e.label_ar, &e.qid, &e.country,
                                 &e.part_of, &e.stands_for, &e.capital}) {
      PutStr(&out, *s);
    }
    PutVarint(&out, e.aliases_ar.size());
    for (size_t i = 0; i < e.aliases_ar.size(); ++i) {
      out.push_back(static_cast<char>(e.alias_kinds[i]));
      PutStr(&out, e.aliases_ar[i]);
      PutStr(&out, data.alias_keys[e.index][i]);
      out.push_back(static_cast<char>(data.alias_indexed[e.index][i]));
    }
    PutVarint(&out, e.roles.size());
    for (const Role& r : e.roles) {
      PutStr(&out, r.role);
      PutStr(&out, r.of);
      PutI32(&out, r.start);
      PutI32(&out, r.end);
    }
  }
  PutVarint(&out, data.titles.size());
  for (const TitleRow& t : data.titles) {
    PutStr(&out, t.title_ar);
    PutStr(&out, t.role);
    out.push_back(t.bare ? 1 : 0);
    PutStr(&out, t.key);
  }
  PutVarint(&out, data.rules.size());
  for (const VariantRule& v : data.rules) {
    PutStr(&out, v.from);
    PutStr(&out, v.to);
    out.push_back(v.foreign_only ? 1 : 0);
  }
  PutVarint(&out, data.arab_league.size());
  for (const std::string& cc : data.arab_league) PutStr(&out, cc);
  PutVarint(&out, data.latin_names.size());
  for (const LatinNameRow& l : data.latin_names) {
    PutVarint(&out, l.entity);
    out.push_back(static_cast<char>(l.kind));
    PutStr(&out, l.key);
  }
  return out;
}

Result<KbData> ParseBlob(std::string_view blob) {
  if (blob.size() < 12 || blob.substr(0, 8) != std::string_view(kMagic, 8)) {
    return Status::Corrupt("not a khabar KB blob (bad magic)");
  }
  Reader r(blob.substr(8));
  int32_t version;
  if (!r.I32(&version) || version != static_cast<int32_t>(kVersion)) {
    return Status::Corrupt("unsupported KB blob version");
  }
  KbData d;
  uint64_t n;
  auto corrupt = [] { return Status::Corrupt("truncated or malformed KB blob"); };
  if (!r.Varint(&n) || n > blob.size()) return corrupt();
  d.entities.resize(n);
  d.alias_keys.resize(n);
  d.alias_indexed.resize(n);
  for (uint64_t i = 0; i < n; ++i) {
    Entity& e = d.entities[i];
    e.index = static_cast<uint32_t>(i);
    uint8_t type;
    if (!r.Str(&e.id) || !r.Byte(&type) || type > 4) return corrupt();
    e.type = static_cast<EntityType>(type);
    for (std::string* s : {&e.subtype, &e.label_en, &e.label_ar, &e.qid, &e.country, &e.part_of,
                           &e.stands_for, &e.capital}) {
      if (!r.Str(s)) return corrupt();
    }
    uint64_t na;
    if (!r.Varint(&na) || na > blob.size()) return corrupt();
    e.aliases_ar.resize(na);
    e.alias_kinds.resize(na);
    d.alias_keys[i].resize(na);
    d.alias_indexed[i].resize(na);
    for (uint64_t a = 0; a < na; ++a) {
      uint8_t k, indexed;
      if (!r.Byte(&k) || k > 5 || !r.Str(&e.aliases_ar[a]) || !r.Str(&d.alias_keys[i][a]) ||
          !r.Byte(&indexed) || indexed > 1) {
        return corrupt();
      }
      e.alias_kinds[a] = static_cast<AliasKind>(k);
      d.alias_indexed[i][a] = indexed;
    }
    uint64_t nr;
    if (!r.Varint(&nr) || nr > blob.size()) return corrupt();
    e.roles.resize(nr);
    for (Role& role : e.roles) {
      if (!r.Str(&role.role) || !r.Str(&role.of) || !r.I32(&role.start) || !r.I32(&role.end))
        return corrupt();
    }
  }
  uint64_t nt;
  if (!r.Varint(&nt) || nt > blob.size()) return corrupt();
  d.titles.resize(nt);
  for (TitleRow& t : d.titles) {
    uint8_t bare;
    if (!r.Str(&t.title_ar) || !r.Str(&t.role) || !r.Byte(&bare) || !r.Str(&t.key))
      return corrupt();
    t.bare = bare != 0;
  }
  uint64_t nv;
  if (!r.Varint(&nv) || nv > blob.size()) return corrupt();
  d.rules.resize(nv);
  for (VariantRule& v : d.rules) {
    uint8_t fo;
    if (!r.Str(&v.from) || !r.Str(&v.to) || !r.Byte(&fo)) return corrupt();
    v.foreign_only = fo != 0;
  }
  uint64_t nl;
  if (!r.Varint(&nl) || nl > blob.size()) return corrupt();
  d.arab_league.resize(nl);
  for (std::string& cc : d.arab_league) {
    if (!r.Str(&cc)) return corrupt();
  }
  uint64_t nlat;
  if (!r.Varint(&nlat) || nlat > blob.size()) return corrupt();
  d.latin_names.resize(nlat);
  for (LatinNameRow& l : d.latin_names) {
    uint64_t entity;
    uint8_t kind;
    if (!r.Varint(&entity) || entity >= n || !r.Byte(&kind) || kind > 5 || !r.Str(&l.key)) {
      return corrupt();
    }
    l.entity = static_cast<uint32_t>(entity);
    l.kind = static_cast<AliasKind>(kind);
  }
  if (!r.Done()) return corrupt();
  return d;
}

}  // namespace khabar::kb::internal

namespace khabar::kb {

Result<int32_t> ParseKbDate(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  int y = 0, m = 1, d = 1;
  auto num = [](std::string_view p, int* out) {
    if (p.empty() || p.size() > 4) return false;
    int v = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
  };
  std::vector<std::string> parts = internal::SplitList(s, '-');
  bool ok = !parts.empty() && parts.size() <= 3 && parts[0].size() == 4 && num(parts[0], &y);
  if (ok && parts.size() >= 2) ok = parts[1].size() == 2 && num(parts[1], &m) && m >= 1 && m <= 12;
  if (ok && parts.size() == 3) ok = parts[2].size() == 2 && num(parts[2], &d) && d >= 1 && d <= 31;
  if (!ok || y < 1000) return Status::InvalidArgument("bad date '" + std::string(s) + "'");
  return y * 10000 + m * 100 + d;
}

}  // namespace khabar::kb
