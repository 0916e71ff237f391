// Averaged structured perceptron training (include/khabar/ner.h, docs/ner.md "Training").
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <unordered_map>

#include "khabar/ner.h"
#include "ner/features.h"
#include "ner/model.h"

namespace khabar::ner {

namespace {

constexpr double kUnit = 0.001;  // weights are written as integers in thousandths

struct FeatureInfo {
  int tmpl;
  std::string value;
  uint32_t count;
};

void AppendWeights(const double* w, std::string* out) {
  bool first = true;
  char buf[48];
  for (int t = 0; t < kNumTags; ++t) {
    const long v = std::lround(w[t] / kUnit);
    if (v == 0) continue;
    const std::string_view name = TagName(static_cast<Tag>(t));
    std::snprintf(buf, sizeof buf, "%s%.*s=%ld", first ? "" : " ", static_cast<int>(name.size()),
                  name.data(), v);
    *out += buf;
    first = false;
  }
}

}  // namespace

Status CheckTrainOptions(const TrainOptions& options) {
  for (const std::string& name : options.edge_templates) {
    if (internal::EdgeTemplateIndex(name) < 0) {
      return Status::InvalidArgument("unknown edge template: " + name);
    }
  }
  if (!(std::abs(options.entity_bias) <= 1000)) {
    return Status::InvalidArgument("entity bias must be a number between -1000 and 1000");
  }
  return Status::Ok();
}

Result<Tagger> Train(std::span<const ConllSentence> sentences, const TrainOptions& options) {
  KHABAR_RETURN_IF_ERROR(CheckTrainOptions(options));
  // Edge templates asked for, by index (docs/ner.md "Edge features").
  std::vector<int> edge_templates;
  for (const std::string& name : options.edge_templates) {
    const int e = internal::EdgeTemplateIndex(name);
    if (std::find(edge_templates.begin(), edge_templates.end(), e) == edge_templates.end()) {
      edge_templates.push_back(e);
    }
  }
  constexpr int kPairs = kNumTags * kNumTags;
  // 1. Features of every token, interned to dense ids.
  std::unordered_map<uint64_t, uint32_t> ids;
  std::vector<FeatureInfo> info;
  std::vector<uint32_t> feats;         // feature ids, token after token
  std::vector<size_t> token_feats;     // token -> first index in feats (plus one sentinel)
  std::vector<size_t> sentence_first;  // sentence -> first token (plus one sentinel)
  std::vector<Tag> gold;
  std::vector<internal::TokenAtoms> atoms;
  std::vector<std::string_view> views;
  std::vector<uint64_t> keys;
  std::vector<internal::FeatureDescription> descriptions;
  // Edge features of every token i >= 1 (none at a sentence's first token), interned likewise.
  std::unordered_map<uint64_t, uint32_t> edge_ids;
  std::vector<FeatureInfo> edge_info;
  std::vector<uint32_t> edge_feats;
  std::vector<size_t> token_edge_feats;  // token -> first index in edge_feats (plus a sentinel)
  for (const ConllSentence& s : sentences) {
    if (s.tokens.empty()) continue;
    if (s.tags.size() != s.tokens.size()) {
      return Status::InvalidArgument("training sentence without tags");
    }
    sentence_first.push_back(gold.size());
    std::vector<Tag> tags = s.tags;
    RepairBio(tags);
    gold.insert(gold.end(), tags.begin(), tags.end());
    views.assign(s.tokens.begin(), s.tokens.end());
    internal::ComputeAtoms(views, &atoms);
    std::span<const internal::TokenAtoms> sa(atoms.data(), views.size());
    for (size_t i = 0; i < views.size(); ++i) {
      token_feats.push_back(feats.size());
      keys.clear();
      descriptions.clear();
      internal::TokenFeatures(sa, i, &keys, &descriptions);
      for (size_t k = 0; k < keys.size(); ++k) {
        auto [it, inserted] = ids.try_emplace(keys[k], static_cast<uint32_t>(info.size()));
        if (inserted) {
          info.push_back({descriptions[k].template_index, std::move(descriptions[k].value), 0});
        }
        ++info[it->second].count;
        feats.push_back(it->second);
      }
      token_edge_feats.push_back(edge_feats.size());
      if (i == 0) continue;
      for (const int e : edge_templates) {
        auto [it, inserted] = edge_ids.try_emplace(internal::EdgeKey(sa, i, e),
                                                   static_cast<uint32_t>(edge_info.size()));
        if (inserted) edge_info.push_back({e, internal::EdgeValue(sa, i, e), 0});
        ++edge_info[it->second].count;
        edge_feats.push_back(it->second);
      }
    }
  }
  if (gold.empty()) return Status::InvalidArgument("no training sentences");
  // Without one entity the weights stay zero and the entity bias alone decides: every token would
  // be tagged B-PERS.
  if (std::all_of(gold.begin(), gold.end(), [](Tag t) { return t == Tag::kO; })) {
    return Status::InvalidArgument("no entity tags in the training sentences (all O)");
  }
  sentence_first.push_back(gold.size());
  token_feats.push_back(feats.size());
  token_edge_feats.push_back(edge_feats.size());
  // Rare features out.
  const uint32_t kDropped = UINT32_MAX;
  if (options.min_feature_count > 1) {
    for (uint32_t& f : feats) {
      if (info[f].count < static_cast<uint32_t>(options.min_feature_count)) f = kDropped;
    }
  }
  if (options.edge_min_count > 1) {
    for (uint32_t& f : edge_feats) {
      if (edge_info[f].count < static_cast<uint32_t>(options.edge_min_count)) f = kDropped;
    }
  }

  // 2. Perceptron epochs. w: current weights; u: sum of c * update, so averaged = w - u / c.
  // With options.runs > 1, several perceptrons trained on different shuffles are averaged into
  // one model (mean of their averaged weights): steadier weights at no cost when tagging.
  const size_t nf = info.size();
  const int runs = std::max(1, options.runs);
  // Gazetteer dropout (TrainOptions::gazetteer_dropout): the features that read a knowledge-base
  // atom (gazetteer code, word class) of some token, with the offsets of those tokens (up to two;
  // kNoOffset: none).
  constexpr int8_t kNoOffset = INT8_MIN;
  struct KbOffsets {
    int8_t offset[2];
  };
  const auto templates = internal::Templates();
  std::vector<KbOffsets> template_kb(templates.size(), KbOffsets{{kNoOffset, kNoOffset}});
  for (size_t t = 0; t < templates.size(); ++t) {
    const internal::Template& tp = templates[t];
    auto kb = [](internal::Atom a) { return a == internal::kGazetteer || a == internal::kGazWord; };
    if (kb(tp.atom1)) template_kb[t].offset[0] = static_cast<int8_t>(tp.offset1);
    if (tp.atom2 != internal::kNumAtoms && kb(tp.atom2)) {
      template_kb[t].offset[1] = static_cast<int8_t>(tp.offset2);
    }
  }
  std::vector<KbOffsets> feature_kb(nf);
  for (size_t f = 0; f < nf; ++f) feature_kb[f] = template_kb[info[f].tmpl];
  const auto edge_tmpl = internal::EdgeTemplates();
  const size_t ne = edge_info.size();
  std::vector<KbOffsets> edge_kb(ne, KbOffsets{{kNoOffset, kNoOffset}});
  for (size_t f = 0; f < ne; ++f) {
    const internal::Template& tp = edge_tmpl[edge_info[f].tmpl];
    auto kb = [](internal::Atom a) { return a == internal::kGazetteer || a == internal::kGazWord; };
    if (kb(tp.atom1)) edge_kb[f].offset[0] = static_cast<int8_t>(tp.offset1);
    if (tp.atom2 != internal::kNumAtoms && kb(tp.atom2)) {
      edge_kb[f].offset[1] = static_cast<int8_t>(tp.offset2);
    }
  }
  const double dropout = options.gazetteer_dropout;
  std::vector<uint8_t> hidden;       // per token of the sentence: its KB atoms hidden in this pass
  std::vector<uint32_t> active;      // the features used in this pass, token after token
  std::vector<size_t> active_first;  // token -> first index in `active` (plus one sentinel)
  std::vector<double> mean_w(nf * kNumTags, 0.0);
  // Edge weights: ew current, eu sum of c * update, kPairs per edge feature (previous tag major).
  std::vector<double> mean_e(ne * kPairs, 0.0);
  std::vector<float> ew;
  std::vector<double> eu;
  std::vector<uint32_t> edge_active;
  std::vector<size_t> edge_active_first;
  std::vector<float> position_trans;
  double mean_t[kNumTags + 1][kNumTags] = {};
  std::vector<float> w;
  std::vector<double> u;
  std::vector<size_t> order(sentence_first.size() - 1);
  std::vector<float> emit;
  std::vector<Tag> pred;
  for (int run = 0; run < runs; ++run) {
    w.assign(nf * kNumTags, 0.0f);
    u.assign(nf * kNumTags, 0.0);
    ew.assign(ne * kPairs, 0.0f);
    eu.assign(ne * kPairs, 0.0);
    Transitions tw;
    double tu[kNumTags + 1][kNumTags] = {};
    double c = 1;
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(options.seed + static_cast<uint64_t>(run));
    std::mt19937_64 noise(0x6E6F697365ULL ^ (options.seed + static_cast<uint64_t>(run)));
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      std::shuffle(order.begin(), order.end(), rng);
      size_t right = 0;
      for (size_t s : order) {
        const size_t first = sentence_first[s], n = sentence_first[s + 1] - first;
        hidden.assign(n, 0);
        if (dropout > 0) {
          for (size_t i = 0; i < n; ++i) {
            hidden[i] = static_cast<double>(noise() >> 11) * 0x1.0p-53 < dropout;
          }
        }
        active.clear();
        active_first.resize(n + 1);
        emit.assign(n * kNumTags, 0.0f);
        edge_active.clear();
        edge_active_first.resize(n + 1);
        if (ne > 0) position_trans.resize(n * kPositionTransFloats);
        for (size_t i = 0; i < n; ++i) {
          // Whether a feature reading KB atoms at these offsets from token i is hidden this pass.
          auto Hidden = [&](const KbOffsets& kb) {
            for (const int8_t d : kb.offset) {
              if (d == kNoOffset) continue;
              const ptrdiff_t j = static_cast<ptrdiff_t>(i) + d;
              if (j >= 0 && j < static_cast<ptrdiff_t>(n) && hidden[j]) return true;
            }
            return false;
          };
          edge_active_first[i] = edge_active.size();
          if (ne > 0 && i > 0) {
            float m[kPairs];
            for (int p = 0; p < kNumTags; ++p) {
              for (int t = 0; t < kNumTags; ++t) m[p * kNumTags + t] = tw.score[p][t];
            }
            for (size_t k = token_edge_feats[first + i]; k < token_edge_feats[first + i + 1]; ++k) {
              const uint32_t f = edge_feats[k];
              if (f == kDropped) continue;
              if (dropout > 0 && Hidden(edge_kb[f])) continue;
              edge_active.push_back(f);
              const float* row = &ew[static_cast<size_t>(f) * kPairs];
              for (int x = 0; x < kPairs; ++x) m[x] += row[x];
            }
            MaskPositionTransitions(m, &position_trans[i * kPositionTransFloats]);
          }
          active_first[i] = active.size();
          float* e = &emit[i * kNumTags];
          for (size_t k = token_feats[first + i]; k < token_feats[first + i + 1]; ++k) {
            const uint32_t f = feats[k];
            if (f == kDropped) continue;
            if (dropout > 0 && Hidden(feature_kb[f])) continue;
            active.push_back(f);
            const float* row = &w[static_cast<size_t>(f) * kNumTags];
            for (int t = 0; t < kNumTags; ++t) e[t] += row[t];
          }
        }
        active_first[n] = active.size();
        edge_active_first[n] = edge_active.size();
        pred.resize(n);
        if (ne > 0) {
          Viterbi(emit.data(), n, tw, pred.data(), nullptr, 1.0, position_trans.data());
        } else {
          Viterbi(emit.data(), n, tw, pred.data());
        }
        const Tag* g = &gold[first];
        for (size_t i = 0; i < n; ++i) {
          right += pred[i] == g[i];
          const int gp = i ? static_cast<int>(g[i - 1]) : kNumTags;
          const int pp = i ? static_cast<int>(pred[i - 1]) : kNumTags;
          const int gt = static_cast<int>(g[i]), pt = static_cast<int>(pred[i]);
          if (gp != pp || gt != pt) {
            tw.score[gp][gt] += 1;
            tu[gp][gt] += c;
            tw.score[pp][pt] -= 1;
            tu[pp][pt] -= c;
            for (size_t k = edge_active_first[i]; k < edge_active_first[i + 1]; ++k) {
              const size_t base = static_cast<size_t>(edge_active[k]) * kPairs;
              ew[base + gp * kNumTags + gt] += 1;
              eu[base + gp * kNumTags + gt] += c;
              ew[base + pp * kNumTags + pt] -= 1;
              eu[base + pp * kNumTags + pt] -= c;
            }
          }
          if (gt == pt) continue;
          for (size_t k = active_first[i]; k < active_first[i + 1]; ++k) {
            const size_t base = static_cast<size_t>(active[k]) * kNumTags;
            w[base + gt] += 1;
            u[base + gt] += c;
            w[base + pt] -= 1;
            u[base + pt] -= c;
          }
        }
        c += 1;
      }
      if (options.on_epoch) {
        options.on_epoch(epoch, static_cast<double>(right) / gold.size(), options.on_epoch_context);
      }
    }
    for (size_t f = 0; f < nf * kNumTags; ++f) mean_w[f] += (w[f] - u[f] / c) / runs;
    for (size_t f = 0; f < ne * kPairs; ++f) mean_e[f] += (ew[f] - eu[f] / c) / runs;
    for (int p = 0; p <= kNumTags; ++p) {
      for (int t = 0; t < kNumTags; ++t) mean_t[p][t] += (tw.score[p][t] - tu[p][t] / c) / runs;
    }
  }
  // 3. Averaged weights, written in the text format and read back (so a trained tagger behaves
  // exactly like the same model loaded from its file).
  std::string text;
  text += "khabar-ner-model\t1\n";
  text +=
      "# Averaged structured perceptron over IOB2 tags; format and features: docs/ner.md.\n"
      "# Trained on ANERcorp (Benajiba et al., CICLing 2007; CAMeL Lab split, Obeid et al., LREC "
      "2020):\n# a derivative work under CC BY-SA 4.0.\n";
  char buf[96];
  std::snprintf(buf, sizeof buf, "# epochs %d, sentences %zu, tokens %zu\n", options.epochs,
                sentence_first.size() - 1, gold.size());
  text += buf;
  text += "unit\t0.001\n";
  double avg[kNumTags];
  // Confidence scale: the mean absolute averaged transition weight is a fair unit of "one clear
  // piece of evidence" for this model's scale.
  double trans_sum = 0;
  int trans_n = 0;
  for (int p = 0; p <= kNumTags; ++p) {
    for (int t = 0; t < kNumTags; ++t) {
      avg[t] = mean_t[p][t];
      if (Transitions::Allowed(p, t)) {
        trans_sum += std::fabs(avg[t]);
        ++trans_n;
      }
    }
  }
  const double scale = std::max(0.05, trans_n ? trans_sum / trans_n : 1.0);
  std::snprintf(buf, sizeof buf, "confidence_scale\t%.3f\n", scale);
  text += buf;
  // The perceptron under-predicts entities (precision well above recall); a constant added to every
  // non-O emission trades some precision back for recall. The multiple of the scale was chosen by
  // 5-fold cross-validation on the first 90% of ANERcorp's training file, never on the held-out
  // last 10% (docs/ner.md).
  std::snprintf(buf, sizeof buf, "entity_bias\t%.3f\n", options.entity_bias * scale);
  text += buf;
  for (int p = 0; p <= kNumTags; ++p) {
    text += "trans\t";
    text += p == kNumTags ? std::string_view("START") : TagName(static_cast<Tag>(p));
    text += '\t';
    for (int t = 0; t < kNumTags; ++t) avg[t] = mean_t[p][t];
    AppendWeights(avg, &text);
    text += '\n';
  }
  const double prune = std::max(options.prune_weight, kUnit / 2);
  // Edge features: one line per previous tag with a non-zero weight (docs/ner.md).
  std::vector<uint32_t> edge_rows(ne);
  std::iota(edge_rows.begin(), edge_rows.end(), 0);
  std::sort(edge_rows.begin(), edge_rows.end(), [&](uint32_t a, uint32_t b) {
    if (edge_info[a].tmpl != edge_info[b].tmpl) return edge_info[a].tmpl < edge_info[b].tmpl;
    return edge_info[a].value < edge_info[b].value;
  });
  std::string weights;
  for (uint32_t f : edge_rows) {
    double mx = 0;
    for (int x = 0; x < kPairs; ++x) mx = std::max(mx, std::fabs(mean_e[f * kPairs + x]));
    if (mx < prune) continue;
    for (int p = 0; p < kNumTags; ++p) {
      weights.clear();
      AppendWeights(&mean_e[f * kPairs + p * kNumTags], &weights);
      if (weights.empty()) continue;
      text += "edge\t";
      text += edge_tmpl[edge_info[f].tmpl].name;
      text += '\t';
      text += edge_info[f].value;
      text += '\t';
      text += TagName(static_cast<Tag>(p));
      text += '\t';
      text += weights;
      text += '\n';
    }
  }
  std::vector<uint32_t> rows(nf);
  std::iota(rows.begin(), rows.end(), 0);
  std::sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
    if (info[a].tmpl != info[b].tmpl) return info[a].tmpl < info[b].tmpl;
    return info[a].value < info[b].value;
  });
  for (uint32_t f : rows) {
    double mx = 0;
    for (int t = 0; t < kNumTags; ++t) {
      avg[t] = mean_w[f * kNumTags + t];
      mx = std::max(mx, std::fabs(avg[t]));
    }
    if (mx < prune) continue;
    text += templates[info[f].tmpl].name;
    text += '\t';
    text += info[f].value;
    text += '\t';
    AppendWeights(avg, &text);
    text += '\n';
  }
  return Tagger::FromModelText(text);
}

}  // namespace khabar::ner
