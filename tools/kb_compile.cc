// kb_compile OUT.bin DATA_DIR ISO_3166_JSON ISO_3166_AR_MO GEONAMES_AR_MO
//
// Build-time compiler of the knowledge base (docs/kb-format.md): countries and territories from ICU
// (every ISO 3166-1 region, CLDR "ar" and "en" display names) and Debian iso-codes (Arabic name,
// official name and common name, read from the gettext .mo catalog), merged with the team's TSV
// files in DATA_DIR, expanded with rule-generated variants, validated; then the cities of Debian's
// libgeonames (GeoNames, population >= 15,000) that have an Arabic name and that the team's files
// do not already name (docs/kb-format.md "GeoNames cities"); written as one blob. Exit status 1
// with a message naming file:line on any error.
#include <geonames.h>
#include <unicode/locid.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "kb/builder.h"

namespace {

using khabar::kb::AliasKind;
using khabar::kb::internal::KbBuilder;

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// GNU gettext .mo: magic, revision, N, offset of original strings table, offset of translations
// table; each table holds N (length, offset) pairs of uint32 in the file's byte order.
bool ParseMo(const std::string& mo, std::map<std::string, std::string>* out) {
  if (mo.size() < 20) return false;
  auto u32 = [&](size_t off, bool swap) -> uint32_t {
    uint32_t v;
    std::memcpy(&v, mo.data() + off, 4);
    if (swap) v = __builtin_bswap32(v);
    return v;
  };
  uint32_t magic = u32(0, false);
  bool swap;
  if (magic == 0x950412de)
    swap = false;
  else if (magic == 0xde120495)
    swap = true;
  else
    return false;
  uint32_t n = u32(8, swap), orig = u32(12, swap), trans = u32(16, swap);
  if (orig > mo.size() || trans > mo.size() || n > (mo.size() - orig) / 8 ||
      n > (mo.size() - trans) / 8) {
    return false;
  }
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t ol = u32(orig + 8 * i, swap), oo = u32(orig + 8 * i + 4, swap);
    uint32_t tl = u32(trans + 8 * i, swap), to = u32(trans + 8 * i + 4, swap);
    if (oo > mo.size() || ol > mo.size() - oo || to > mo.size() || tl > mo.size() - to)
      return false;
    (*out)[mo.substr(oo, ol)] = mo.substr(to, tl);
  }
  return true;
}

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// "ميانمار (بورما)" -> {"ميانمار", "بورما"}; names in the inverted catalog form ("كوريا، جمهورية")
// are not how news writes them and are dropped.
std::vector<std::string> NameForms(const std::string& name) {
  std::vector<std::string> out;
  if (name.find("،") != std::string::npos || name.find(',') != std::string::npos) return out;
  size_t open = name.find('(');
  if (open == std::string::npos) {
    out.push_back(name);
    return out;
  }
  size_t close = name.find(')', open);
  std::string outer = name.substr(0, open);
  while (!outer.empty() && outer.back() == ' ') outer.pop_back();
  if (!outer.empty()) out.push_back(outer);
  if (close != std::string::npos) {
    std::string inner = name.substr(open + 1, close - open - 1);
    // Only a one-word alternative name ("بورما"), not a description ("منطقة إدارية خاصة").
    if (!inner.empty() && inner.find_first_of("0123456789 ") == std::string::npos)
      out.push_back(inner);
  }
  return out;
}

// A GeoNames Arabic name as news writes it: diacritics, tatweel and directional marks removed,
// spaces collapsed; "" when any character is not an Arabic letter, a space or a hyphen (Latin
// left-overs, digits, parentheses: not a name news writes).
std::string CleanGeonamesName(const std::string& name) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < name.size();) {
    const size_t start = i;
    const char32_t c = khabar::utf8::Next(name, &i);
    if (c == khabar::utf8::kReplacement) return "";
    std::string_view raw(name.data() + start, i - start);
    if ((c >= 0x064B && c <= 0x0652) || c == 0x0670 || c == 0x0640 ||
        (c >= 0x200C && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)) {
      continue;
    }
    if (c == ' ' || c == '-') {
      space = true;
      continue;
    }
    if (!((c >= 0x0621 && c <= 0x064A) || c == 0x0671 || c == 0x067E || c == 0x0686 ||
          c == 0x06A4 || c == 0x06AF)) {
      return "";
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.append(raw);
  }
  return out;
}

// data/kb/geonames.tsv: the team's decisions on GeoNames names (name_ar, action drop|tagged|keep),
// keyed by match key.
bool ReadGeonamesDecisions(const std::string& path, std::map<std::string, std::string>* out,
                           std::string* error) {
  std::string text;
  if (!ReadFile(path, &text)) {
    *error = "cannot read " + path;
    return false;
  }
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = khabar::kb::internal::SplitList(line, '\t');
    if (f.empty() || f[0] == "name_ar") continue;
    if (f.size() < 2 || (f[1] != "drop" && f[1] != "tagged" && f[1] != "keep")) {
      *error = path + ":" + std::to_string(n) + ": expected name_ar<TAB>drop|tagged|keep";
      return false;
    }
    (*out)[khabar::kb::internal::MatchKeyOf(f[0])] = f[1];
  }
  return true;
}

// Adds to `out` the match key of every word of a word list (data/ner/names.tsv: word<TAB>class,
// '#' comments). False when the file cannot be read.
bool ReadWordKeys(const std::string& path, std::set<std::string>* out) {
  std::string text;
  if (!ReadFile(path, &text)) return false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out->insert(khabar::kb::internal::MatchKeyOf(line.substr(0, line.find('\t'))));
  }
  return true;
}

// An English label and a country as one key (ASCII letters lowercased): a GeoNames city whose
// label and country are a KB entity's is that entity, which the team spelt otherwise in Arabic.
std::string LabelKey(std::string_view label_en, std::string_view cc) {
  std::string key(label_en);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  key += '\t';
  key += cc;
  return key;
}

// Population a one-word GeoNames name needs: town names of one word are often also surnames,
// given names or words (Johnston, Eugene, جودة), which news writes far more often than a small
// town; multi-word names (كولورادو سبرينغس) and the Arab world's towns, which Arabic news reports
// on, need no more than GeoNames' 15,000. English-speaking countries name many towns after persons.
uint32_t OneWordMinPopulation(const std::string& cc, const std::set<std::string>& arab) {
  if (arab.count(cc)) return 0;
  for (const char* en : {"US", "GB", "CA", "AU", "NZ", "IE"})
    if (cc == en) return 300000;
  return 100000;
}

// Step 4 of main: GeoNames cities and first-level divisions (subtype region, population the sum
// of their cities') as "places" rows, appended to `data` (already finished: its alias_keys are
// computed), cities first. A city or region is left out when its Arabic name's key is already an
// alias key of the KB (the team's row, a country, a person: the KB's entity wins), when its English
// label and country are a KB entity's (the team spelt it otherwise), when a more populous GeoNames
// city has the same key, or when the team's decisions (data/kb/geonames.tsv) drop it. A one-word
// name is also left out when it is a word of a KB person's name or of the names lexicon (سالم,
// نانسي), or its city is small (OneWordMinPopulation), unless the decisions keep it. A name the
// decisions mark `tagged` becomes a tagged name (linked only inside a tagger span). Returns "" or
// an error.
std::string AddGeonamesPlaces(const std::string& mo_path, const std::string& decisions_path,
                              const std::string& names_path, khabar::kb::internal::KbData* data) {
  std::string mo, error;
  std::map<std::string, std::string> ar;  // GeoNames id -> Arabic name
  if (!ReadFile(mo_path, &mo) || !ParseMo(mo, &ar)) return "cannot read gettext catalog " + mo_path;
  std::map<std::string, std::string> decisions;
  if (!ReadGeonamesDecisions(decisions_path, &decisions, &error)) return error;
  // name_words: the words of persons' names (the names lexicon's and the KB persons').
  std::set<std::string> keys, labels, name_words, ids;
  if (!ReadWordKeys(names_path, &name_words)) return "cannot read " + names_path;
  const std::set<std::string> arab(data->arab_league.begin(), data->arab_league.end());
  for (size_t e = 0; e < data->entities.size(); ++e) {
    const khabar::kb::Entity& ent = data->entities[e];
    ids.insert(ent.id);
    for (const std::string& k : data->alias_keys[e]) {
      keys.insert(k);
      if (ent.type != khabar::kb::EntityType::kPer) continue;
      for (size_t p = 0;;) {
        size_t sp = k.find(' ', p);
        name_words.insert(k.substr(p, sp == std::string::npos ? std::string::npos : sp - p));
        if (sp == std::string::npos) break;
        p = sp + 1;
      }
    }
    labels.insert(LabelKey(ent.label_en, ent.country));
  }
  // The library registers its compiled city list as a GResource when it is loaded.
  geonames_get_n_cities();
  GBytes* bytes = g_resources_lookup_data("/com/lomiri/geonames/cities.compiled",
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, nullptr);
  if (!bytes) return "libgeonames: no city list (/com/lomiri/geonames/cities.compiled)";
  GVariant* cities = g_variant_new_from_bytes(G_VARIANT_TYPE("a(sssssssudd)"), bytes, TRUE);
  g_bytes_unref(bytes);
  struct City {
    std::string id, name_en, cc, name_ar, key;
    uint32_t population;
  };
  std::vector<City> found;
  // First-level divisions (states, provinces, governorates), named in the catalog as "CC.ADM1";
  // their population is their cities'.
  std::map<std::string, City> regions;
  const size_t n = g_variant_n_children(cities);
  for (size_t i = 0; i < n; ++i) {
    const char *id, *name, *a1, *a1_name, *cc, *country, *tz;
    guint32 population;
    double lat, lon;
    g_variant_get_child(cities, i, "(&s&s&s&s&s&s&sudd)", &id, &name, &a1, &a1_name, &cc, &country,
                        &tz, &population, &lat, &lon);
    if (!ids.count(cc)) continue;
    const std::string region_id = std::string(cc) + "." + a1;
    City& region = regions[region_id];
    if (region.id.empty()) region = City{region_id, a1_name, cc, "", "", 0};
    region.population += population;
    auto it = ar.find(id);
    if (it == ar.end()) continue;
    City c{id, name, cc, CleanGeonamesName(it->second), "", population};
    if (khabar::utf8::CountCodePoints(c.name_ar) < 3) continue;
    c.key = khabar::kb::internal::MatchKeyOf(c.name_ar);
    if (c.key.empty()) continue;
    found.push_back(std::move(c));
  }
  g_variant_unref(cities);
  const size_t n_cities = found.size();
  for (auto& [region_id, region] : regions) {
    auto it = ar.find(region_id);
    if (it == ar.end()) continue;
    region.name_ar = CleanGeonamesName(it->second);
    if (khabar::utf8::CountCodePoints(region.name_ar) < 3) continue;
    region.key = khabar::kb::internal::MatchKeyOf(region.name_ar);
    if (!region.key.empty()) found.push_back(region);
  }
  // Cities first (a city and its province of one name: the bare name is the city's, as in
  // regions.tsv), each part by population.
  auto by_population = [](const City& a, const City& b) { return a.population > b.population; };
  std::stable_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n_cities),
                   by_population);
  std::stable_sort(found.begin() + static_cast<std::ptrdiff_t>(n_cities), found.end(),
                   by_population);
  std::string rows = "id\tsubtype\tlabel_en\tcountry\taliases_ar\ttagged_ar\n";
  for (size_t i = 0; i < found.size(); ++i) {
    const City& c = found[i];
    const bool region = i >= n_cities;
    if (keys.count(c.key) || labels.count(LabelKey(c.name_en, c.cc))) continue;
    keys.insert(c.key);  // a less populous namesake is left out
    auto d = decisions.find(c.key);
    const std::string decision = d == decisions.end() ? "" : d->second;
    if (decision == "drop") continue;
    const bool one_word = c.key.find(' ') == std::string::npos;
    if (one_word && decision.empty() &&
        (name_words.count(c.key) || c.population < OneWordMinPopulation(c.cc, arab))) {
      continue;
    }
    const bool tagged = decision == "tagged";
    std::string id = "geonames_" + c.id;
    if (region) id = "geonames_adm1_" + c.cc + "_" + c.id.substr(c.cc.size() + 1);
    rows += id + (region ? "\tregion\t" : "\tcity\t") + c.name_en + "\t" + c.cc + "\t" +
            (tagged ? "" : c.name_ar) + "\t" + (tagged ? c.name_ar : "") + "\n";
  }
  // The team's build-time rows, not a user's: they win no alias over the KB (Entity::from_user).
  khabar::kb::internal::KbBuilder builder(std::move(*data), /*allow_override=*/false,
                                          /*rows_from_user=*/false);
  khabar::Status st = builder.AddTsv("places", rows, "geonames");
  if (st.ok()) st = builder.Finish(data);
  return st.ok() ? "" : st.message();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: kb_compile OUT.bin DATA_DIR ISO_3166_JSON ISO_3166_AR_MO GEONAMES_AR_MO\n";
    return 2;
  }
  const std::string out_path = argv[1], data_dir = argv[2], json_path = argv[3], mo_path = argv[4],
                    geonames_mo_path = argv[5];
  KbBuilder builder;

  // 1. ICU / CLDR: every ISO 3166-1 region.
  const icu::Locale ar("ar"), en("en");
  for (const char* const* cc = icu::Locale::getISOCountries(); *cc; ++cc) {
    icu::Locale loc("", *cc);
    icu::UnicodeString en_name, ar_name;
    loc.getDisplayCountry(en, en_name);
    loc.getDisplayCountry(ar, ar_name);
    std::vector<std::string> en_forms = NameForms(ToUtf8(en_name));
    std::string label = en_forms.empty() ? std::string(*cc) : en_forms[0];
    builder.AddCountry(*cc, label, "country");
    for (const std::string& a : NameForms(ToUtf8(ar_name))) {
      if (a != *cc) builder.AddCountryAlias(*cc, a, AliasKind::kName);
    }
  }
  // 2. Debian iso-codes: Arabic translations of name / official_name / common_name.
  std::string json_text, mo;
  std::map<std::string, std::string> ar_catalog;
  if (!ReadFile(json_path, &json_text)) {
    std::cerr << "kb_compile: cannot read " << json_path << "\n";
    return 1;
  }
  if (!ReadFile(mo_path, &mo) || !ParseMo(mo, &ar_catalog)) {
    std::cerr << "kb_compile: cannot read gettext catalog " << mo_path << "\n";
    return 1;
  }
  try {
    nlohmann::json j = nlohmann::json::parse(json_text);
    for (const auto& c : j.at("3166-1")) {
      std::string cc = c.at("alpha_2").get<std::string>();
      std::string name = c.at("name").get<std::string>();
      builder.AddCountry(cc, name, "country");
      for (const char* field : {"name", "official_name", "common_name"}) {
        if (!c.contains(field)) continue;
        auto it = ar_catalog.find(c.at(field).get<std::string>());
        if (it == ar_catalog.end() || it->second.empty()) continue;
        for (const std::string& a : NameForms(it->second)) {
          builder.AddCountryAlias(cc, a, AliasKind::kName);
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "kb_compile: " << json_path << ": " << e.what() << "\n";
    return 1;
  }
  // 3. The team's files, in dependency order.
  const std::pair<const char*, const char*> files[] = {
      {"countries", "countries.tsv"}, {"countries", "territories.tsv"},
      {"demonyms", "demonyms.tsv"},   {"titles", "titles.tsv"},
      {"variants", "variants.tsv"},   {"places", "cities.tsv"},
      {"regions", "regions.tsv"},     {"orgs", "orgs.tsv"},
      {"persons", "persons.tsv"},     {"misc", "misc.tsv"},
  };
  for (const auto& [kind, file] : files) {
    std::string path = data_dir + "/" + file, text;
    if (!ReadFile(path, &text)) {
      std::cerr << "kb_compile: cannot read " << path << "\n";
      return 1;
    }
    khabar::Status st = builder.AddTsv(kind, text, path);
    if (!st.ok()) {
      std::cerr << "kb_compile: " << st.message() << "\n";
      return 1;
    }
  }
  khabar::kb::internal::KbData data;
  khabar::Status st = builder.Finish(&data);
  if (!st.ok()) {
    std::cerr << "kb_compile: " << st.message() << "\n";
    return 1;
  }
  // 4. GeoNames cities (Debian's libgeonames), after the team's files so that theirs win. The
  // tagger's names lexicon (data/ner/names.tsv) says which one-word names are persons' names.
  const std::string geonames_error = AddGeonamesPlaces(geonames_mo_path, data_dir + "/geonames.tsv",
                                                       data_dir + "/../ner/names.tsv", &data);
  if (!geonames_error.empty()) {
    std::cerr << "kb_compile: " << geonames_error << "\n";
    return 1;
  }
  // KHABAR_KB_DUMP=path writes a readable listing of the compiled entities (for reviewing data).
  if (const char* dump = std::getenv("KHABAR_KB_DUMP")) {
    std::ofstream d(dump);
    for (const auto& e : data.entities) {
      d << e.id << '\t' << khabar::kb::EntityTypeName(e.type) << '\t' << e.subtype << '\t'
        << e.label_en << '\t' << e.qid << '\t' << e.country << '\t';
      for (size_t i = 0; i < e.aliases_ar.size(); ++i) {
        d << (i ? "|" : "") << e.aliases_ar[i] << ':' << static_cast<int>(e.alias_kinds[i]);
      }
      d << '\n';
    }
  }
  std::string blob = khabar::kb::internal::SerializeBlob(data);
  std::ofstream out(out_path, std::ios::binary);
  out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
  if (!out) {
    std::cerr << "kb_compile: cannot write " << out_path << "\n";
    return 1;
  }
  return 0;
}
