// `khabar ingest INPUT... --db corpus.db`: the pipeline (parse on all cores) into the corpus (one
// writer, batched transactions). Idempotent and crash-safe: see docs/storage.md.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>
#include <set>

#include "cli/command.h"
#include "cli/entity_options.h"
#include "khabar/input.h"
#include "khabar/pipeline.h"
#include "khabar/store.h"

namespace khabar::cli {
namespace {

struct IngestOptions {
  std::vector<std::string> inputs;
  std::string db;
  PipelineCliOptions pipeline;
  size_t batch = 0;  // articles per transaction; 0 = BatchFor(the corpus' size)
  bool progress = true;
  bool entities = true;         // --no-entities skips NER
  std::vector<std::string> kb;  // --kb FILE (repeatable)
  bool compact = true;          // --no-compact
  bool timings = false;         // --timings
};

// Articles per transaction when --batch is not given: 500, and 1/100 of the corpus beyond 50,000
// articles, up to 4,000. Each batch inserts its band and mention rows at random places of b-trees
// that grow with the corpus, and every page it touches is written to the log once per batch: in a
// large corpus nearly every leaf page of those tables is touched by each batch of 500, so larger
// batches write each page for more articles (into 200,000 articles, 3,000 new ones: 663/s with
// batches of 500, 1,184/s with 1,500; docs/storage.md "Batches that grow with the corpus").
size_t BatchFor(int64_t corpus_articles) {
  return static_cast<size_t>(std::clamp<int64_t>(corpus_articles / 100, 500, 4000));
}

// CPU seconds (user + system) of the process (RUSAGE_SELF) or of the calling thread.
double CpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Wall-clock seconds since `start`.
double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Progress on stderr when it is a terminal: documents, documents/s, files done and an ETA by files.
class Progress {
 public:
  Progress(bool enabled, size_t total_files) : enabled_(enabled), total_files_(total_files) {}
  void Update(size_t documents, const std::string& path) {
    if (!enabled_) return;
    if (path != last_path_) {
      last_path_ = path;
      ++files_;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? documents / secs : 0;
    std::fprintf(stderr, "\r\x1b[K%zu documents  %.0f/s  file %zu/%zu", documents, rate, files_,
                 total_files_);
    if (files_ > 1 && total_files_ > files_) {
      std::fprintf(stderr, "  ETA %.0fs", secs / (files_ - 1) * (total_files_ - files_ + 1));
    }
    std::fflush(stderr);
  }
  // Erases the progress line (before a message, and at the end); writes nothing when stderr is
  // no terminal, so that a redirected log holds the messages alone.
  void Clear() {
    if (enabled_) std::fprintf(stderr, "\r\x1b[K");
  }
  void Finish() { Clear(); }

 private:
  bool enabled_;
  size_t total_files_, files_ = 0;
  std::string last_path_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

int Run(const IngestOptions& o) {
  Result<pipeline::PipelineOptions> options = ToPipelineOptions(o.pipeline);
  if (!options.ok()) {
    std::cerr << "khabar ingest: " << options.status().message() << "\n";
    return 2;
  }
  std::unique_ptr<EntityRecognizer> recognizer;  // outlives the pipeline run
  // The shipped model and KB load on their own thread while the database opens and the workers
  // read and extract the first documents (they wait for it before their first entity pass);
  // a --kb file is read first, so that its errors stop the run before anything is written.
  if (o.entities && o.kb.empty()) {
    options->entities = true;
    options->recognizer_loading =
        std::async(std::launch::async, [] { return &ner::Recognizer::Default(); }).share();
  } else if (o.entities) {
    Result<std::unique_ptr<EntityRecognizer>> loaded = EntityRecognizer::Load(o.kb);
    if (!loaded.ok()) {
      std::cerr << "khabar ingest: --kb: " << loaded.status().ToString() << "\n";
      return 2;
    }
    recognizer = std::move(*loaded);
    options->entities = true;
    options->recognizer = recognizer->get();
  } else if (!o.kb.empty()) {
    std::cerr << "khabar ingest: --kb has no effect with --no-entities\n";
    return 2;
  }
  auto files = ExpandInputs(o.inputs);
  if (!files.ok()) {
    std::cerr << "khabar ingest: " << files.status().message() << "\n";
    return 1;
  }
  store::OpenOptions open_options;
  open_options.on_upgrade = [&o](int from, int64_t articles) {
    std::cerr << "khabar ingest: upgrading " << o.db << " from schema version " << from << " to "
              << store::kSchemaVersion << " (" << articles
              << " articles; re-indexing them takes 1-2 minutes per 100,000)\n";
  };
  auto corpus = store::Corpus::Open(o.db, open_options);
  if (!corpus.ok()) {
    std::cerr << "khabar ingest: " << corpus.status().ToString() << "\n";
    return 1;
  }
  store::Corpus& db = **corpus;
  // The log's checkpoints (page copies and fsyncs) on a thread of their own, not in the writer's
  // commits (docs/storage.md, "Merging once, checkpoints beside the writer").
  if (Status s = db.CheckpointInBackground(); !s.ok()) {
    std::cerr << "khabar ingest: checkpoints stay in the commits: " << s.ToString() << "\n";
  }
  // Compression, text analysis and signatures on the workers: the writer (this thread) only writes.
  options->prepare = [](const ArticleRecord& record) -> std::shared_ptr<const void> {
    return store::Corpus::Prepare(record);
  };

  size_t inserted = 0, updated = 0, unchanged = 0, stale = 0, failed = 0, documents = 0,
         in_batch = 0, batch_size = o.batch;
  int64_t articles_at_start = 0;
  if (o.batch == 0) {
    Result<int64_t> articles = db.CountArticles();
    if (articles.ok()) articles_at_start = *articles;
  }
  Status write_error;
  Progress progress(o.progress && isatty(STDERR_FILENO), files->size());
  const auto start = std::chrono::steady_clock::now();
  const double cpu_at_start = CpuSeconds(RUSAGE_SELF),
               writer_cpu_at_start = CpuSeconds(RUSAGE_THREAD);
  double put_seconds = 0, commit_seconds = 0;  // --timings: the writer's wall time in each
  pipeline::PipelineStats stats;
  Status run = pipeline::Run(
      *files, *options,
      [&](const pipeline::Item& item) {
        ++documents;
        if (!write_error.ok()) return;
        if (!item.ok) {
          ++failed;
          progress.Clear();
          std::cerr << "khabar ingest: " << item.error.source.path
                    << (item.error.source.locator.empty() ? ""
                                                          : " (" + item.error.source.locator + ")")
                    << ": " << item.error.error << "\n";
          return;
        }
        progress.Update(documents, item.record.source.path);
        if (in_batch == 0) {
          if (o.batch == 0)
            batch_size = BatchFor(articles_at_start + static_cast<int64_t>(inserted));
          write_error = db.BeginBatch();
        }
        if (!write_error.ok()) return;
        const auto put_start = std::chrono::steady_clock::now();
        auto outcome =
            db.Put(item.record, static_cast<const store::PreparedArticle*>(item.prepared.get()));
        put_seconds += Since(put_start);
        if (!outcome.ok()) {
          ++failed;
          progress.Clear();
          std::cerr << "khabar ingest: " << item.record.source.path << ": "
                    << outcome.status().ToString() << "\n";
        } else if (*outcome == store::PutOutcome::kInserted) {
          ++inserted;
        } else if (*outcome == store::PutOutcome::kUpdated) {
          ++updated;
        } else if (*outcome == store::PutOutcome::kStale) {
          ++stale;  // an older version of a stored article (docs/storage.md, "Versions")
        } else {
          ++unchanged;
        }
        if (++in_batch >= batch_size) {
          const auto commit_start = std::chrono::steady_clock::now();
          write_error = db.CommitBatch();
          commit_seconds += Since(commit_start);
          in_batch = 0;
        }
      },
      &stats);
  const auto finish_start = std::chrono::steady_clock::now();
  if (in_batch > 0 && write_error.ok()) write_error = db.CommitBatch();
  // The end step checkpoints on this connection (Compact truncates the log).
  const int64_t background_checkpoints = db.BackgroundCheckpoints();
  if (Status s = db.CheckpointInBackground(0); !s.ok() && write_error.ok()) write_error = s;
  const double last_commit_seconds = Since(finish_start);
  // A run that wrote most of the database (a first load) leaves its randomly filled b-trees about
  // a quarter empty; rewriting it costs a copy of the file, small next to the run itself. Later
  // small runs into a large corpus skip it.
  bool compact = false;
  if (write_error.ok() && o.compact && inserted + updated >= 100) {
    Result<int64_t> articles = db.CountArticles();
    if (!articles.ok()) {
      write_error = articles.status();
    } else {
      compact = static_cast<int64_t>(inserted + updated) * 2 >= *articles;
    }
  }
  // A big run leaves many index segments; merging them makes the file smaller and search faster.
  // Before a compaction the pages it frees need not be given back first: the rewrite drops them.
  // A run small next to the corpus leaves its few segments beside the large one until they add
  // up to an eighth of the index (merging rewrites the whole index: gigabytes on a large corpus).
  // Every run checks (a few milliseconds), even one that stored nothing: a run killed during its
  // end step leaves its segments unmerged, and running it again must complete that too.
  const auto optimize_start = std::chrono::steady_clock::now();
  if (write_error.ok()) {
    write_error = compact ? db.MergeIndex() : db.OptimizeIfFragmented();
  }
  const double optimize_seconds = Since(optimize_start);
  if (write_error.ok() && compact) write_error = db.Compact();
  const double finish_seconds = Since(finish_start);
  progress.Finish();
  if (!run.ok()) {
    std::cerr << "khabar ingest: " << run.message() << "\n";
    return 1;
  }
  if (!write_error.ok()) {
    std::cerr << "khabar ingest: writing " << o.db << " failed: " << write_error.ToString()
              << " (the database keeps every batch committed before; run again to complete)\n";
    return 1;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "khabar ingest: " << documents << " documents from " << stats.inputs << " inputs in "
            << secs << " s (" << (secs > 0 ? static_cast<size_t>(documents / secs) : 0)
            << "/s): " << inserted << " new, " << updated << " updated, " << unchanged
            << " unchanged, " << stale << " stale, " << failed << " failed";
  if (stats.skipped_records + stats.skipped_payloads > 0) {
    std::cerr << ", " << stats.skipped_records + stats.skipped_payloads << " WARC records skipped";
  }
  std::cerr << "\n";
  if (o.timings) {
    const double cpu = CpuSeconds(RUSAGE_SELF) - cpu_at_start;
    const double writer_cpu = CpuSeconds(RUSAGE_THREAD) - writer_cpu_at_start;
    const double per_article = documents > 0 ? 1000.0 / static_cast<double>(documents) : 0;
    std::fprintf(stderr,
                 "khabar ingest: timings: wall %.2f s, CPU %.2f s (%.3f ms/document); writer "
                 "thread CPU %.2f s (%.3f ms/document; wall in Put %.2f s, commits %.2f s, last "
                 "commit + optimize + compact %.2f s = %.2f + %.2f + %.2f); waiting: writer for "
                 "workers %.2f s, workers for input %.2f s, reader for room %.2f s; %lld "
                 "checkpoints beside the writer\n",
                 secs, cpu, cpu * per_article, writer_cpu, writer_cpu * per_article, put_seconds,
                 commit_seconds, finish_seconds, last_commit_seconds, optimize_seconds,
                 finish_seconds - last_commit_seconds - optimize_seconds, stats.sink_wait_seconds,
                 stats.worker_wait_seconds, stats.reader_wait_seconds,
                 static_cast<long long>(background_checkpoints));
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace

void AddIngestCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<IngestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ingest", "Parse inputs (text dumps, HTML, WARC, JSON Lines) and store them in a corpus");
  cmd->add_option("inputs", o->inputs, "Files, directories (recursive) or - for standard input")
      ->required();
  cmd->add_option("--db", o->db, "Corpus database (created when missing)")->required();
  AddPipelineOptions(cmd, &o->pipeline);
  cmd->add_option("--batch", o->batch,
                  "Articles per transaction (default: 500, growing to 1/100 of the corpus, at "
                  "most 4000)")
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("!--no-progress", o->progress, "No progress line on a terminal");
  cmd->add_flag("!--no-entities", o->entities,
                "Do not find named entities (faster; the corpus then has no entity analytics for "
                "these articles)");
  cmd->add_flag("!--no-compact", o->compact,
                "Do not rewrite the database at the end of a run that wrote most of it (the "
                "rewrite needs free disk space of the database's size)");
  cmd->add_flag("--timings", o->timings,
                "Print where the time went: CPU per document, the writer thread's share, and "
                "which threads waited on which (docs/storage.md, \"Ingest\")");
  cmd->add_option("--kb", o->kb,
                  "Your own entities (TSV, docs/kb-format.md \"User files\"), added to the "
                  "built-in knowledge base for linking (repeatable: later files add to earlier "
                  "ones, an id defined twice is an error)")
      ->allow_extra_args(false);  // one file per --kb: the inputs that follow stay inputs
  cmd->callback([o, exit_code] { *exit_code = Run(*o); });
}

}  // namespace khabar::cli
