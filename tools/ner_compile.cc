// ner_compile MODEL.tsv OUT.bin
//
// Build-time compiler of the NER model (docs/ner.md "Compiled model"): parses the text model that
// `khabar train ner` writes (data/ner/model.tsv, the diff-friendly source) and writes the records
// and scalars the tagger keeps in memory, which src/ner/default_model.cc embeds and loads without
// parsing. Exit status 1 with a message on any error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "ner/model.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: ner_compile MODEL.tsv OUT.bin\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "ner_compile: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  khabar::Result<std::unique_ptr<khabar::ner::Model>> model = khabar::ner::Model::Parse(text.str());
  if (!model.ok()) {
    std::cerr << "ner_compile: " << argv[1] << ": " << model.status().ToString() << "\n";
    return 1;
  }
  const std::string blob = (*model)->Compile();
  // Written whole or not at all: a half-written file must not look up to date to the build.
  const std::string tmp = std::string(argv[2]) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    if (!out) {
      std::cerr << "ner_compile: cannot write " << tmp << "\n";
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), argv[2]) != 0) {
    std::cerr << "ner_compile: cannot rename " << tmp << " to " << argv[2] << "\n";
    return 1;
  }
  return 0;
}
