// The shipped tagger: data/ner/model.tsv as compiled at build time (tools/ner_compile.cc,
// docs/ner.md "Compiled model"). Kept apart from model.cc so that the compiler, which links the
// rest of the NER library, does not need its own output.
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <thread>

#include "embedded/NerData.h"
#include "embedded/NerModel.h"
#include "khabar/ner.h"
#include "ner/features.h"
#include "ner/model.h"

namespace khabar::ner {

const Tagger& Tagger::Default() {
  static const Tagger* tagger = [] {
    // The gazetteer's tables (the knowledge base and two tables from it: two thirds of the load)
    // are built on a second thread while this one reads the model and the trigger words: the load
    // is on the critical path of the first articles (and most of `khabar ner` on one article).
    // Without a thread, in line (BuildAtomTables below).
    std::thread tables;
    try {
      tables = std::thread(internal::BuildGazetteerTables);
    } catch (const std::system_error&) {
    }
    // The text stays embedded as the model's source (ToModelText); only the compiled form is read.
    Result<std::unique_ptr<Model>> m = Model::FromCompiled(embedded::NerModel("ner_model.bin"),
                                                           embedded::NerData("data/ner/model.tsv"));
    if (!m.ok()) {
      // The compiled model is written by the build and checked by the tests: a build bug.
      std::fprintf(stderr, "khabar: %s\n", m.status().ToString().c_str());
      std::abort();
    }
    // The trigger words, then the gazetteer's tables waited for (thread-safe statics).
    internal::BuildAtomTables();
    if (tables.joinable()) tables.join();
    return new Tagger(std::move(*m));
  }();
  return *tagger;
}

}  // namespace khabar::ner
