#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "embedded/KbBlob.h"
#include "kb/kb_impl.h"
#include "khabar/kb.h"

namespace khabar::kb {

int TypeRank(const Entity& e) {
  switch (e.type) {
    case EntityType::kGpe:
      if (e.subtype == "country" || e.subtype == "territory") return 0;
      if (e.subtype == "region") return 4;
      return 1;
    case EntityType::kOrg:
      return 2;
    case EntityType::kPer:
      return 3;
    case EntityType::kLoc:
      return 5;
    case EntityType::kMisc:
      return 6;
  }
  return 6;
}

int KindRank(AliasKind k) {
  switch (k) {
    case AliasKind::kName:
    case AliasKind::kVariant:
      return 0;
    case AliasKind::kShort:
    case AliasKind::kMetonym:
    case AliasKind::kTagged:
      return 1;
    case AliasKind::kDemonym:
      return 2;
  }
  return 3;
}

namespace {

int CountTokens(std::string_view key) {
  return key.empty() ? 0 : 1 + static_cast<int>(std::count(key.begin(), key.end(), ' '));
}

void AddPrefixes(std::string_view key, StringSet* set) {
  for (size_t p = key.find(' '); p != std::string_view::npos; p = key.find(' ', p + 1)) {
    set->emplace(key.substr(0, p));
  }
}

void AddFirstToken(std::string_view key, StringSet* set) {
  std::string_view first = key.substr(0, key.find(' '));
  set->emplace(first);
  // Also without the article, when two letters or more are left (إلك of Elk Grove is no ال + ك).
  if (first.substr(0, 4) == "ال" && first.size() > 6) set->emplace(first.substr(4));
}

// One hit per entity under a key, with the entity's best kind among its aliases of that key.
void AddHit(std::vector<AliasHit>* hits, uint32_t entity, AliasKind kind) {
  for (AliasHit& h : *hits) {
    if (h.entity != entity) continue;
    if (KindRank(kind) < KindRank(h.kind)) h.kind = kind;
    return;
  }
  hits->push_back({entity, kind});
}

// A key's hits in the order the linker prefers them: a user file's entities first (a watch list
// names its own entity by that alias), then by kind, then type, then entity index.
void SortHits(const std::vector<Entity>& entities, std::vector<AliasHit>* hits) {
  std::stable_sort(hits->begin(), hits->end(), [&](const AliasHit& x, const AliasHit& y) {
    const bool ux = entities[x.entity].from_user, uy = entities[y.entity].from_user;
    if (ux != uy) return ux;
    int kx = KindRank(x.kind), ky = KindRank(y.kind);
    if (kx != ky) return kx < ky;
    int tx = TypeRank(entities[x.entity]), ty = TypeRank(entities[y.entity]);
    if (tx != ty) return tx < ty;
    return x.entity < y.entity;
  });
}

}  // namespace

std::string KnowledgeBase::MatchKeyOf(std::string_view surface) {
  return internal::MatchKeyOf(surface);
}

// The alias and title keys come with the data (internal::ComputeMatchKeys: in the blob for the
// built-in KB, computed by KbBuilder::Finish for a user file): no analyzer work here.
void KnowledgeBase::Impl::BuildIndexes() {
  static std::atomic<uint64_t> generations{0};
  generation = ++generations;
  by_id.reserve(data.entities.size());
  for (const Entity& e : data.entities) by_id.emplace(e.id, e.index);
  for (const Entity& e : data.entities) {
    const std::vector<std::string>& keys = data.alias_keys[e.index];
    const std::vector<uint8_t>& indexed = data.alias_indexed[e.index];
    for (size_t a = 0; a < e.aliases_ar.size(); ++a) {
      if (!indexed[a]) continue;
      const std::string& key = keys[a];
      AddHit(&by_key[key], e.index, e.alias_kinds[a]);
      max_tokens = std::max(max_tokens, CountTokens(key));
      AddPrefixes(key, &prefixes);
      AddFirstToken(key, &first_tokens);
    }
    for (const Role& r : e.roles) roles[r.role + "@" + r.of].emplace_back(e.index, r);
  }
  for (auto& [key, hits] : by_key) SortHits(data.entities, &hits);
  for (const internal::TitleRow& t : data.titles) {
    const std::string& key = t.key;
    if (key.empty()) continue;
    auto& v = title_roles[key];
    if (std::find(v.begin(), v.end(), t.role) == v.end()) v.push_back(t.role);
    if (t.bare) bare_titles.insert(key);
    max_title_tokens = std::max(max_title_tokens, CountTokens(key));
    AddPrefixes(key, &title_prefixes);
    AddFirstToken(key, &first_tokens);
  }
  for (const auto& [key, hits] : by_key) key_sets[key] |= 1;
  for (const std::string& key : prefixes) key_sets[key] |= 2;
  for (const auto& [key, roles] : title_roles) key_sets[key] |= 4;
  for (const std::string& key : title_prefixes) key_sets[key] |= 8;
  key_flags.Build(key_sets, first_tokens, by_key);
}

const StringMap<std::vector<AliasHit>>& KnowledgeBase::Impl::LatinNames() const {
  std::call_once(latin_once, [this] {
    for (const internal::LatinNameRow& row : data.latin_names) {
      AddHit(&latin_names[row.key], row.entity, row.kind);
    }
    for (auto& [key, hits] : latin_names) SortHits(data.entities, &hits);
    for (const Entity& e : data.entities) {
      if (e.type != EntityType::kOrg) continue;
      std::string initials;
      bool ok = true;
      size_t words = 0;
      std::string_view label = e.label_en;
      label = label.substr(0, label.find(" ("));  // `Rafah (Egypt)`, `Tala'ea El Gaish (Cairo)`
      for (size_t p = 0; p < label.size() && ok;) {
        const size_t end = std::min(label.find(' ', p), label.size());
        const char c = label[p];
        ++words;
        if (c >= 'A' && c <= 'Z') {
          initials.push_back(static_cast<char>(c - 'A' + 'a'));
          // Each capitalised part of a hyphenated word (`Al-Qaeda` -> AQ, as AQAP writes it).
          for (size_t h = label.find('-', p); h < end; h = label.find('-', h + 1)) {
            const char d = h + 1 < end ? label[h + 1] : 0;
            if (d >= 'A' && d <= 'Z') initials.push_back(static_cast<char>(d - 'A' + 'a'));
          }
        } else {
          ok = c >= 'a' && c <= 'z';  // `of`, `and`: skipped; a digit or symbol: no acronym
        }
        p = end + 1;
      }
      if (ok && words >= 2 && initials.size() >= 2)
        AddHit(&latin_acronyms[initials], e.index, AliasKind::kShort);
    }
    for (auto& [key, hits] : latin_acronyms) SortHits(data.entities, &hits);
  });
  return latin_names;
}

const StringMap<std::vector<AliasHit>>& KnowledgeBase::Impl::LatinAcronyms() const {
  LatinNames();
  return latin_acronyms;
}

void KeyFlagTable::Build(const StringMap<uint16_t>& key_sets, const StringSet& first_tokens,
                         const StringMap<std::vector<AliasHit>>& by_key) {
  // The union of key_sets and first_tokens, without copying either into a merged map (start-up):
  // the keys of key_sets (kFirstToken added for those that are first tokens too), then the first
  // tokens that are no key. The table's size is the union's, as with a merged map.
  size_t distinct = key_sets.size();
  for (const std::string& w : first_tokens) distinct += key_sets.count(w) == 0;
  size_t cap = 16;
  while (cap < 2 * (distinct + 1)) cap *= 2;
  slots_.assign(cap, Slot());
  mask_ = cap - 1;
  bytes_.clear();
  auto insert = [&](const std::string& key, uint16_t flags) {
    if (key.empty()) return;  // never asked
    const uint64_t h = FastKeyHash(key);
    size_t i = static_cast<size_t>(h) & mask_;
    while (slots_[i].size != 0) i = (i + 1) & mask_;
    const auto hits = by_key.find(key);
    slots_[i] = {static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(key.size()), Tag(h),
                 flags, hits == by_key.end() ? nullptr : &hits->second};
    bytes_ += key;
  };
  for (const auto& [key, flags] : key_sets) {
    insert(key, first_tokens.count(key) ? static_cast<uint16_t>(flags | kFirstToken) : flags);
  }
  for (const std::string& w : first_tokens) {
    if (key_sets.count(w) == 0) insert(w, kFirstToken);
  }
}

KnowledgeBase::KnowledgeBase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KnowledgeBase::~KnowledgeBase() = default;

Result<std::unique_ptr<KnowledgeBase>> KnowledgeBase::FromBlob(std::string_view blob) {
  Result<internal::KbData> data = internal::ParseBlob(blob);
  if (!data.ok()) return data.status();
  auto impl = std::make_unique<Impl>();
  impl->data = std::move(*data);
  impl->BuildIndexes();
  return std::unique_ptr<KnowledgeBase>(new KnowledgeBase(std::move(impl)));
}

const KnowledgeBase& KnowledgeBase::Default() {
  static const KnowledgeBase* kb = [] {
    std::string_view blob = embedded::KbBlob("kb.bin");
    Result<std::unique_ptr<KnowledgeBase>> r = FromBlob(blob);
    if (!r.ok()) {
      std::fprintf(stderr, "khabar: built-in knowledge base is corrupt: %s\n",
                   r.status().ToString().c_str());
      std::abort();
    }
    return r->release();
  }();
  return *kb;
}

Result<std::unique_ptr<KnowledgeBase>> KnowledgeBase::WithUserText(const KnowledgeBase& base,
                                                                   std::string_view tsv,
                                                                   std::string_view name,
                                                                   const KbLoadOptions& opt) {
  internal::KbBuilder builder(base.impl_->data, opt.allow_override, /*rows_from_user=*/true);
  KHABAR_RETURN_IF_ERROR(builder.AddTsv("entities", tsv, name));
  auto impl = std::make_unique<Impl>();
  KHABAR_RETURN_IF_ERROR(builder.Finish(&impl->data));
  impl->BuildIndexes();
  return std::unique_ptr<KnowledgeBase>(new KnowledgeBase(std::move(impl)));
}

namespace {

Result<std::string> ReadKbFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::IoError("cannot read KB file '" + path + "': a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read KB file '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read KB file '" + path + "'");
  return ss.str();
}

}  // namespace

Result<std::unique_ptr<KnowledgeBase>> KnowledgeBase::WithUserFiles(
    const KnowledgeBase& base, const std::vector<std::string>& tsv_paths,
    const KbLoadOptions& opt) {
  internal::KbBuilder builder(base.impl_->data, opt.allow_override, /*rows_from_user=*/true);
  for (const std::string& path : tsv_paths) {
    Result<std::string> text = ReadKbFile(path);
    if (!text.ok()) return text.status();
    KHABAR_RETURN_IF_ERROR(builder.AddTsv("entities", *text, path));
  }
  auto impl = std::make_unique<Impl>();
  KHABAR_RETURN_IF_ERROR(builder.Finish(&impl->data));
  impl->BuildIndexes();
  return std::unique_ptr<KnowledgeBase>(new KnowledgeBase(std::move(impl)));
}

Result<std::unique_ptr<KnowledgeBase>> KnowledgeBase::WithUserFile(const KnowledgeBase& base,
                                                                   const std::string& tsv_path,
                                                                   const KbLoadOptions& opt) {
  return WithUserFiles(base, {tsv_path}, opt);
}

size_t KnowledgeBase::size() const { return impl_->data.entities.size(); }
const Entity& KnowledgeBase::entity(uint32_t index) const { return impl_->data.entities[index]; }

const Entity* KnowledgeBase::Find(std::string_view id) const {
  auto it = impl_->by_id.find(id);
  return it == impl_->by_id.end() ? nullptr : &impl_->data.entities[it->second];
}

std::string_view KnowledgeBase::AliasKeyOf(uint32_t index, size_t alias) const {
  return impl_->data.alias_keys[index][alias];
}

std::span<const AliasHit> KnowledgeBase::LookupKey(std::string_view key) const {
  const std::vector<AliasHit>* hits = impl_->key_flags.Hits(key);  // = by_key's (one flat probe)
  if (hits == nullptr) return {};
  return *hits;
}

std::vector<AliasHit> KnowledgeBase::Lookup(std::string_view surface) const {
  std::span<const AliasHit> hits = LookupKey(MatchKeyOf(surface));
  return {hits.begin(), hits.end()};
}

const Entity* KnowledgeBase::ResolveRole(std::string_view role, std::string_view of,
                                         int32_t date) const {
  std::string k(role);
  k += '@';
  k += of;
  auto it = impl_->roles.find(k);
  if (it == impl_->roles.end()) return nullptr;
  const std::pair<uint32_t, Role>* best = nullptr;
  for (const auto& cand : it->second) {
    const Role& r = cand.second;
    bool ok = date ? r.Covers(date) : r.end == 0;
    if (!ok) continue;
    if (!best || r.start > best->second.start) best = &cand;
  }
  return best ? &impl_->data.entities[best->first] : nullptr;
}

std::span<const std::string> KnowledgeBase::RolesForTitleKey(std::string_view key) const {
  auto it = impl_->title_roles.find(key);
  if (it == impl_->title_roles.end()) return {};
  return it->second;
}

int KnowledgeBase::max_alias_tokens() const { return impl_->max_tokens; }

}  // namespace khabar::kb
