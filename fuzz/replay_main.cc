// Driver that stands in for libFuzzer when khabar is built without clang's fuzzer runtime: it feeds
// LLVMFuzzerTestOneInput every file of the seed corpus, then deterministic mutations of each (byte
// flips, truncations, duplications, splices with hostile snippets), so every build and every sanitizer
// run exercises the fuzz targets. Usage: fuzz_x CORPUS_DIR [ROUNDS]
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void Run(const std::string& s) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

const char* const kSnippets[] = {
    "\xFF", "\xC3", "\xE2\x80", "\xF0\x9F\x98", "\0", "\u0651\u0651\u0651\u0651\u0651\u0651",
    "\u200F\u202B\u2066", "<<<<", "]]]", "{\"a\":", "\r\n\r\n", "٣٫٥", "ـــــ", "/أ ش أ/",
    "WARC/1.0\r\n", "\x1F\x8B\x08", "99999999999999999999", "-", "،", "ة"};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR [ROUNDS]\n";
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 200;
  std::vector<std::string> seeds;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    seeds.push_back(ss.str());
  }
  if (seeds.empty()) {
    std::cerr << "no seed files in " << argv[1] << "\n";
    return 1;
  }
  std::mt19937_64 rng(42);
  size_t runs = 0;
  Run("");
  for (const std::string& seed : seeds) {
    Run(seed);
    ++runs;
    for (int r = 0; r < rounds; ++r) {
      std::string s = seed;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
        switch (rng() % 6) {
          case 0: if (!s.empty()) s[pos % s.size()] ^= static_cast<char>(1u << (rng() % 8)); break;
          case 1: s.resize(pos); break;
          case 2: s.insert(pos, kSnippets[rng() % (sizeof kSnippets / sizeof *kSnippets)]); break;
          case 3: if (s.size() < (1u << 20)) s += s.substr(pos); break;
          case 4: s.insert(pos, std::string(1 + rng() % 5000, static_cast<char>(rng()))); break;
          case 5: s.insert(pos, seeds[rng() % seeds.size()]); break;
        }
      }
      Run(s);
      ++runs;
    }
  }
  std::cout << runs << " inputs ran without a crash\n";
  return 0;
}
