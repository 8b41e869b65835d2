// A model's part of FlashInfer-Bench's docs/model_coverage.mdx: its `## Name` section (Architecture line,
// the `| Definition | Op Type | Status |` table, Coverage line) and its `## Summary` row, in the file's
// own layout (tests/fixtures/consumers/flashinfer-bench/model_coverage.mdx).
//
// Statuses follow the file's legend, one row each in kCoverageStatuses:
//   ✅ the Definition exists and a workload was collected; 🟡 it exists, no workload;
//   ❌ the name is referenced but no Definition exists; — the module exists, no Definition is mapped.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "arch/module_tree.hpp"
#include "config/model_config.hpp"
#include "naming/naming_options.hpp"

namespace hfmi {

enum class CoverageStatus { kCollected, kDefined, kMissing, kUnmapped };

struct CoverageStatusRow {
  CoverageStatus status;
  const char* symbol;   // as the legend writes it
  const char* meaning;
};
const CoverageStatusRow& coverage_status_row(CoverageStatus s);

struct CoverageRow {
  std::string definition;  // a Definition name, or a module name for kUnmapped rows
  std::string op_type;     // with the degree when split: "gqa_paged TP=8", "moe EP=8"
  CoverageStatus status = CoverageStatus::kMissing;
};

// Where the statuses come from: the dataset's Definitions and the names with collected workloads.
struct CoverageSources {
  std::function<bool(const std::string&)> defined;
  std::function<bool(const std::string&)> has_workload;
};

struct CoverageModel {
  std::string display_name;       // the section heading and the Summary row's first cell
  std::string summary_architecture;  // "GQA + Dense", "MLA + Dense/MoE", "GDN + GQA + MoE", ...
  std::string architecture_line;  // "32 decoder layers, GQA attention, dense MLP"
  std::vector<CoverageRow> rows;
};

// Rows in the file's order: norms, GEMMs, RoPE, attention, MoE, sampling (tree order within a group),
// each name once; then a — row for each attention / MoE module that has no name.
CoverageModel coverage_model(const ModelConfig& config, const ModuleTree& tree, const NamingOptions& options,
                             const std::string& display_name, const CoverageSources& sources);

// "## Name" nl nl "**Architecture**: ..." nl nl table nl "**Coverage**: ..." nl (no separator).
std::string emit_coverage_section(const CoverageModel& model, const std::string& newline = "\n");
// "| Name | GQA + Dense | ✅ Fully covered |" (no newline).
std::string emit_coverage_summary_row(const CoverageModel& model);
// "✅ Fully covered" | "🟡 Partial" | "❌ Not covered"
std::string coverage_summary_status(const CoverageModel& model);

}  // namespace hfmi
