// The shipped tagger: data/ner/model.tsv as compiled at build time (tools/ner_compile.cc,
// docs/ner.md "Compiled model"). Kept apart from model.cc so that the compiler, which links the
// rest of the NER library, does not need its own output.
#include <cstdio>
#include <cstdlib>

#include "embedded/NerData.h"
#include "embedded/NerModel.h"
#include "khabar/ner.h"
#include "ner/features.h"
#include "ner/model.h"

namespace khabar::ner {

const Tagger& Tagger::Default() {
  static const Tagger* tagger = [] {
    // The text stays embedded as the model's source (ToModelText); only the compiled form is read.
    Result<std::unique_ptr<Model>> m = Model::FromCompiled(embedded::NerModel("ner_model.bin"),
                                                           embedded::NerData("data/ner/model.tsv"));
    if (!m.ok()) {
      // The compiled model is written by the build and checked by the tests: a build bug.
      std::fprintf(stderr, "khabar: %s\n", m.status().ToString().c_str());
      std::abort();
    }
    internal::BuildAtomTables();
    return new Tagger(std::move(*m));
  }();
  return *tagger;
}

}  // namespace khabar::ner
