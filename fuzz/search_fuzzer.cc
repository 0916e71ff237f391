// Fuzz target: a user query (and paging/filter values taken from its first bytes) through
// Corpus::Search on a small corpus made once: the query language, the FTS5 expression it builds,
// both search plans, khabar_bm25 and the snippets of khabar_mark. Any input must give results or a
// clear error, never a crash or an SQL error.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "khabar/store.h"

namespace {

std::filesystem::path* corpus_dir = nullptr;

void RemoveCorpus() {
  std::error_code ignored;
  std::filesystem::remove_all(*corpus_dir, ignored);
}

khabar::store::Corpus* MakeCorpus() {
  corpus_dir = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                         ("khabar_search_fuzz_" + std::to_string(::getpid())));
  const std::filesystem::path& dir = *corpus_dir;
  std::filesystem::create_directories(dir);
  std::atexit(RemoveCorpus);
  auto corpus = khabar::store::Corpus::Open((dir / "corpus.db").string());
  if (!corpus.ok()) std::abort();
  const char* const kTexts[] = {
      "أعلنت الوزارة، في بيان لها، أن وزارتها والوزارات الأخرى ستعمل 24 ساعة.",
      "القاهرة (أ ش أ) - قالَ الرئيـــس إنّ COVID-19 و5G «مهمّان» جداً!\nسطر ثانٍ www.youm7.com/x",
      "مجلس الأمن الدولي يناقش الوضع في غزة ورفح، والأمم المتحدة تدعو إلى وقف إطلاق النار",
      "#مصر_اليوم @user 😀 $100 + 3.5% ، ؟ نهاية النص هنا",
  };
  int i = 0;
  for (const char* text : kTexts) {
    for (int copy = 0; copy < 3; ++copy, ++i) {
      khabar::ArticleRecord r;
      r.source.url = "https://site" + std::to_string(i % 3) + ".com/a/" + std::to_string(i);
      r.source.site = "site" + std::to_string(i % 3) + ".com";
      r.id = "fuzz" + std::to_string(i);
      r.title = std::string(text).substr(0, 40);
      r.paragraphs = {text, "فقرة أخرى رقم " + std::to_string(i)};
      r.published = "202" + std::to_string(i % 4) + "-0" + std::to_string(1 + i % 9) + "-15T10:00";
      if (!(*corpus)->Put(r).ok()) std::abort();
    }
  }
  return corpus->release();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static khabar::store::Corpus* corpus = MakeCorpus();
  if (size < 2 || size > 4096) return 0;
  const uint8_t flags = data[0], paging = data[1];
  khabar::store::SearchQuery q;
  q.text.assign(reinterpret_cast<const char*>(data) + 2, size - 2);
  q.limit = 1 + paging % 20;
  q.offset = (paging / 20) % 4;
  q.collapse_duplicates = (flags & 1) != 0;
  q.facets = (flags & 2) != 0;
  if (flags & 4) q.sources = {"site1.com"};
  if (flags & 8) q.sources.push_back("https://site2.com/a/");
  if (flags & 16) q.from = "2021";
  if (flags & 32) q.to = "2022-05";
  (void)corpus->Search(q);
  return 0;
}
