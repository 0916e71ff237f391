// `khabar analyze INPUT...`: runs the text analyzer (docs/analyzer.md) and writes one JSON object
// per document: sentences, and per token its offsets, kind, clean form, match key, stem and clitic
// segmentation.
//
// A plain-text input (any encoding DecodeToUtf8 detects) is one document. An input whose first
// non-blank line is a JSON object with "paragraphs" (array of strings), "content" or "text" is read
// as JSON Lines: one document per line, its text being the title and the paragraphs joined by a
// blank line ("\n\n"); offsets index that text.
#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "khabar/encoding.h"
#include "khabar/input.h"
#include "khabar/text.h"

namespace khabar::cli {
namespace {

using Json = nlohmann::ordered_json;

void Print(const Json& j, bool pretty) {
  std::cout << j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
}

// The text of one JSON Lines record, or false when the line is not a record khabar reads.
bool RecordText(const Json& record, std::string* text) {
  if (!record.is_object()) return false;
  text->clear();
  auto append = [&](const Json& v) {
    if (!v.is_string()) return;
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty()) return;
    if (!text->empty()) text->append("\n\n");
    text->append(s);
  };
  if (record.contains("title")) append(record["title"]);
  if (record.contains("paragraphs") && record["paragraphs"].is_array()) {
    for (const Json& p : record["paragraphs"]) append(p);
    return true;
  }
  for (const char* field : {"content", "text"}) {
    if (record.contains(field) && record[field].is_string()) {
      append(record[field]);
      return true;
    }
  }
  return false;
}

Json AnalyzeDocument(const std::string& source, std::string_view text) {
  const text::Analyzer& analyzer = text::Analyzer::Default();
  Json doc;
  doc["source"] = source;
  Json sentences = Json::array();
  for (const text::Sentence& s : text::SplitSentences(text)) {
    Json js;
    js["begin"] = s.char_begin;
    js["end"] = s.char_end;
    js["text"] = std::string(text.substr(s.byte_begin, s.byte_end - s.byte_begin));
    sentences.push_back(std::move(js));
  }
  doc["sentences"] = std::move(sentences);
  Json tokens = Json::array();
  analyzer.Analyze(text, [&](const text::TokenAnalysis& t) {
    Json jt;
    jt["surface"] = std::string(t.token.surface);
    jt["begin"] = t.token.char_begin;
    jt["end"] = t.token.char_end;
    jt["byte_begin"] = t.token.byte_begin;
    jt["byte_end"] = t.token.byte_end;
    jt["kind"] = std::string(text::TokenKindName(t.token.kind));
    jt["clean"] = std::string(t.clean);
    jt["key"] = std::string(t.key);
    jt["stem"] = std::string(t.stem);
    jt["segments"] = {{"proclitics", std::string(t.proclitics)},
                      {"base", std::string(t.base)},
                      {"enclitic", std::string(t.enclitic)}};
    if (t.stopword) jt["stopword"] = true;
    tokens.push_back(std::move(jt));
  });
  doc["tokens"] = std::move(tokens);
  return doc;
}

bool LooksLikeJsonLines(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

int Run(const IoOptions& io) {
  RunSummary summary;
  auto fail = [&](const std::string& source, const std::string& error) {
    Json j;
    j["source"] = source;
    j["error"] = error;
    Print(j, io.pretty);
    ++summary.failures;
  };
  auto files = ExpandInputs(io.inputs);
  if (!files.ok()) {
    std::cerr << "khabar analyze: " << files.status().message() << "\n";
    return 2;
  }
  for (const std::string& path : *files) {
    ++summary.inputs;
    auto bytes = ReadInput(path);
    if (!bytes.ok()) {
      fail(path, bytes.status().message());
      continue;
    }
    auto decoded = DecodeToUtf8(*bytes);
    if (!decoded.ok()) {
      fail(path, "not text: " + decoded.status().message());
      continue;
    }
    const std::string& text = decoded->utf8;
    bool records = false;
    if (LooksLikeJsonLines(text)) {
      size_t line_no = 0, pos = 0;
      std::string doc_text;
      while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        const std::string_view line = std::string_view(text).substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::string source = path + ":" + std::to_string(line_no);
        Json record = Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (record.is_discarded() || !RecordText(record, &doc_text)) {
          if (!records) break;  // not JSON Lines after all: analyze as plain text
          fail(source, "not a JSON object with paragraphs, content or text");
          continue;
        }
        records = true;
        Print(AnalyzeDocument(source, doc_text), io.pretty);
        ++summary.records;
      }
    }
    if (!records) {
      Print(AnalyzeDocument(path, text), io.pretty);
      ++summary.records;
    }
  }
  summary.Print("analyze");
  return summary.ExitCode();
}

}  // namespace

void AddAnalyzeCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<IoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Tokens, sentences, clean form, match key, stem and clitics of Arabic text (plain text, "
      "or JSON Lines records with paragraphs/content/text)");
  AddIoOptions(cmd, options.get());
  cmd->callback([options, exit_code] { *exit_code = Run(*options); });
}

}  // namespace khabar::cli
