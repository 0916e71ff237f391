// kb_compile OUT.bin DATA_DIR ISO_3166_JSON ISO_3166_AR_MO
//
// Build-time compiler of the knowledge base (docs/kb-format.md): countries and territories from ICU
// (every ISO 3166-1 region, CLDR "ar" and "en" display names) and Debian iso-codes (Arabic name,
// official name and common name, read from the gettext .mo catalog), merged with the team's TSV
// files in DATA_DIR, expanded with rule-generated variants, validated, and written as one blob.
// Exit status 1 with a message naming file:line on any error.
#include <unicode/locid.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

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

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: kb_compile OUT.bin DATA_DIR ISO_3166_JSON ISO_3166_AR_MO\n";
    return 2;
  }
  const std::string out_path = argv[1], data_dir = argv[2], json_path = argv[3], mo_path = argv[4];
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
