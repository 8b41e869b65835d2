#include "emit/coverage_section.hpp"

#include <algorithm>
#include <set>

#include "arch/module_kinds.hpp"
#include "naming/naming_patterns.hpp"

namespace hfmi {
namespace {

using std::to_string;

constexpr CoverageStatusRow kCoverageStatuses[] = {
    {CoverageStatus::kCollected, "\xE2\x9C\x85", "Definition JSON exists and workload has been collected"},
    {CoverageStatus::kDefined, "\xF0\x9F\x9F\xA1", "Definition JSON exists but workload has not yet been collected"},
    {CoverageStatus::kMissing, "\xE2\x9D\x8C", "Definition is referenced but the file does not exist (missing)"},
    {CoverageStatus::kUnmapped, "\xE2\x80\x94", "Module exists in the architecture but no definition is mapped"},
};
static_assert(sizeof(kCoverageStatuses) / sizeof(kCoverageStatuses[0]) == 4, "one row per CoverageStatus");

// Which degree an op_type's label carries, and where its rows go in the table (the file's order).
enum class Degree { kNone, kTp, kEp, kGemmTp };
struct OpTypeRow {
  const char* op_type;
  Degree degree;
  int group;
};
constexpr OpTypeRow kOpTypes[] = {
    {"rmsnorm", Degree::kNone, 0},  {"gemm", Degree::kGemmTp, 1},   {"rope", Degree::kNone, 2},
    {"gqa_paged", Degree::kTp, 3},  {"gqa_ragged", Degree::kTp, 3}, {"mla_paged", Degree::kTp, 3},
    {"mla_ragged", Degree::kTp, 3}, {"dsa_paged", Degree::kTp, 3},  {"gdn", Degree::kTp, 3},
    {"mamba_ssu", Degree::kTp, 3},  {"moe", Degree::kEp, 4},        {"sampling", Degree::kNone, 5},
};
constexpr int kUnknownGroup = 6;

const OpTypeRow* op_type_row(const std::string& op_type) {
  for (const auto& r : kOpTypes) {
    if (op_type == r.op_type) return &r;
  }
  return nullptr;
}

std::string label(const std::string& op_type, const NamingOptions& o) {
  const OpTypeRow* row = op_type_row(op_type);
  if (!row) return op_type;
  switch (row->degree) {
    case Degree::kTp: return o.tp > 1 ? op_type + " TP=" + to_string(o.tp) : op_type;
    case Degree::kEp: return o.ep > 1 ? op_type + " EP=" + to_string(o.ep) : op_type;
    case Degree::kGemmTp:
      return o.gemm_tp == GemmTp::kSplit && o.tp > 1 ? op_type + " TP=" + to_string(o.tp) : op_type;
    case Degree::kNone: return op_type;
  }
  return op_type;
}

bool is_unmapped_candidate(const std::string& kind) {
  namespace k = kinds;
  for (const char* c : {k::kGqaAttention, k::kCrossAttention, k::kMlaAttention, k::kDsaAttention, k::kDsaIndexer,
                        k::kGdnAttention, k::kMambaMixer, k::kMoeGate, k::kMoeTopk, k::kMoeExperts, k::kUnknownMixer}) {
    if (kind == c) return true;
  }
  return false;
}

std::string attention_label(const ModelConfig& c) {
  if (c.attention_type == AttentionType::kMla) return c.index_topk > 0 ? "DSA" : "MLA";
  if (c.attention_type == AttentionType::kMha) return "MHA";
  return "GQA";  // the file calls MQA and GQA models alike "GQA"
}

struct LayerCounts {
  int64_t attention = 0, linear = 0, mamba = 0, dense = 0, moe = 0;
};

LayerCounts count_layers(const ModelConfig& c) {
  LayerCounts n;
  for (const auto& l : c.layers) {
    switch (l.mixer) {
      case MixerKind::kFullAttention:
      case MixerKind::kSlidingAttention:
      case MixerKind::kChunkedAttention: ++n.attention; break;
      case MixerKind::kLinearAttention: ++n.linear; break;
      case MixerKind::kMamba:
      case MixerKind::kMamba1: ++n.mamba; break;
      case MixerKind::kNone:
      case MixerKind::kUnknown: break;
    }
    if (l.ffn == FfnKind::kDense) ++n.dense;
    if (l.ffn == FfnKind::kMoe) ++n.moe;
  }
  return n;
}

std::string summary_architecture(const ModelConfig& c) {
  const LayerCounts n = count_layers(c);
  std::vector<std::string> parts;
  if (n.linear > 0) parts.push_back("GDN");
  if (n.attention > 0 || parts.empty()) parts.push_back(attention_label(c));
  if (n.mamba > 0) return parts.front() + " + Mamba2 Hybrid";
  parts.push_back(n.moe > 0 && n.dense > 0 ? "Dense/MoE" : n.moe > 0 ? "MoE" : "Dense");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " + ") + p;
  return out;
}

std::string architecture_line(const ModelConfig& c, const NamingOptions& o) {
  const LayerCounts n = count_layers(c);
  std::string out = to_string(c.num_layers) + " decoder layers, ";
  const std::string attn = attention_label(c);
  if (n.linear > 0 || n.mamba > 0) {
    std::vector<std::string> mix;
    if (n.linear > 0) mix.push_back(to_string(n.linear) + " GDN (linear attention)");
    if (n.mamba > 0) mix.push_back(to_string(n.mamba) + " Mamba2");
    if (n.attention > 0) mix.push_back(to_string(n.attention) + " " + attn);
    for (size_t i = 0; i < mix.size(); ++i) out += (i ? " + " : "") + mix[i];
    out += ", ";
  } else {
    out += attn + " attention, ";
  }
  if (n.moe > 0 && n.dense > 0) {
    out += "hybrid Dense+MoE FFN (" + to_string(n.dense) + " dense + " + to_string(n.moe) + " MoE layers)";
  } else if (n.moe > 0) {
    out += "MoE FFN";
  } else {
    out += "dense MLP";
  }
  if (o.tp > 1 || o.ep > 1) {
    out += ". Serving configuration: **TP=" + to_string(o.tp) + (o.ep > 1 ? ", EP=" + to_string(o.ep) : "") + "**";
  }
  return out;
}

}  // namespace

const CoverageStatusRow& coverage_status_row(CoverageStatus s) {
  for (const auto& r : kCoverageStatuses) {
    if (r.status == s) return r;
  }
  return kCoverageStatuses[2];
}

CoverageModel coverage_model(const ModelConfig& config, const ModuleTree& tree, const NamingOptions& options,
                             const std::string& display_name, const CoverageSources& sources) {
  CoverageModel out;
  out.display_name = display_name;
  out.summary_architecture = summary_architecture(config);
  out.architecture_line = architecture_line(config, options);
  struct Pending {
    int group;
    CoverageRow row;
  };
  std::vector<Pending> named;
  std::vector<CoverageRow> unmapped;
  std::set<std::string> seen;
  for (const Module& m : tree.modules) {
    for (const auto& d : m.definitions) {
      if (!seen.insert(d).second) continue;
      const PatternMatch match = builtin_naming_patterns().match(d);
      const std::string op_type = match.pattern ? match.pattern->op_type : "unknown";
      const OpTypeRow* row = op_type_row(op_type);
      CoverageRow r{d, label(op_type, options), CoverageStatus::kMissing};
      if (sources.defined && sources.defined(d)) {
        r.status = sources.has_workload && sources.has_workload(d) ? CoverageStatus::kCollected : CoverageStatus::kDefined;
      }
      named.push_back({row ? row->group : kUnknownGroup, std::move(r)});
    }
    if (m.definitions.empty() && is_unmapped_candidate(m.kind) && seen.insert("module:" + m.name).second) {
      unmapped.push_back({m.name, m.kind, CoverageStatus::kUnmapped});
    }
  }
  std::stable_sort(named.begin(), named.end(), [](const Pending& a, const Pending& b) { return a.group < b.group; });
  for (auto& p : named) out.rows.push_back(std::move(p.row));
  for (auto& r : unmapped) out.rows.push_back(std::move(r));
  return out;
}

std::string coverage_summary_status(const CoverageModel& model) {
  size_t names = 0, present = 0, collected = 0;
  for (const auto& r : model.rows) {
    if (r.status == CoverageStatus::kUnmapped) continue;
    ++names;
    present += r.status != CoverageStatus::kMissing;
    collected += r.status == CoverageStatus::kCollected;
  }
  const std::string ok = coverage_status_row(CoverageStatus::kCollected).symbol;
  if (names > 0 && collected == names && names == model.rows.size()) return ok + " Fully covered";
  if (present == 0) return std::string(coverage_status_row(CoverageStatus::kMissing).symbol) + " Not covered";
  return std::string(coverage_status_row(CoverageStatus::kDefined).symbol) + " Partial";
}

std::string emit_coverage_summary_row(const CoverageModel& model) {
  return "| " + model.display_name + " | " + model.summary_architecture + " | " + coverage_summary_status(model) + " |";
}

std::string emit_coverage_section(const CoverageModel& model, const std::string& nl) {
  std::string out = "## " + model.display_name + nl + nl;
  out += "**Architecture**: " + model.architecture_line + nl + nl;
  out += "| Definition | Op Type | Status |" + nl;
  out += "|-----------|---------|:------:|" + nl;
  size_t names = 0, present = 0, collected = 0;
  std::vector<std::string> missing;
  for (const auto& r : model.rows) {
    const char* symbol = coverage_status_row(r.status).symbol;
    if (r.status == CoverageStatus::kUnmapped) {
      out += "| " + r.definition + " | " + r.op_type + " | " + symbol + " |" + nl;
      continue;
    }
    out += "| `" + r.definition + "` | " + r.op_type + " | " + symbol + " |" + nl;
    ++names;
    if (r.status == CoverageStatus::kMissing) {
      missing.push_back(r.definition);
    } else {
      ++present;
    }
    collected += r.status == CoverageStatus::kCollected;
  }
  out += nl + "**Coverage**: " + std::to_string(present) + " / " + std::to_string(names) + " definitions present.";
  if (names > 0 && collected == names && names == model.rows.size()) {
    out += " Fully covered.";
  } else if (!missing.empty()) {
    out += " Missing:";
    for (size_t i = 0; i < missing.size(); ++i) out += (i ? ", `" : " `") + missing[i] + "`";
    out += ".";
  }
  return out + nl;
}

}  // namespace hfmi
