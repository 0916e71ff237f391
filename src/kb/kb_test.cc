// Consistency and coverage of the built-in knowledge base (data/kb/, compiled into the binary).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <unistd.h>

#include "embedded/KbBlob.h"
#include "kb/kb_impl.h"
#include "khabar/kb.h"
#include "khabar/text.h"

namespace khabar::kb {
namespace {

const KnowledgeBase& Kb() { return KnowledgeBase::Default(); }

TEST(KnowledgeBaseTest, LoadsFast) {
  std::string_view blob = embedded::KbBlob("kb.bin");
  ASSERT_FALSE(blob.empty());
  text::Analyzer::Default();  // the analyzer's own start-up is not the KB's
  // Loaded twice and bounded on the faster load: one load's time swings with the machine (the same
  // binary measured 36 to 750 ms, CPU time as much as wall time, on a shared 2-core machine while
  // other builds ran; session 16), and one slow draw failed CI-like runs of `make test`.
  double best_ms = 1e9;
  for (int round = 0; round < 2; ++round) {
    auto t0 = std::chrono::steady_clock::now();
    Result<std::unique_ptr<KnowledgeBase>> kb = KnowledgeBase::FromBlob(blob);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    std::printf("KB: %zu entities, blob %zu bytes, loaded in %.1f ms\n", (*kb)->size(),
                blob.size(), ms);
    best_ms = std::min(best_ms, ms);
  }
#if !defined(__SANITIZE_ADDRESS__) && defined(NDEBUG)
  EXPECT_LT(best_ms, 500.0);
#endif
}

// The linker asks key_sets once per word instead of the four indexes: it must say exactly which of
// them hold each key.
TEST(KnowledgeBaseTest, KeySetsAreTheFourIndexes) {
  Result<internal::KbData> data = internal::ParseBlob(embedded::KbBlob("kb.bin"));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  KnowledgeBase::Impl impl;
  impl.data = std::move(*data);
  impl.BuildIndexes();
  auto bits = [&](std::string_view k) {
    return (impl.by_key.count(k) ? 1 : 0) | (impl.prefixes.count(k) ? 2 : 0) |
           (impl.title_roles.count(k) ? 4 : 0) | (impl.title_prefixes.count(k) ? 8 : 0);
  };
  size_t members = 0;
  for (const auto& [key, flags] : impl.key_sets) {
    EXPECT_EQ(flags, bits(key)) << key;
    EXPECT_NE(flags, 0) << key;
  }
  for (const auto& [key, hits] : impl.by_key) members += impl.key_sets.count(key);
  for (const std::string& key : impl.prefixes) members += impl.key_sets.count(key);
  for (const auto& [key, roles] : impl.title_roles) members += impl.key_sets.count(key);
  for (const std::string& key : impl.title_prefixes) members += impl.key_sets.count(key);
  EXPECT_EQ(members, impl.by_key.size() + impl.prefixes.size() + impl.title_roles.size() +
                         impl.title_prefixes.size());
  EXPECT_EQ(impl.key_sets.count("زzz-not-a-key"), 0u);
  // The flat table the linker asks: the same bits for every key, kFirstToken for every first
  // token, nothing for other words (keys with one letter more).
  auto expected = [&](const std::string& w) {
    const auto it = impl.key_sets.find(w);
    return static_cast<uint16_t>((it == impl.key_sets.end() ? 0 : it->second) |
                                 (impl.first_tokens.count(w) ? KeyFlagTable::kFirstToken : 0));
  };
  size_t first = 0;
  for (const auto& [key, flags] : impl.key_sets) {
    EXPECT_EQ(impl.key_flags.Flags(key), expected(key)) << key;
    EXPECT_EQ(impl.key_flags.Flags(key + "ب"), expected(key + "ب")) << key;
  }
  for (const std::string& w : impl.first_tokens) {
    EXPECT_EQ(impl.key_flags.Flags(w), expected(w)) << w;
    first += (impl.key_flags.Flags(w) & KeyFlagTable::kFirstToken) != 0;
  }
  EXPECT_EQ(first, impl.first_tokens.size());
  for (const auto& [key, hits] : impl.by_key) EXPECT_EQ(impl.key_flags.Hits(key), &hits) << key;
  for (const std::string& key : impl.prefixes) {
    if (!impl.by_key.count(key)) {
      EXPECT_EQ(impl.key_flags.Hits(key), nullptr) << key;
    }
  }
  EXPECT_GT(first, 1000u);
  EXPECT_EQ(impl.key_flags.Flags("زzz-not-a-key"), 0);
  EXPECT_EQ(impl.key_flags.Flags(""), 0);
  EXPECT_NE(impl.key_flags.Flags("وزير الخارجيه") & 4, 0);  // a title key
}

TEST(KnowledgeBaseTest, IdsAndQidsAreUnique) {
  std::set<std::string> ids, qids;
  for (uint32_t i = 0; i < Kb().size(); ++i) {
    const Entity& e = Kb().entity(i);
    EXPECT_EQ(e.index, i);
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
    if (!e.qid.empty()) {
      EXPECT_TRUE(qids.insert(e.qid).second) << "duplicate QID " << e.qid;
    }
    EXPECT_FALSE(e.label_en.empty()) << e.id;
    EXPECT_FALSE(e.label_ar.empty()) << e.id;
    EXPECT_EQ(Kb().Find(e.id), &e);
  }
}

TEST(KnowledgeBaseTest, EveryAliasResolvesToItsEntity) {
  const text::Analyzer& analyzer = text::Analyzer::Default();
  size_t checked = 0;
  for (uint32_t i = 0; i < Kb().size(); ++i) {
    const Entity& e = Kb().entity(i);
    ASSERT_EQ(e.aliases_ar.size(), e.alias_kinds.size()) << e.id;
    for (const std::string& a : e.aliases_ar) {
      std::string key = KnowledgeBase::MatchKeyOf(a);
      // One-word aliases that are function words are deliberately not indexed.
      if (key.find(' ') == std::string::npos && (key.size() < 3 || analyzer.IsStopword(key)))
        continue;
      bool found = false;
      for (const AliasHit& h : Kb().LookupKey(key)) found |= h.entity == i;
      EXPECT_TRUE(found) << e.id << " alias '" << a << "' key '" << key << "'";
      ++checked;
    }
  }
  EXPECT_GT(checked, 4000u);
}

TEST(KnowledgeBaseTest, ReferencesAndRolesAreConsistent) {
  for (uint32_t i = 0; i < Kb().size(); ++i) {
    const Entity& e = Kb().entity(i);
    for (const std::string* ref : {&e.country, &e.part_of, &e.stands_for, &e.capital}) {
      if (!ref->empty()) {
        EXPECT_NE(Kb().Find(*ref), nullptr) << e.id << " -> " << *ref;
      }
    }
    if (!e.capital.empty()) {
      const Entity* c = Kb().Find(e.capital);
      ASSERT_NE(c, nullptr);
      EXPECT_EQ(c->type, EntityType::kGpe) << e.id;
    }
    if (!e.roles.empty()) {
      EXPECT_EQ(e.type, EntityType::kPer) << e.id;
    }
    for (const Role& r : e.roles) {
      if (r.start && r.end) {
        EXPECT_LE(r.start, r.end) << e.id << " " << r.role;
      }
      EXPECT_NE(Kb().Find(r.of), nullptr) << e.id << " role of " << r.of;
      EXPECT_FALSE(r.role.empty());
    }
  }
}

TEST(KnowledgeBaseTest, NoTwoHoldersOfOneOfficeOverlap) {
  // Each (role, of) pair is held by one person at a time (acting/overlapping days aside).
  std::map<std::string, std::vector<std::pair<const Entity*, const Role*>>> offices;
  for (uint32_t i = 0; i < Kb().size(); ++i) {
    for (const Role& r : Kb().entity(i).roles) {
      if (r.role == "vice_president" || r.role == "secretary_general") continue;
      offices[r.role + "@" + r.of].push_back({&Kb().entity(i), &r});
    }
  }
  for (const auto& [office, holders] : offices) {
    for (size_t a = 0; a < holders.size(); ++a) {
      for (size_t b = a + 1; b < holders.size(); ++b) {
        const Role& x = *holders[a].second;
        const Role& y = *holders[b].second;
        if (!x.start || !y.start) continue;
        int32_t xe = x.end ? x.end : 99991231, ye = y.end ? y.end : 99991231;
        int32_t overlap_from = std::max(x.start, y.start), overlap_to = std::min(xe, ye);
        // Allow a hand-over of up to a few days.
        EXPECT_FALSE(overlap_to - overlap_from > 5)
            << office << ": " << holders[a].first->id << " and " << holders[b].first->id;
      }
    }
  }
}

// Session 15: Wikidata ids checked against public repository text (docs/kb-format.md "Wikidata
// ids, session 15"). The sample holds ids each seen beside the entity's name in two or more
// independent files, a capital created by regions.tsv (capital_qid) among them; a changed id here
// means a row was edited, and the new id needs the same check.
TEST(KnowledgeBaseTest, VerifiedWikidataIds) {
  const std::pair<const char*, const char*> sample[] = {
      {"vladimir_putin", "Q7747"},
      {"jeddah", "Q374365"},
      {"mecca", "Q5806"},
      {"medina", "Q35484"},
      {"dubai", "Q612"},
      {"dammam", "Q160320"},
      {"kuwait_city", "Q35178"},
      {"aden", "Q131694"},
      {"MR", "Q1025"},
      {"ML", "Q912"},
      {"HK", "Q8646"},
      {"SS", "Q958"},
      {"CD", "Q974"},
      {"middle_east", "Q7204"},
      {"europe", "Q46"},
      {"twitter", "Q918"},
      {"instagram", "Q209330"},
      {"lionel_messi", "Q615"},
      {"mohamed_salah", "Q1354960"},
      {"frank_walter_steinmeier", "Q76658"},
      {"as_roma", "Q2739"},
      {"sa_riyadh", "Q1249255"},
      {"sa_asir", "Q779855"},
      {"us_ohio", "Q1397"},
      {"tottenham_hotspur", "Q18741"},
      {"us_virginia", "Q1370"},
  };
  for (const auto& [id, qid] : sample) {
    const Entity* e = Kb().Find(id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_EQ(e->qid, qid) << id;
  }
  // Ids left out on purpose: two sources disagreed (Taif) or one source gave the id to three
  // towns (Dhahran); a guess is worse than none.
  for (const char* id : {"taif", "dhahran"}) {
    ASSERT_NE(Kb().Find(id), nullptr) << id;
    EXPECT_EQ(Kb().Find(id)->qid, "") << id;
  }
  int with_qid = 0;
  for (uint32_t i = 0; i < Kb().size(); ++i) with_qid += !Kb().entity(i).qid.empty();
  EXPECT_GE(with_qid, 650);
}

TEST(KnowledgeBaseTest, Coverage) {
  std::map<std::string, int> by_subtype;
  int persons = 0, orgs = 0, cities = 0;
  for (uint32_t i = 0; i < Kb().size(); ++i) {
    const Entity& e = Kb().entity(i);
    by_subtype[e.subtype]++;
    if (e.type == EntityType::kPer) ++persons;
    if (e.type == EntityType::kOrg) ++orgs;
    if (e.type == EntityType::kGpe && (e.subtype == "city" || e.subtype == "capital")) ++cities;
  }
  std::printf(
      "KB coverage: %d persons, %d organizations, %d cities, %d countries, %d territories, "
      "%d regions\n",
      persons, orgs, cities, by_subtype["country"], by_subtype["territory"], by_subtype["region"]);
  EXPECT_GE(persons, 500);
  EXPECT_GE(orgs, 200);
  EXPECT_GE(cities, 300);
  // Every ISO 3166-1 country and territory.
  EXPECT_GE(by_subtype["country"] + by_subtype["territory"], 249);
  for (const char* cc : {"US", "JP", "KP", "MM", "PS", "EG", "SA", "GL", "PR", "HK", "AQ"}) {
    EXPECT_NE(Kb().Find(cc), nullptr) << cc;
  }
}

// data/kb/demonyms.tsv, session 15: every country has a demonym (its nisba, generated forms and
// broken plurals), except those below, for the reason given (docs/kb-format.md "Demonyms").
TEST(KnowledgeBaseTest, Demonyms) {
  const std::map<std::string, std::string> none = {
      {"AQ", "no people"},
      {"DG", "not a state (British Indian Ocean Territory)"},
      {"EA", "not a state (Ceuta and Melilla, Spain)"},
      {"IC", "not a state (Canary Islands, Spain); كناري is the bird"},
      {"EH", "صحراوي is the adjective 'of the desert'"},
      {"ML", "مالي is the adjective 'financial' (the country's name is a tagged alias)"},
      {"TL", "تيموري is the Timurids' nisba"},
      {"CG", "كونغولي is the DR Congo's (CD), the Congo news names most"},
      {"GQ", "غيني is Guinea's (GN)"},
      {"GW", "غيني is Guinea's (GN)"},
      {"DM", "دومينيكي is rare and close to the Dominican Republic's دومينيكاني"},
      {"CV", "رأس أخضري: the rule would write رأس الأخضري; news names the country"},
      {"AG", "no nisba in use"},
      {"BZ", "no nisba in use"},
      {"FM", "no nisba in use"},
      {"KI", "no nisba in use"},
      {"KN", "no nisba in use"},
      {"LC", "no nisba in use"},
      {"LS", "no nisba in use"},
      {"MC", "no nisba in use"},
      {"MH", "no nisba in use"},
      {"NR", "no nisba in use"},
      {"PG", "no nisba in use"},
      {"PW", "no nisba in use"},
      {"SB", "no nisba in use"},
      {"SM", "no nisba in use"},
      {"ST", "no nisba in use"},
      {"SZ", "no nisba in use"},
      {"TO", "no nisba in use"},
      {"TV", "no nisba in use"},
      {"VC", "no nisba in use"},
      {"VU", "no nisba in use"},
      {"WS", "no nisba in use"},
  };
  int countries = 0;
  for (uint32_t i = 0; i < Kb().size(); ++i) {
    const Entity& e = Kb().entity(i);
    if (e.subtype != "country") continue;
    ++countries;
    bool demonym = false;
    for (AliasKind k : e.alias_kinds) demonym |= k == AliasKind::kDemonym;
    // A country on the list that gains a row leaves the list.
    EXPECT_EQ(demonym, !none.count(e.id))
        << e.id << ": " << (none.count(e.id) ? none.at(e.id) : "");
  }
  EXPECT_GE(countries, 200);
  auto has = [](std::string_view surface, std::string_view id) {
    for (const AliasHit& h : Kb().Lookup(surface)) {
      if (Kb().entity(h.entity).id == id) return true;
    }
    return false;
  };
  for (auto [form, cc] : std::vector<std::pair<const char*, const char*>>{{"الأورغوياني", "UY"},
                                                                          {"الأوروغوياني", "UY"},
                                                                          {"الأوروغوايانية", "UY"},
                                                                          {"الأوروجواياني", "UY"},
                                                                          {"باراغويانيون", "PY"},
                                                                          {"المجرية", "HU"},
                                                                          {"المجريين", "HU"},
                                                                          {"العاجي", "CI"},
                                                                          {"الإسبان", "ES"},
                                                                          {"الكروات", "HR"},
                                                                          {"الآذري", "AZ"},
                                                                          {"الدانماركية", "DK"},
                                                                          {"البنغالي", "BD"},
                                                                          {"السيرلانكية", "LK"},
                                                                          {"الكوستاريكي", "CR"},
                                                                          {"الموزمبيقي", "MZ"},
                                                                          {"الكوسوفيون", "XK"},
                                                                          {"الغرينلاندي", "GL"},
                                                                          {"البورتوريكية", "PR"}}) {
    EXPECT_TRUE(has(form, cc)) << form << " " << cc;
  }
  // Generated forms that are words are left out (the row's skip column).
  for (auto [form, cc] : std::vector<std::pair<const char*, const char*>>{{"المجرى", "HU"},
                                                                          {"مجري", "HU"},
                                                                          {"مجريات", "HU"},
                                                                          {"عاجي", "CI"},
                                                                          {"عاجية", "CI"},
                                                                          {"تركي", "TR"},
                                                                          {"ألبان", "AL"}}) {
    EXPECT_FALSE(has(form, cc)) << form << " " << cc;
  }
}

// data/kb/cities.tsv, session 14: places beyond the capitals (towns of the conflict zones, the Gulf
// and Egypt, world cities, natural features, historic regions). A name that is also a common word
// of news stays out: الصعيد ("level": على هذا الصعيد), حديثة ("modern"), الخيام ("the tents"),
// السفيرة ("the ambassador"), الفاو (FAO), and a bare X in جبال X or نهر X only when X is no word.
TEST(KnowledgeBaseTest, PlacesBeyondTheCapitals) {
  auto ids = [](std::string_view surface) {
    std::vector<std::string> out;
    for (const AliasHit& h : Kb().Lookup(surface)) out.push_back(Kb().entity(h.entity).id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("عفرين"), V{"afrin"});
  EXPECT_EQ(ids("تلعفر"), V{"tal_afar"});
  EXPECT_EQ(ids("بيت لاهيا"), V{"beit_lahia"});
  EXPECT_EQ(ids("مضيق البوسفور"), V{"bosphorus"});
  EXPECT_EQ(ids("نهر دجلة"), V{"tigris"});
  EXPECT_EQ(ids("جبال الألب"), V{"alps"});
  EXPECT_EQ(ids("الأندلس"), V{"al_andalus"});
  EXPECT_EQ(ids("صعيد مصر"), V{"upper_egypt"});
  for (const char* word : {"الصعيد", "حديثة", "الخيام", "السفيرة", "المطلة", "الرطبة"}) {
    EXPECT_EQ(ids(word), V{}) << word;
  }
  EXPECT_EQ(ids("الفاو"), V{"fao"});
  struct Want {
    const char* id;
    EntityType type;
    const char* subtype;
    const char* country;
  };
  for (const Want& w : {Want{"red_sea", EntityType::kLoc, "sea", ""},
                        Want{"gulf_of_aden", EntityType::kLoc, "gulf", ""},
                        Want{"empty_quarter", EntityType::kLoc, "", ""},
                        Want{"sahara", EntityType::kLoc, "desert", ""},
                        Want{"sicily", EntityType::kLoc, "island", "IT"},
                        Want{"herat", EntityType::kGpe, "city", "AF"},
                        Want{"tallinn", EntityType::kGpe, "capital", "EE"}}) {
    const Entity* e = Kb().Find(w.id);
    if (std::string_view(w.subtype).empty()) {
      EXPECT_EQ(e, nullptr) << w.id;  // left out: الربع ("quarter") is a common word
      continue;
    }
    ASSERT_NE(e, nullptr) << w.id;
    EXPECT_EQ(e->type, w.type) << w.id;
    EXPECT_EQ(e->subtype, w.subtype) << w.id;
    EXPECT_EQ(e->country, w.country) << w.id;
  }
  EXPECT_EQ(Kb().Find("tallinn")->stands_for, "EE");
}

// data/kb/cities.tsv, session 15: provinces and states of the larger countries and the region's
// neighbours, the region's towns and villages, historical places, more natural features. A name
// that is a word with a proclitic stays out (اطمة in فاطمة, بروسيا "in Russia", وربة "and a lady"),
// and so does a name a club has (فالنسيا, إشبيلية: the cities keep بلنسية, or nothing).
TEST(KnowledgeBaseTest, PlacesOfTheWiderWorld) {
  auto ids = [](std::string_view surface) {
    std::vector<std::string> out;
    for (const AliasHit& h : Kb().Lookup(surface)) out.push_back(Kb().entity(h.entity).id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("بني شنقول"), V{"et_benishangul"});
  EXPECT_EQ(ids("أراكان"), V{"rakhine"});
  EXPECT_EQ(ids("مقاطعة كورسك"), V{"kursk_oblast"});
  EXPECT_EQ(ids("ولاية كنساس"), V{"us_kansas"});
  EXPECT_EQ(ids("بلنسية"), V{"valencia_es"});
  EXPECT_EQ(ids("نمرود"), V{"nimrud"});
  EXPECT_EQ(ids("جبال هندوكوش"), V{"hindu_kush"});
  for (const char* word : {"اطمة", "بروسيا", "وربة", "المطرية", "الحضر", "مجدل شمس", "بامير"}) {
    EXPECT_EQ(ids(word), V{}) << word;
  }
  EXPECT_EQ(ids("فالنسيا"), V{"valencia_cf"});
  const Entity* e = Kb().Find("et_benishangul");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, EntityType::kGpe);
  EXPECT_EQ(e->subtype, "region");
  EXPECT_EQ(e->country, "ET");
  ASSERT_NE(Kb().Find("ashgabat"), nullptr);
  EXPECT_EQ(Kb().Find("ashgabat")->stands_for, "TM");
  EXPECT_EQ(Kb().Find("lake_urmia")->type, EntityType::kLoc);
}

// Spelling variants of countries, regions and capitals (session 15, docs/kb-format.md "Place-name
// variants"): each spelling reaches its entity alone; the variant rules reach every name holding
// the word; the spellings left out (common words, another entity's name, a direction word that
// ANERcorp leaves outside the name) find nothing of the place.
TEST(KnowledgeBaseTest, PlaceNameVariantsSession15) {
  auto ids = [](std::string_view surface) {
    std::vector<std::string> out;
    for (const AliasHit& h : Kb().Lookup(surface)) out.push_back(Kb().entity(h.entity).id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("تركمنستان"), V{"TM"});
  EXPECT_EQ(ids("قرغيزستان"), V{"KG"});
  EXPECT_EQ(ids("قرغيزيا"), V{"KG"});
  EXPECT_EQ(ids("طاجكستان"), V{"TJ"});
  EXPECT_EQ(ids("قازاقستان"), V{"KZ"});
  EXPECT_EQ(ids("الشيلي"), V{"CL"});
  EXPECT_EQ(ids("الدانمارك"), V{"DK"});
  EXPECT_EQ(ids("تايلند"), V{"TH"});
  EXPECT_EQ(ids("البوسنة"), V{"BA"});
  EXPECT_EQ(ids("كوسوفا"), V{"XK"});
  EXPECT_EQ(ids("تيمور الشرقية"), V{"TL"});
  EXPECT_EQ(ids("المالديف"), V{"MV"});  // ICU gives it to Moldova: dropped there
  EXPECT_EQ(ids("مولدافيا"), V{"MD"});
  EXPECT_EQ(ids("أوربا"), V{"europe"});
  EXPECT_EQ(ids("أوربة"), V{"europe"});
  EXPECT_EQ(ids("آسية"), V{"asia"});
  EXPECT_EQ(ids("بيجنغ"), V{"beijing"});
  EXPECT_EQ(ids("بوينوس آيرس"), V{"buenos_aires"});
  EXPECT_EQ(ids("بروكسيل"), V{"brussels"});
  EXPECT_EQ(ids("واشنطون"), V{"washington"});
  EXPECT_EQ(ids("كوردستان"), V{"kurdistan"});
  EXPECT_EQ(ids("الاتحاد السوفياتي"), V{"soviet_union"});
  // Rules of variants.tsv: أوروب -> أورب, ديمقراط <-> ديموقراط, سوفيت <-> سوفيات.
  EXPECT_EQ(ids("البرلمان الأوربي"), V{"european_parliament"});
  EXPECT_EQ(ids("دوري أبطال أوربا"), V{"uefa_champions_league"});
  EXPECT_EQ(ids("جمهورية الكونغو الديموقراطية"), V{"CD"});
  EXPECT_EQ(ids("قوات سوريا الديموقراطية"), V{"sdf"});
  for (const char* word :
       {"كيف", "البندقية", "شيلي", "كوستا ريكا", "سيرا ليون", "سري لانكا", "بنوم بن", "وسط آسيا",
        "شرقي أوروبا", "الشمال الأفريقي", "المغرب الكبير", "أفريقية"}) {
    EXPECT_EQ(ids(word), V{}) << word;
  }
  // The club's names, not the city's: news names the club so far more often.
  for (const auto& [word, city] : {std::pair<const char*, const char*>{"مارسيليا", "marseille"},
                                   std::pair<const char*, const char*>{"ميونيخ", "munich"}}) {
    const V hits = ids(word);
    EXPECT_EQ(std::count(hits.begin(), hits.end(), city), 0) << word;
  }
}

// Cities and provinces from Debian's libgeonames (kb_compile step 4, docs/kb-format.md "GeoNames
// cities"): the team's rows win, and one-word names that are words, person names or small towns
// stay out.
TEST(KnowledgeBaseTest, GeonamesCities) {
  size_t cities = 0, regions = 0;
  for (size_t i = 0; i < Kb().size(); ++i) {
    const Entity& e = Kb().entity(static_cast<uint32_t>(i));
    if (e.id.rfind("geonames_", 0) != 0) continue;
    const bool region = e.id.rfind("geonames_adm1_", 0) == 0;
    ++(region ? regions : cities);
    EXPECT_EQ(e.type, EntityType::kGpe) << e.id;
    EXPECT_EQ(e.subtype, region ? "region" : "city") << e.id;
    EXPECT_NE(Kb().Find(e.country), nullptr) << e.id;
  }
  EXPECT_GT(cities, 1500u);
  EXPECT_GT(regions, 120u);
  auto ids = [](std::string_view surface) {
    std::vector<std::string> out;
    for (const AliasHit& h : Kb().Lookup(surface)) out.push_back(Kb().entity(h.entity).id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("كاناغاوا"), V{"geonames_adm1_JP_19"});
  ASSERT_NE(Kb().Find("geonames_adm1_JP_19"), nullptr);
  EXPECT_EQ(Kb().Find("geonames_adm1_JP_19")->label_en, "Kanagawa");
  for (const char* word : {"السند", "مركزي", "الشمالية"}) {  // provinces named by words
    for (const std::string& id : ids(word)) EXPECT_NE(id.rfind("geonames_", 0), 0u) << word;
  }
  EXPECT_EQ(ids("بوخوم"), V{"geonames_2947416"});
  EXPECT_EQ(Kb().Find("geonames_2947416")->label_en, "Bochum");
  EXPECT_EQ(Kb().Find("geonames_2947416")->country, "DE");
  EXPECT_EQ(ids("ماونتن فيو"), V{"geonames_5375480"});
  EXPECT_EQ(ids("بلنسية"), V{"valencia_es"});  // the team's row, not Venezuela's larger namesake
  // Words of news, given names and small towns named like persons (Johnston, Eugene) stay out.
  for (const char* word : {"الجديد", "جودة", "يوما", "ميدان", "سحر", "جونستون", "يوجين"}) {
    for (const std::string& id : ids(word)) EXPECT_NE(id.rfind("geonames_", 0), 0u) << word;
  }
}

// data/kb/misc.tsv: events, tournaments, awards, treaties, currencies, holy sites, religions,
// weapons and products (type MISC). The names that are ordinary words or another entity's name stay
// out: الريال is Real Madrid's tagged name and no currency, الحرب and الاتفاق name nothing.
TEST(KnowledgeBaseTest, MiscEntities) {
  int misc = 0;
  for (uint32_t i = 0; i < Kb().size(); ++i) misc += Kb().entity(i).type == EntityType::kMisc;
  EXPECT_GE(misc, 300);
  auto ids = [](std::string_view surface) {
    std::vector<std::string> out;
    for (const AliasHit& h : Kb().Lookup(surface)) out.push_back(Kb().entity(h.entity).id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("كأس العالم"), V{"fifa_world_cup"});
  EXPECT_EQ(ids("الدينار الكويتي"), V{"kwd"});
  EXPECT_EQ(ids("الدينار"), V{"dinar_unit"});
  EXPECT_EQ(ids("ريال سعودي"), V{"sar"});
  EXPECT_EQ(ids("الاتفاق النووي"), V{"jcpoa"});
  EXPECT_EQ(ids("الريال"), V{"real_madrid"});
  EXPECT_EQ(ids("ريال"), V{});
  EXPECT_EQ(ids("الحرب"), V{});
  EXPECT_EQ(ids("الكأس"), V{});
  EXPECT_EQ(ids("الجائزة"), V{});
  const Entity* wc = Kb().Find("fifa_world_cup");
  ASSERT_NE(wc, nullptr);
  EXPECT_EQ(wc->type, EntityType::kMisc);
  EXPECT_EQ(wc->subtype, "tournament");
}

TEST(KnowledgeBaseTest, EveryArabStateHasItsGovernoratesAndCapitals) {
  // Number of first-level divisions of each Arab League member (as of 2025).
  const std::map<std::string, int> expected = {
      {"EG", 27}, {"SA", 13}, {"IQ", 19}, {"SY", 14}, {"JO", 12}, {"LB", 9},
      {"PS", 16}, {"KW", 6},  {"BH", 4},  {"QA", 8},  {"AE", 7},  {"OM", 11},
      {"YE", 22}, {"MA", 12}, {"DZ", 58}, {"TN", 24}, {"LY", 22}, {"SD", 18},
      {"MR", 15}, {"SO", 18}, {"DJ", 6},  {"KM", 3}};
  std::map<std::string, int> got;
  for (uint32_t i = 0; i < Kb().size(); ++i) {
    const Entity& e = Kb().entity(i);
    if (e.subtype != "region" || !expected.count(e.country)) continue;
    if (e.id.size() < 3 || e.id[2] != '_') continue;  // governorate rows of regions.tsv
    got[e.country]++;
    ASSERT_FALSE(e.capital.empty()) << e.id;
    const Entity* cap = Kb().Find(e.capital);
    ASSERT_NE(cap, nullptr) << e.id;
    // Jerusalem's status is contested: the KB gives it no country.
    if (!cap->country.empty()) {
      EXPECT_EQ(cap->country, e.country) << e.id;
    }
  }
  for (const auto& [cc, n] : expected) EXPECT_EQ(got[cc], n) << cc;
}

TEST(KnowledgeBaseTest, LookupAndRoles) {
  auto first = [](std::string_view surface) -> std::string {
    std::vector<AliasHit> hits = Kb().Lookup(surface);
    return hits.empty() ? "" : Kb().entity(hits[0].entity).id;
  };
  EXPECT_EQ(first("الولايات المتحدة"), "US");
  EXPECT_EQ(first("الروسى"), "RU");  // Egyptian ى spelling
  EXPECT_EQ(first("الروس"), "RU");
  EXPECT_EQ(first("بيونج يانج"), "pyongyang");
  EXPECT_EQ(first("بيونغ يانغ"), "pyongyang");
  EXPECT_EQ(first("ترمب"), "donald_trump");
  EXPECT_EQ(first("الرباعية"), "quad");
  EXPECT_EQ(first("ملبورن"), "melbourne");
  EXPECT_EQ(first("ميانمار"), "MM");
  EXPECT_EQ(first("أميركا"), "US");
  EXPECT_EQ(first("الخارجية الأمريكية"), "us_state");
  const Entity* sos = Kb().ResolveRole("foreign_minister", "US", 20220211);
  ASSERT_NE(sos, nullptr);
  EXPECT_EQ(sos->id, "antony_blinken");
  EXPECT_EQ(Kb().ResolveRole("foreign_minister", "US", 20190101)->id, "mike_pompeo");
  EXPECT_EQ(Kb().ResolveRole("head_of_state", "US", 20220211)->id, "joe_biden");
  EXPECT_EQ(Kb().ResolveRole("head_of_government", "JP", 20220211)->id, "fumio_kishida");
  EXPECT_EQ(Kb().ResolveRole("head_of_state", "US", 18000101), nullptr);
  // Office-holders since 1990 (session 14).
  EXPECT_EQ(Kb().ResolveRole("head_of_state", "FR", 20030301)->id, "jacques_chirac");
  EXPECT_EQ(Kb().ResolveRole("head_of_government", "EG", 20090101)->id, "ahmed_nazif");
  EXPECT_EQ(Kb().ResolveRole("head_of_government", "LB", 20030101)->id, "rafic_hariri");
  EXPECT_EQ(Kb().ResolveRole("foreign_minister", "IQ", 20100101)->id, "hoshyar_zebari");
  EXPECT_EQ(Kb().ResolveRole("head_of_government", "JP", 20040101)->id, "junichiro_koizumi");
  EXPECT_EQ(Kb().ResolveRole("secretary_general", "un", 19950101)->id, "boutros_boutros_ghali");
  EXPECT_EQ(Kb().ResolveRole("secretary_general", "nato", 20010101)->id, "george_robertson");
  EXPECT_EQ(first("ساركوزي"), "nicolas_sarkozy");
  EXPECT_EQ(first("يلتسين"), "boris_yeltsin");
  EXPECT_FALSE(Kb().RolesForTitleKey(KnowledgeBase::MatchKeyOf("وزير الخارجية")).empty());
}

// The match keys in the embedded blob were computed by kb_compile at build time: they must be what
// the running analyzer gives (a stale blob would silently stop aliases from matching).
TEST(KnowledgeBaseTest, BlobKeysAreTheRunningAnalyzers) {
  Result<internal::KbData> data = internal::ParseBlob(embedded::KbBlob("kb.bin"));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  internal::KbData fresh = *data;
  internal::ComputeMatchKeys(&fresh);
  ASSERT_EQ(fresh.alias_keys.size(), data->entities.size());
  for (size_t e = 0; e < data->entities.size(); ++e) {
    ASSERT_EQ(data->alias_keys[e], fresh.alias_keys[e]) << data->entities[e].id;
    ASSERT_EQ(data->alias_indexed[e], fresh.alias_indexed[e]) << data->entities[e].id;
  }
  size_t not_indexed = 0;
  for (const auto& flags : data->alias_indexed)
    not_indexed += std::count(flags.begin(), flags.end(), 0);
  EXPECT_LT(not_indexed, 200u);  // function-word aliases are the exception
  ASSERT_EQ(data->titles.size(), fresh.titles.size());
  for (size_t t = 0; t < data->titles.size(); ++t) {
    EXPECT_EQ(data->titles[t].key, fresh.titles[t].key) << data->titles[t].title_ar;
    EXPECT_FALSE(data->titles[t].key.empty()) << data->titles[t].title_ar;
  }
  // Latin names (session 14): every English label has one, the same the running analyzer makes.
  ASSERT_EQ(data->latin_names.size(), fresh.latin_names.size());
  for (size_t l = 0; l < data->latin_names.size(); ++l) {
    EXPECT_EQ(data->latin_names[l].key, fresh.latin_names[l].key);
    EXPECT_EQ(data->latin_names[l].entity, fresh.latin_names[l].entity);
    EXPECT_EQ(data->latin_names[l].kind, fresh.latin_names[l].kind);
  }
  EXPECT_GE(data->latin_names.size(), data->entities.size());
  const Entity* apple = Kb().Find("apple");
  ASSERT_NE(apple, nullptr);
  size_t apple_names = 0;
  for (const internal::LatinNameRow& l : data->latin_names) {
    if (l.entity == apple->index) {
      EXPECT_TRUE(l.key == "apple inc" || l.key == "apple") << l.key;
      ++apple_names;
    }
  }
  EXPECT_EQ(apple_names, 2u);
}

// AliasKeyOf keeps what MatchKeyOf gives for every alias, of the built-in KB and of one with a
// user file (whose entities come after the built-in ones).
TEST(KnowledgeBaseTest, AliasKeysAreTheAliasesMatchKeys) {
  Result<std::unique_ptr<KnowledgeBase>> user = KnowledgeBase::WithUserText(
      Kb(), "id\ttype\tlabel_en\taliases_ar\nnew_place\tLOC\tNew Place\tوادي المثال\n", "u.tsv");
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  for (const KnowledgeBase* kb : {&Kb(), static_cast<const KnowledgeBase*>(user->get())}) {
    size_t checked = 0;
    for (uint32_t i = 0; i < kb->size(); ++i) {
      const Entity& e = kb->entity(i);
      for (size_t a = 0; a < e.aliases_ar.size(); ++a) {
        ASSERT_EQ(kb->AliasKeyOf(i, a), KnowledgeBase::MatchKeyOf(e.aliases_ar[a])) << e.id;
        ++checked;
      }
    }
    EXPECT_GT(checked, 4000u);
  }
  const Entity* added = (*user)->Find("new_place");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ((*user)->AliasKeyOf(added->index, 0), KnowledgeBase::MatchKeyOf("وادي المثال"));
}

TEST(KnowledgeBaseTest, UserFileExtendsAndOverrides) {
  std::string tsv =
      "id\ttype\tsubtype\tlabel_en\tcountry\taliases_ar\troles\n"
      "mayor_x\tPER\tperson\tAhmed Example\tEG\tأحمد المثال\thead_of_government@EG:2030-01-01:\n"
      "local_council\tORG\tcouncil\tExample Local Council\tEG\tالمجلس المحلي لقرية المثال\t\n";
  Result<std::unique_ptr<KnowledgeBase>> kb = KnowledgeBase::WithUserText(Kb(), tsv, "watch.tsv");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  EXPECT_EQ((*kb)->size(), Kb().size() + 2);
  ASSERT_NE((*kb)->Find("mayor_x"), nullptr);
  EXPECT_EQ((*kb)->Lookup("وأحمد المثال").size(), 0u);  // proclitics are the linker's business
  EXPECT_EQ((*kb)->entity((*kb)->Lookup("أحمد المثال")[0].entity).id, "mayor_x");
  EXPECT_EQ((*kb)->ResolveRole("head_of_government", "EG", 20300505)->id, "mayor_x");
  EXPECT_NE((*kb)->Find("antony_blinken"), nullptr);
  // Errors name the file and line.
  Result<std::unique_ptr<KnowledgeBase>> bad = KnowledgeBase::WithUserText(
      Kb(), "id\ttype\tlabel_en\taliases_ar\nx\tPLANET\tX\tس\n", "w.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("w.tsv:2"), std::string::npos);
  EXPECT_FALSE(KnowledgeBase::WithUserFile(Kb(), "/nonexistent/kb.tsv").ok());
  // A directory is no file to read (it opens, but reads as nothing).
  Result<std::unique_ptr<KnowledgeBase>> dir = KnowledgeBase::WithUserFile(Kb(), "/tmp");
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.status().message().find("cannot read KB file '/tmp'"), std::string::npos)
      << dir.status().message();
}

// Several user files (`--kb a.tsv --kb b.tsv`): read in order into one KB, a later file refers
// to an earlier one's entities, and an id two files define is an error naming both rows.
TEST(KnowledgeBaseTest, UserFilesAddInOrderAndConflictsAreErrors) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("khabar_kb_files_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream((dir / name).string(), std::ios::binary) << text;
    return (dir / name).string();
  };
  const std::string a = write("a.tsv",
                              "id\ttype\tsubtype\tlabel_en\tcountry\taliases_ar\n"
                              "watch_council\tORG\tcouncil\tExample Council\tEG\tمجلس قرية المثال\n"
                              "antony_blinken\tPER\tperson\tAntony Blinken\tUS\tأنتوني بلينكن\n");
  const std::string b = write(
      "b.tsv",
      "id\ttype\tsubtype\tlabel_en\tcountry\tpart_of\taliases_ar\n"
      "watch_committee\tORG\tcommittee\tExample Committee\tEG\twatch_council\tلجنة قرية المثال\n");
  const std::string same_id = write(
      "c.tsv", "id\ttype\tlabel_en\taliases_ar\n\nwatch_council\tORG\tOther\tمجلس آخر للمثال\n");
  const std::string same_override =
      write("d.tsv", "id\ttype\tlabel_en\taliases_ar\nantony_blinken\tPER\tA. Blinken\tبلينكن\n");

  Result<std::unique_ptr<KnowledgeBase>> kb = KnowledgeBase::WithUserFiles(Kb(), {a, b});
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  EXPECT_EQ((*kb)->size(), Kb().size() + 2);
  ASSERT_NE((*kb)->Find("watch_committee"), nullptr);
  EXPECT_EQ((*kb)->Find("watch_committee")->part_of, "watch_council");
  EXPECT_FALSE(KnowledgeBase::WithUserFile(Kb(), b).ok());  // alone, its part_of is unknown
  EXPECT_EQ((*KnowledgeBase::WithUserFiles(Kb(), {}))->size(), Kb().size());

  Result<std::unique_ptr<KnowledgeBase>> clash = KnowledgeBase::WithUserFiles(Kb(), {a, same_id});
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().message(),
            same_id + ":3: duplicate id 'watch_council' (also at " + a + ":2)");
  // Both files replace the same built-in entity: a conflict too, not the last one winning.
  clash = KnowledgeBase::WithUserFiles(Kb(), {a, same_override});
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().message(),
            same_override + ":2: duplicate id 'antony_blinken' (also at " + a + ":3)");
  EXPECT_TRUE(KnowledgeBase::WithUserFiles(Kb(), {same_override}).ok());
  // A missing second file names that file.
  clash = KnowledgeBase::WithUserFiles(Kb(), {a, (dir / "missing.tsv").string()});
  ASSERT_FALSE(clash.ok());
  EXPECT_NE(clash.status().message().find("missing.tsv"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace khabar::kb
