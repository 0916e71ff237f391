// The JSON Lines articles a benchmark runs on (header-only, for the programs in benchmarks/):
//
//   const std::vector<std::string>& lines = khabar::bench::JsonLines("KHABAR_BENCH_JSONL");
//
// The lines of the file named by the environment variable `env_var`, else of 300 articles that
// corpus_gen (beside the benchmark program) generates into a temporary file, removed after
// reading: --seed 7 --words 400. Empty when neither can be read.
#ifndef KHABAR_BENCHMARKS_BENCH_LINES_H_
#define KHABAR_BENCHMARKS_BENCH_LINES_H_

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace khabar::bench {

inline std::vector<std::string> JsonLines(const char* env_var) {
  std::vector<std::string> out;
  std::string path;
  const char* given = std::getenv(env_var);
  if (given != nullptr) {
    path = given;
  } else {
    char exe[4096];
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0) return out;
    std::string dir(exe, static_cast<size_t>(n));
    dir.resize(dir.rfind('/') + 1);
    path = "/tmp/khabar_bench_" + std::to_string(getpid()) + ".jsonl";
    const std::string cmd =
        dir + "corpus_gen --n 300 --seed 7 --words 400 --out " + path + " >/dev/null";
    if (std::system(cmd.c_str()) != 0) return out;
  }
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  if (given == nullptr) std::remove(path.c_str());
  return out;
}

}  // namespace khabar::bench

#endif  // KHABAR_BENCHMARKS_BENCH_LINES_H_
