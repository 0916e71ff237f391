// `khabar ner`, `khabar train ner` and `khabar eval ner` (docs/ner.md).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "cli/command.h"
#include "cli/entity_options.h"
#include "khabar/documents.h"
#include "khabar/encoding.h"
#include "khabar/input.h"
#include "khabar/kb.h"
#include "khabar/ner.h"
#include "khabar/pipeline.h"
#include "khabar/record.h"

namespace khabar::cli {

namespace {

using ner::ConllSentence;

// The text of a CoNLL file; a gzip file (train.txt.gz) is decompressed as every input is.
Result<std::string> ReadConllBytes(const std::string& path) {
  Result<std::string> bytes = ReadInput(path);
  if (!bytes.ok() || !(bytes->size() >= 2 && static_cast<unsigned char>((*bytes)[0]) == 0x1f &&
                       static_cast<unsigned char>((*bytes)[1]) == 0x8b)) {
    return bytes;
  }
  ReaderOptions options;
  options.format = InputFormat::kText;  // one document: the whole file
  options.max_document_bytes = size_t{1} << 31;
  std::unique_ptr<DocumentReader> reader = DocumentReader::FromMemory(path, *bytes, options);
  InputDocument doc;
  if (!reader->Next(&doc)) return std::string();
  if (!doc.error.ok()) return Status(doc.error.code(), path + ": " + doc.error.message());
  return std::move(doc.bytes);
}

// A CoNLL file's text as UTF-8: in `encoding` when one is given (`ner --conll --encoding
// windows-1256`), else decoded only when a UTF-16 or UTF-32 byte-order mark says so (a file saved
// by Notepad); any other file must be UTF-8, checked line by line by ReadConll.
Result<std::string> ConllText(const std::string& path, const std::string& encoding) {
  Result<std::string> bytes = ReadConllBytes(path);
  if (!bytes.ok()) return bytes;
  const std::string_view b = *bytes;
  const bool utf16_or_32 = b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF") ||
                           b.starts_with(std::string_view("\0\0\xFE\xFF", 4));
  if (encoding.empty() && !utf16_or_32) return bytes;
  DecodeOptions decode;
  decode.encoding = encoding;
  Result<DecodedText> text = DecodeToUtf8(b, decode);
  if (!text.ok()) return Status(text.status().code(), path + ": " + text.status().message());
  return std::move(text->utf8);
}

Result<std::vector<ConllSentence>> ReadConllFile(
    const std::string& path, bool require_tags,
    std::vector<ner::ConllDocStart>* doc_starts = nullptr, const std::string& encoding = "") {
  Result<std::string> bytes = ConllText(path, encoding);
  if (!bytes.ok()) return bytes.status();
  ner::ConllReadOptions opt;
  opt.require_tags = require_tags;
  Result<std::vector<ConllSentence>> r = ner::ReadConll(*bytes, opt, doc_starts);
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

struct NerOptions {
  IoOptions io;
  PipelineCliOptions pipeline;
  bool conll = false;
  // --kb FILE (repeatable): the user's own entities, added to the built-in KB.
  std::vector<std::string> kb;
  std::string model;  // --model FILE (with --conll): a model file instead of the built-in one
  bool model_given = false;  // --model was given (also as "")
};

int RunNer(const NerOptions& opt) {
  Result<std::vector<std::string>> files = ExpandInputs(opt.io.inputs);
  if (!files.ok()) {
    std::cerr << "khabar ner: " << files.status().ToString() << "\n";
    return 2;
  }
  RunSummary summary;
  // Options of the other mode would be ignored without a word: the user believes them applied.
  if (!opt.conll && opt.model_given) {
    std::cerr << "khabar ner: --model works with --conll only (records are tagged with the "
                 "shipped model, which the knowledge base's linking is tuned to)\n";
    return 2;
  }
  if (opt.conll && !opt.kb.empty()) {
    std::cerr << "khabar ner: --kb does not apply to --conll (the tagger alone, no linking)\n";
    return 2;
  }
  if (opt.conll) {
    const PipelineCliOptions& p = opt.pipeline;
    const char* record_only = !p.map.empty()       ? "--map"
                              : p.format != "auto" ? "--format"
                              : !p.tz.empty()      ? "--tz"
                              : !p.site.empty()    ? "--site"
                              : opt.io.pretty      ? "--pretty"
                                                   : nullptr;
    if (record_only != nullptr) {
      std::cerr << "khabar ner: " << record_only
                << " applies to records, not to --conll (TOKEN TAG lines)\n";
      return 2;
    }
    if (!p.encoding.empty()) {
      DecodeOptions decode;
      decode.encoding = p.encoding;
      if (Result<DecodedText> t = DecodeToUtf8("", decode); !t.ok()) {
        std::cerr << "khabar ner: --encoding: " << t.status().message() << "\n";
        return 2;
      }
    }
  }
  if (opt.conll) {
    std::optional<ner::Tagger> own;
    if (opt.model_given) {
      // gzip-aware, as the CoNLL files (a model kept as model.tsv.gz); a directory or "" (an
      // unset shell variable) is no model, not the shipped one.
      std::error_code ec;
      Result<std::string> text =
          opt.model.empty() ? Result<std::string>(Status::IoError("empty path"))
          : std::filesystem::is_directory(opt.model, ec)
              ? Result<std::string>(Status::IoError("cannot read " + opt.model + ": a directory"))
              : ReadConllBytes(opt.model);
      Result<ner::Tagger> t =
          text.ok() ? ner::Tagger::FromModelText(*text) : Result<ner::Tagger>(text.status());
      if (!t.ok()) {
        std::cerr << "khabar ner: --model: " << t.status().ToString() << "\n";
        return 2;
      }
      own.emplace(std::move(*t));
    }
    const ner::Tagger& tagger = own ? *own : ner::Tagger::Default();
    for (const std::string& path : *files) {
      ++summary.inputs;
      std::vector<ner::ConllDocStart> doc_starts;  // echoed; the document pass stops at them
      Result<std::vector<ConllSentence>> sents =
          ReadConllFile(path, false, &doc_starts, opt.pipeline.encoding);
      if (!sents.ok()) {
        std::cerr << "khabar ner: " << sents.status().ToString() << "\n";
        ++summary.failures;
        continue;
      }
      std::vector<std::vector<ner::Tag>> tags = ner::TagSentences(tagger, *sents, doc_starts);
      std::cout << ner::WriteConll(*sents, tags, doc_starts);
      summary.records += sents->size();
    }
    std::cout.flush();
    std::cerr << "khabar ner --conll: " << summary.inputs << " inputs read, " << summary.records
              << " sentences tagged, " << summary.failures << " failed\n";
    return summary.ExitCode();
  }
  // Records (text, HTML, WARC, JSON Lines exports, or `khabar parse` output read back as it is)
  // through the pipeline, entities found in its worker threads: one code path with ingest.
  Result<pipeline::PipelineOptions> options = ToPipelineOptions(opt.pipeline);
  if (!options.ok()) {
    std::cerr << "khabar ner: " << options.status().message() << "\n";
    return 2;
  }
  Result<std::unique_ptr<EntityRecognizer>> recognizer = EntityRecognizer::Load(opt.kb);
  if (!recognizer.ok()) {
    std::cerr << "khabar ner: --kb: " << recognizer.status().ToString() << "\n";
    return 2;
  }
  options->entities = true;
  options->recognizer = (*recognizer)->get();
  auto write_line = [](const std::string& json) {
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fputc('\n', stdout);
  };
  pipeline::PipelineStats stats;
  Status run = pipeline::Run(
      *files, *options,
      [&](const pipeline::Item& item) {
        if (!item.ok) {
          ++summary.failures;
          std::cerr << "khabar ner: " << item.error.source.path
                    << (item.error.source.locator.empty() ? ""
                                                          : " (" + item.error.source.locator + ")")
                    << ": " << item.error.error << "\n";
          write_line(ErrorRecordToJson(item.error, opt.io.pretty));
          return;
        }
        write_line(RecordToJson(item.record, opt.io.pretty));
        ++summary.records;
      },
      &stats);
  summary.inputs = stats.inputs;
  if (!run.ok()) {
    std::cerr << "khabar ner: " << run.ToString() << "\n";
    ++summary.failures;
  }
  std::fflush(stdout);
  summary.Print("ner");
  return summary.ExitCode();
}

struct TrainOptions {
  std::string train;
  std::string out;
  bool out_given = false;  // --out was given (also as "": an unset shell variable)
  int epochs = 15;
  double holdout = 0.0;
  int min_count = 1;
  int folds = 0;
  int runs = ner::TrainOptions().runs;
  double entity_bias = ner::TrainOptions().entity_bias;
  double prune = ner::TrainOptions().prune_weight;
  bool retrain_all = false;
  double gazetteer_dropout = ner::TrainOptions().gazetteer_dropout;
  uint64_t seed = ner::TrainOptions().seed;
  std::vector<double> cv_biases;  // cross-validation: also score these entity biases
  std::vector<std::string> edge_templates = ner::TrainOptions().edge_templates;
  int edge_min_count = ner::TrainOptions().edge_min_count;
};

// The model `tagger` with its entity bias set to `bias` confidence units instead.
Result<ner::Tagger> WithEntityBias(const ner::Tagger& tagger, double bias) {
  constexpr std::string_view kScaleLine = "\nconfidence_scale\t";
  std::string text = tagger.ToModelText();
  const size_t scale_at = text.find(kScaleLine);
  const size_t bias_at = text.find("\nentity_bias\t");
  if (scale_at == std::string::npos || bias_at == std::string::npos) {
    return Status::InvalidArgument("model without confidence_scale or entity_bias");
  }
  const double scale = std::strtod(text.c_str() + scale_at + kScaleLine.size(), nullptr);
  const size_t line_end = text.find('\n', bias_at + 1);
  char buf[64];
  std::snprintf(buf, sizeof buf, "\nentity_bias\t%.3f", bias * scale);
  text.replace(bias_at, line_end - bias_at, buf);
  return ner::Tagger::FromModelText(text);
}

// K-fold cross-validation over contiguous blocks of sentences (documents stay together): prints
// each fold's micro F1 and the pooled evaluation.
int RunCrossValidation(const std::vector<ConllSentence>& data, const ner::TrainOptions& topt,
                       int folds, const std::vector<double>& biases) {
  ner::Evaluation pooled;
  std::vector<ner::Evaluation> pooled_bias(biases.size());
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
    for (size_t j = 0; j < biases.size(); ++j) {
      Result<ner::Tagger> biased = WithEntityBias(*tagger, biases[j]);
      if (!biased.ok()) {
        std::cerr << "khabar train ner: " << biased.status().ToString() << "\n";
        return 1;
      }
      pred = ner::TagSentences(*biased, test);
      for (size_t i = 0; i < test.size(); ++i) pooled_bias[j].Add(test[i].tags, pred[i]);
    }
  }
  std::cout << folds << "-fold cross-validation, pooled:\n" << pooled.ToString();
  for (size_t j = 0; j < biases.size(); ++j) {
    std::printf("entity bias %g: P %.4f R %.4f F1 %.4f\n", biases[j],
                pooled_bias[j].overall.Precision(), pooled_bias[j].overall.Recall(),
                pooled_bias[j].overall.F1());
  }
  return 0;
}

void PrintEpoch(int epoch, double accuracy, void*) {
  std::fprintf(stderr, "  epoch %d: training token accuracy %.4f\n", epoch, accuracy);
}

// Whether `path` can be written, checked before hours of training: not a directory, in a
// directory that exists and is writable, and writable itself when it exists.
Status CheckWritable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Status::IoError("cannot write " + path + ": a directory");
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (!fs::is_directory(dir, ec)) {
    return Status::IoError("cannot write " + path + ": no directory " + dir.string());
  }
  if (::access(dir.c_str(), W_OK) != 0 ||
      (fs::exists(path, ec) && ::access(path.c_str(), W_OK) != 0)) {
    return Status::IoError("cannot write " + path + ": permission denied");
  }
  return Status::Ok();
}

int RunTrain(const TrainOptions& opt) {
  // Usage first, before the data is read and trained on.
  auto usage = [](const std::string& what) {
    std::cerr << "khabar train ner: " << what << "\n";
    return 2;
  };
  // Written so that NaN fails too (every comparison with it is false).
  if (!(opt.holdout >= 0 && opt.holdout < 1)) return usage("--holdout must be in [0, 1)");
  if (!(std::abs(opt.entity_bias) <= 1000)) {
    return usage("--entity-bias must be a number between -1000 and 1000");
  }
  if (!(opt.prune >= 0) || !std::isfinite(opt.prune)) {
    return usage("--prune must be a finite number >= 0");
  }
  for (double b : opt.cv_biases) {
    if (!(std::abs(b) <= 1000))
      return usage("--cv-bias values must be numbers between -1000 and 1000");
  }
  if (opt.edge_templates.size() > 1 &&
      std::find(opt.edge_templates.begin(), opt.edge_templates.end(), "none") !=
          opt.edge_templates.end()) {
    return usage("--edge-templates: none stands alone");
  }
  if (opt.folds > 1 && (!opt.out.empty() || opt.holdout > 0 || opt.retrain_all)) {
    return usage(
        "--folds cross-validates and writes nothing: not with --out, --holdout or "
        "--retrain-all");
  }
  if (opt.folds <= 1 && !opt.cv_biases.empty()) return usage("--cv-bias needs --folds");
  if (opt.out_given && opt.out.empty()) return usage("--out: empty path");
  if (!opt.out.empty()) {
    Status w = CheckWritable(opt.out);
    if (!w.ok()) {
      std::cerr << "khabar train ner: " << w.message() << "\n";
      return 1;
    }
  }
  ner::TrainOptions topt;
  topt.epochs = opt.epochs;
  topt.min_feature_count = opt.min_count;
  topt.runs = opt.runs;
  topt.entity_bias = opt.entity_bias;
  topt.prune_weight = opt.prune;
  topt.gazetteer_dropout = opt.gazetteer_dropout;
  topt.seed = opt.seed;
  topt.edge_templates = opt.edge_templates;
  if (topt.edge_templates == std::vector<std::string>{"none"}) topt.edge_templates.clear();
  topt.edge_min_count = opt.edge_min_count;
  if (Status s = ner::CheckTrainOptions(topt); !s.ok()) return usage(s.message());
  Result<std::vector<ConllSentence>> data = ReadConllFile(opt.train, true);
  if (!data.ok()) {
    std::cerr << "khabar train ner: " << data.status().ToString() << "\n";
    return 1;
  }
  if (opt.folds > 1 && data->size() < static_cast<size_t>(opt.folds)) {
    std::cerr << "khabar train ner: --folds " << opt.folds << " needs at least " << opt.folds
              << " sentences; " << opt.train << " has " << data->size() << "\n";
    return 1;
  }
  if (opt.folds > 1) return RunCrossValidation(*data, topt, opt.folds, opt.cv_biases);
  topt.on_epoch = PrintEpoch;
  const size_t n = data->size();
  const size_t n_train = n - static_cast<size_t>(opt.holdout * n);
  if (opt.holdout > 0 && (n_train == n || n_train == 0)) {
    std::cerr << "khabar train ner: --holdout " << opt.holdout << " of " << n
              << " sentences holds out " << n - n_train << " and trains on " << n_train << "\n";
    return 1;
  }
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
      "Find, type and link named entities in titles and paragraphs: adds \"title_entities\", "
      "\"entities\" and \"entity_counts\" to records");
  AddIoOptions(cmd, &opt->io);
  AddPipelineOptions(cmd, &opt->pipeline);
  cmd->add_flag(
      "--conll", opt->conll,
      "Read CoNLL `TOKEN [TAG]` lines and write `TOKEN TAG` with khabar's IOB2 prediction");
  CLI::Option* model = cmd->add_option(
      "--model", opt->model,
      "With --conll: tag with this model file (docs/ner.md format), e.g. one written "
      "by `khabar train ner --out`");
  cmd->add_option(
         "--kb", opt->kb,
         "Your own entities (TSV, docs/kb-format.md \"User files\"), added to the built-in "
         "knowledge base; an id already built in is replaced (not with --conll). Repeatable: "
         "later files add to earlier ones, an id defined twice is an error")
      ->allow_extra_args(false);  // one file per --kb: the inputs that follow stay inputs
  cmd->callback([opt, exit_code, model] {
    opt->model_given = model->count() > 0;
    *exit_code = RunNer(*opt);
  });
}

void AddTrainCommand(CLI::App& app, int* exit_code) {
  CLI::App* train = SubcommandOf(app, "train", "Train khabar's statistical models");
  auto opt = std::make_shared<TrainOptions>();
  CLI::App* cmd = train->add_subcommand(
      "ner", "Train the NER tagger on a CoNLL IOB2 file (averaged structured perceptron)");
  cmd->add_option("train", opt->train,
                  "Training file (TOKEN TAG lines, blank line between sentences)")
      ->required();
  CLI::Option* out =
      cmd->add_option("--out", opt->out, "Write the model here (text format of docs/ner.md)");
  cmd->add_option("--epochs", opt->epochs, "Passes over the training data")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--holdout", opt->holdout,
                  "Fraction of sentences (the last ones) held out and scored after training");
  cmd->add_option("--min-count", opt->min_count, "Drop features seen fewer times than this")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option(
         "--folds", opt->folds,
         "K-fold cross-validation over contiguous blocks instead (prints F1, writes nothing)")
      ->check(CLI::Range(2, 20));
  cmd->add_option("--runs", opt->runs,
                  "Perceptrons trained on different shuffles and averaged into one model")
      ->check(CLI::Range(1, 16));
  cmd->add_option("--entity-bias", opt->entity_bias,
                  "Added to every entity tag's score, in units of the model's confidence scale "
                  "(trades precision for recall)");
  cmd->add_option(
      "--prune", opt->prune,
      "Leave out of the model the features whose largest absolute weight is below this");
  cmd->add_option("--gazetteer-dropout", opt->gazetteer_dropout,
                  "Hide each token's knowledge-base features with this probability in every "
                  "training pass (0 = off)")
      ->check(CLI::Range(0.0, 0.9));
  cmd->add_option("--seed", opt->seed,
                  "Seed of the shuffles and of the dropout (run r of --runs uses seed + r)")
      ->check([](const std::string& v) {  // "-1" would wrap to 2^64 - 1 without a word
        return v.starts_with('-') ? std::string("must be a number >= 0") : std::string();
      });
  cmd->add_option("--edge-templates", opt->edge_templates,
                  "Edge templates conditioning the transitions (docs/ner.md \"Edge features\"), "
                  "e.g. w0,trig0; none: transitions by tags alone")
      ->delimiter(',');
  cmd->add_option("--edge-min-count", opt->edge_min_count,
                  "Leave out edge features seen fewer times than this in training")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--cv-bias", opt->cv_biases,
                  "Cross-validation: also score each fold's model with these entity biases")
      ->delimiter(',');
  cmd->add_flag(
      "--retrain-all", opt->retrain_all,
      "After scoring the held-out part, train again on all sentences and write that model");
  cmd->callback([opt, exit_code, out] {
    opt->out_given = out->count() > 0;
    *exit_code = RunTrain(*opt);
  });
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
