// Makes the entropy tables of the records' zstd dictionary (data/store/record-zstd-tables-v1.txt,
// docs/storage.md "Size"): zstd's ZDICT_finalizeDictionary over the preset dictionary
// data/store/record-dictionary-v1.txt as content and the uncompressed records of a khabar
// database as samples, at the level records are written with. Prints the data file: the
// dictionary's header (magic, id, tables, repeat offsets) as hex, 32 bytes a line.
//
//   corpus_gen --n 3000 --seed 7 --words 400 > g.jsonl
//   khabar ingest g.jsonl --db g.db
//   record_zstd_tables --db g.db --samples 1000 > data/store/record-zstd-tables-v1.txt
//
// The file is frozen once records are written with it (frames name the dictionary by its id): a
// better one is a new file with a new id, and a new layout.
#include <sqlite3.h>
#include <zdict.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "khabar/status.h"
#include "store/record_codec.h"

namespace {

constexpr unsigned kDictionaryId = 0x4B523031;  // record_codec.cc, kZstdDictionaryId
constexpr int kLevel = 3;                       // record_codec.cc, kZstdLevel

// record_codec.cc's Dictionary(): the non-comment lines joined by single spaces.
std::string PresetDictionary() {
  std::ifstream in(std::string(KHABAR_SOURCE_DIR) + "/data/store/record-dictionary-v1.txt");
  std::string bytes, line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!bytes.empty()) bytes += ' ';
    bytes += line;
  }
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  int samples = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db") {
      db_path = argv[i + 1];
    } else if (flag == "--samples") {
      samples = std::atoi(argv[i + 1]);
    }
  }
  if (db_path.empty() || samples <= 0) {
    std::cerr << "usage: record_zstd_tables --db KHABAR_DB [--samples N]\n";
    return 2;
  }
  const std::string content = PresetDictionary();
  if (content.empty()) {
    std::cerr << "record_zstd_tables: cannot read data/store/record-dictionary-v1.txt\n";
    return 1;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::cerr << "record_zstd_tables: cannot open " << db_path << "\n";
    return 1;
  }
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT record FROM articles ORDER BY rowid LIMIT ?1", -1, &st, nullptr);
  sqlite3_bind_int(st, 1, samples);
  std::string joined;
  std::vector<size_t> sizes;
  while (st != nullptr && sqlite3_step(st) == SQLITE_ROW) {
    const std::string_view blob(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                                static_cast<size_t>(sqlite3_column_bytes(st, 0)));
    khabar::Result<std::string> raw = khabar::store::UnpackRaw(blob);
    if (!raw.ok()) {
      std::cerr << "record_zstd_tables: " << raw.status().ToString() << "\n";
      return 1;
    }
    joined += *raw;
    sizes.push_back(raw->size());
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (sizes.empty()) {
    std::cerr << "record_zstd_tables: no articles in " << db_path << "\n";
    return 1;
  }
  ZDICT_params_t params{};
  params.compressionLevel = kLevel;
  params.dictID = kDictionaryId;
  std::string dictionary(content.size() + 4096, '\0');
  const size_t n = ZDICT_finalizeDictionary(dictionary.data(), dictionary.size(), content.data(),
                                            content.size(), joined.data(), sizes.data(),
                                            static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(n) || n <= content.size() ||
      dictionary.compare(n - content.size(), content.size(), content) != 0) {
    std::cerr << "record_zstd_tables: zstd could not make the dictionary\n";
    return 1;
  }
  const size_t header = n - content.size();
  std::printf(
      "# FROZEN: never edit this file. The header of the zstd dictionary of stored records "
      "(schema\n"
      "# version 6, docs/storage.md \"Size\"): magic, dictionary id 0x%08X, entropy tables and "
      "repeat\n"
      "# offsets, as hex; the dictionary is these bytes followed by record-dictionary-v1.txt as "
      "record_codec.cc\n"
      "# joins it. Made by benchmarks/record_zstd_tables.cc (level %d) from %zu uncompressed "
      "records of\n"
      "# `corpus_gen --n 3000 --seed 7 --words 400` ingested with entities. record_codec_test "
      "pins it.\n",
      kDictionaryId, kLevel, sizes.size());
  for (size_t i = 0; i < header; ++i) {
    std::printf("%02x%s", static_cast<unsigned char>(dictionary[i]),
                (i + 1) % 32 == 0 || i + 1 == header ? "\n" : "");
  }
  return 0;
}
