// `khabar ner`, `khabar train ner` and `khabar eval ner` (docs/ner.md).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "khabar/input.h"
#include "khabar/ner.h"

namespace khabar::cli {

namespace {

using ner::ConllSentence;

Result<std::vector<ConllSentence>> ReadConllFile(const std::string& path, bool require_tags) {
  Result<std::string> bytes = ReadInput(path);
  if (!bytes.ok()) return bytes.status();
  ner::ConllReadOptions opt;
  opt.require_tags = require_tags;
  Result<std::vector<ConllSentence>> r = ner::ReadConll(*bytes, opt);
  if (!r.ok()) return Status(r.status().code(), path + ": " + r.status().message());
  return r;
}

CLI::App* SubcommandOf(CLI::App& app, const std::string& name, const std::string& description) {
  // `train` and `eval` may be shared with other modules' subcommands.
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  CLI::App* sub = app.add_subcommand(name, description);
  sub->require_subcommand(1);
  return sub;
}

nlohmann::json MentionJson(const ner::Mention& m) {
  return {{"paragraph", m.paragraph},
          {"begin", m.begin},
          {"end", m.end},
          {"text", m.text},
          {"type", std::string(ner::EntityTypeName(m.type))},
          {"id", m.id},
          {"label_en", m.label_en},
          {"qid", m.qid},
          {"confidence", std::round(m.confidence * 1000) / 1000},
          {"source", m.source}};
}

// Adds "entities" and "entity_counts" to a record object that has "paragraphs".
void AddEntities(const ner::Recognizer& recognizer, nlohmann::json* record) {
  std::vector<std::string> paragraphs;
  if (auto it = record->find("paragraphs"); it != record->end() && it->is_array()) {
    for (const auto& p : *it) paragraphs.push_back(p.is_string() ? p.get<std::string>() : "");
  }
  std::vector<ner::Mention> mentions = recognizer.Recognize(paragraphs);
  nlohmann::json entities = nlohmann::json::array();
  for (const ner::Mention& m : mentions) entities.push_back(MentionJson(m));
  nlohmann::json counts = nlohmann::json::array();
  for (const ner::EntityCount& c : ner::CountEntities(mentions)) {
    counts.push_back({{"id", c.id},
                      {"text", c.text},
                      {"type", std::string(ner::EntityTypeName(c.type))},
                      {"label_en", c.label_en},
                      {"qid", c.qid},
                      {"count", c.count}});
  }
  (*record)["entities"] = std::move(entities);
  (*record)["entity_counts"] = std::move(counts);
}

std::string Dump(const nlohmann::json& j, bool pretty) {
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// {"source":{"path":…,"locator":…},"error":…} as in docs/record-format.md.
std::string ErrorJson(const std::string& path, const std::string& locator, const std::string& error,
                      bool pretty) {
  return Dump({{"source", {{"path", path}, {"locator", locator}}}, {"error", error}}, pretty);
}

struct NerOptions {
  IoOptions io;
  bool conll = false;
};

int RunNer(const NerOptions& opt) {
  Result<std::vector<std::string>> files = ExpandInputs(opt.io.inputs);
  if (!files.ok()) {
    std::cerr << "khabar ner: " << files.status().ToString() << "\n";
    return 2;
  }
  RunSummary summary;
  if (opt.conll) {
    const ner::Tagger& tagger = ner::Tagger::Default();
    for (const std::string& path : *files) {
      ++summary.inputs;
      Result<std::vector<ConllSentence>> sents = ReadConllFile(path, false);
      if (!sents.ok()) {
        std::cerr << "khabar ner: " << sents.status().ToString() << "\n";
        ++summary.failures;
        continue;
      }
      std::vector<std::vector<ner::Tag>> tags = ner::TagSentences(tagger, *sents);
      std::cout << ner::WriteConll(*sents, tags);
      summary.records += sents->size();
    }
    std::cout.flush();
    std::cerr << "khabar ner --conll: " << summary.inputs << " inputs read, " << summary.records
              << " sentences tagged, " << summary.failures << " failed\n";
    return summary.ExitCode();
  }
  const ner::Recognizer& recognizer = ner::Recognizer::Default();
  for (const std::string& path : *files) {
    ++summary.inputs;
    Result<std::string> bytes = ReadInput(path);
    if (!bytes.ok()) {
      std::cout << ErrorJson(path, "", bytes.status().ToString(), opt.io.pretty) << "\n";
      ++summary.failures;
      continue;
    }
    std::string_view text = *bytes;
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{') {
      // JSON Lines records (from `khabar parse`): add entities to each.
      size_t pos = 0, line_no = 0;
      while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        nlohmann::json rec = nlohmann::json::parse(line, nullptr, false);
        if (rec.is_discarded() || !rec.is_object()) {
          std::cout << ErrorJson(path, "line " + std::to_string(line_no), "invalid JSON record",
                                 opt.io.pretty)
                    << "\n";
          ++summary.failures;
          continue;
        }
        if (!rec.contains("error")) AddEntities(recognizer, &rec);
        std::cout << Dump(rec, opt.io.pretty) << "\n";
        ++summary.records;
      }
      continue;
    }
    // Plain text: every non-blank line is a paragraph (run `khabar parse` first for article
    // structure).
    nlohmann::json j = {{"source", {{"path", path}}}, {"paragraphs", nlohmann::json::array()}};
    for (size_t pos = 0; pos < text.size();) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view line = text.substr(pos, nl - pos);
      pos = nl + 1;
      const size_t b = line.find_first_not_of(" \t\r"), e = line.find_last_not_of(" \t\r");
      if (b == std::string_view::npos) continue;
      j["paragraphs"].push_back(std::string(line.substr(b, e - b + 1)));
    }
    AddEntities(recognizer, &j);
    std::cout << Dump(j, opt.io.pretty) << "\n";
    ++summary.records;
  }
  std::cout.flush();
  summary.Print("ner");
  return summary.ExitCode();
}

struct TrainOptions {
  std::string train;
  std::string out;
  int epochs = 15;
  double holdout = 0.0;
  int min_count = 1;
  int folds = 0;
  bool retrain_all = false;
};

// K-fold cross-validation over contiguous blocks of sentences (documents stay together): prints
// each fold's micro F1 and the pooled evaluation.
int RunCrossValidation(const std::vector<ConllSentence>& data, const ner::TrainOptions& topt,
                       int folds) {
  ner::Evaluation pooled;
  const size_t n = data.size();
  for (int k = 0; k < folds; ++k) {
    const size_t b = n * k / folds, e = n * (k + 1) / folds;
    std::vector<ConllSentence> train(data.begin(), data.begin() + b);
    train.insert(train.end(), data.begin() + e, data.end());
    std::span<const ConllSentence> test(data.data() + b, e - b);
    Result<ner::Tagger> tagger = ner::Train(train, topt);
    if (!tagger.ok()) {
      std::cerr << "khabar train ner: " << tagger.status().ToString() << "\n";
      return 1;
    }
    std::vector<std::vector<ner::Tag>> pred = ner::TagSentences(*tagger, test);
    ner::Evaluation eval;
    for (size_t i = 0; i < test.size(); ++i) {
      eval.Add(test[i].tags, pred[i]);
      pooled.Add(test[i].tags, pred[i]);
    }
    std::printf("fold %d (sentences %zu-%zu): P %.4f R %.4f F1 %.4f\n", k + 1, b + 1, e,
                eval.overall.Precision(), eval.overall.Recall(), eval.overall.F1());
    std::fflush(stdout);
  }
  std::cout << folds << "-fold cross-validation, pooled:\n" << pooled.ToString();
  return 0;
}

void PrintEpoch(int epoch, double accuracy, void*) {
  std::fprintf(stderr, "  epoch %d: training token accuracy %.4f\n", epoch, accuracy);
}

int RunTrain(const TrainOptions& opt) {
  Result<std::vector<ConllSentence>> data = ReadConllFile(opt.train, true);
  if (!data.ok()) {
    std::cerr << "khabar train ner: " << data.status().ToString() << "\n";
    return 1;
  }
  if (opt.holdout < 0 || opt.holdout >= 1) {
    std::cerr << "khabar train ner: --holdout must be in [0, 1)\n";
    return 2;
  }
  ner::TrainOptions topt;
  topt.epochs = opt.epochs;
  topt.min_feature_count = opt.min_count;
  if (opt.folds > 1) return RunCrossValidation(*data, topt, opt.folds);
  topt.on_epoch = PrintEpoch;
  const size_t n = data->size();
  const size_t n_train = n - static_cast<size_t>(opt.holdout * n);
  std::span<const ConllSentence> train(data->data(), n_train);
  std::span<const ConllSentence> test(data->data() + n_train, n - n_train);
  std::fprintf(stderr, "khabar train ner: %zu training sentences, %zu held out (the last ones)\n",
               train.size(), test.size());
  auto t0 = std::chrono::steady_clock::now();
  Result<ner::Tagger> tagger = ner::Train(train, topt);
  if (!tagger.ok()) {
    std::cerr << "khabar train ner: " << tagger.status().ToString() << "\n";
    return 1;
  }
  auto t1 = std::chrono::steady_clock::now();
  std::fprintf(stderr, "trained in %.1f s, %zu features\n",
               std::chrono::duration<double>(t1 - t0).count(), tagger->num_features());
  if (!test.empty()) {
    std::vector<std::vector<ner::Tag>> pred = ner::TagSentences(*tagger, test);
    ner::Evaluation eval;
    size_t tokens = 0;
    for (size_t i = 0; i < test.size(); ++i) {
      eval.Add(test[i].tags, pred[i]);
      tokens += test[i].tokens.size();
    }
    auto t2 = std::chrono::steady_clock::now();
    std::cout << "held-out evaluation (last " << test.size() << " sentences):\n" << eval.ToString();
    std::fprintf(stderr, "tagged %zu tokens in %.3f s\n", tokens,
                 std::chrono::duration<double>(t2 - t1).count());
  }
  if (opt.retrain_all && !test.empty()) {
    std::fprintf(stderr, "retraining on all %zu sentences\n", n);
    tagger = ner::Train(*data, topt);
    if (!tagger.ok()) {
      std::cerr << "khabar train ner: " << tagger.status().ToString() << "\n";
      return 1;
    }
  }
  if (!opt.out.empty()) {
    std::ofstream out(opt.out, std::ios::binary);
    const std::string text = tagger->ToModelText();
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
      std::cerr << "khabar train ner: cannot write " << opt.out << "\n";
      return 1;
    }
    std::fprintf(stderr, "wrote %s (%zu bytes)\n", opt.out.c_str(), text.size());
  }
  return 0;
}

int RunEval(const std::string& gold_path, const std::string& pred_path) {
  Result<std::vector<ConllSentence>> gold = ReadConllFile(gold_path, true);
  Result<std::vector<ConllSentence>> pred = ReadConllFile(pred_path, true);
  for (const auto* r : {&gold, &pred}) {
    if (!r->ok()) {
      std::cerr << "khabar eval ner: " << r->status().ToString() << "\n";
      return 1;
    }
  }
  Result<ner::Evaluation> e = ner::EvaluateConll(*gold, *pred);
  if (!e.ok()) {
    std::cerr << "khabar eval ner: " << e.status().ToString() << "\n";
    return 1;
  }
  std::cout << e->ToString();
  return 0;
}

}  // namespace

void AddNerCommand(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<NerOptions>();  // shared with the callback: lives as long as the app
  CLI::App* cmd = app.add_subcommand(
      "ner",
      "Find, type and link named entities: adds \"entities\" and \"entity_counts\" to records");
  AddIoOptions(cmd, &opt->io);
  cmd->add_flag(
      "--conll", opt->conll,
      "Read CoNLL `TOKEN [TAG]` lines and write `TOKEN TAG` with khabar's IOB2 prediction");
  cmd->callback([opt, exit_code] { *exit_code = RunNer(*opt); });
}

void AddTrainCommand(CLI::App& app, int* exit_code) {
  CLI::App* train = SubcommandOf(app, "train", "Train khabar's statistical models");
  auto opt = std::make_shared<TrainOptions>();
  CLI::App* cmd = train->add_subcommand(
      "ner", "Train the NER tagger on a CoNLL IOB2 file (averaged structured perceptron)");
  cmd->add_option("train", opt->train,
                  "Training file (TOKEN TAG lines, blank line between sentences)")
      ->required();
  cmd->add_option("--out", opt->out, "Write the model here (text format of docs/ner.md)");
  cmd->add_option("--epochs", opt->epochs, "Passes over the training data")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--holdout", opt->holdout,
                  "Fraction of sentences (the last ones) held out and scored after training");
  cmd->add_option("--min-count", opt->min_count, "Drop features seen fewer times than this");
  cmd->add_flag(
      "--retrain-all", opt->retrain_all,
      "After scoring the held-out part, train again on all sentences and write that model");
  cmd->callback([opt, exit_code] { *exit_code = RunTrain(*opt); });
}

void AddEvalCommand(CLI::App& app, int* exit_code) {
  CLI::App* eval = SubcommandOf(app, "eval", "Score khabar's output against gold data");
  auto files = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* cmd = eval->add_subcommand(
      "ner", "Entity-level precision, recall and F1 (conlleval semantics) of PRED against GOLD");
  cmd->add_option("gold", files->first, "Gold CoNLL file")->required();
  cmd->add_option("pred", files->second, "Predicted CoNLL file (same tokens)")->required();
  cmd->callback([files, exit_code] { *exit_code = RunEval(files->first, files->second); });
}

}  // namespace khabar::cli
