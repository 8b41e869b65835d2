// Gap reports for Mantile: a layer kind that no Mantile class models gets a Markdown file in
// model_builder/gaps/ with Mantile's four sections (example tensors from the dry run, documentation
// references, parallelism strategies, a test-suite specification) and a row in the gaps README table.
#pragma once
#include <array>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/model_config.hpp"
#include "core/lenient_json.hpp"
#include "safetensors/safetensors_header.hpp"

namespace hfmi {

enum class GapKind { kMla, kMamba2, kMamba1, kLinearAttention, kChunkedAttention, kCrossAttention, kUnknownMixer, kCount };

struct GapKindRow {
  GapKind kind;
  const char* slug;       // file-name part and layer-row name, e.g. "mla_attention"
  const char* title;      // "Multi-head latent attention (MLA)"
  const char* proposed_class;  // the class Mantile would need (the gap row's `class`, with supported: false)
  const char* severity;   // "HIGH" | "MEDIUM" | "LOW"
  const char* component;  // tensor_accounting component of its tensors ("attention", "mamba", ...)
  const char* why;        // why no Mantile class fits
  std::array<const char*, 3> references;  // PyTorch (transformers), vLLM, SGLang
  const char* parallelism;
  const char* tests;
};

const GapKindRow& gap_kind(GapKind k);
std::optional<GapKind> gap_kind_named(std::string_view slug);

// Where the report goes, relative to the Mantile checkout: model_builder/gaps/{model_id}_{slug}.md.
std::string gap_report_path(const std::string& model_id, GapKind k);

struct GapTensor {
  std::string name, dtype;
  std::vector<int64_t> shape;
};

struct GapReport {
  GapKind kind;
  std::string path;      // as in gap_report_path
  std::string markdown;  // the report file's text
  int64_t layers = 0;    // layers of this kind in the model
};

// `examples`: the tensors of the first layer of this kind, from the headers (empty: config-only run).
GapReport gap_report(GapKind k, const ModelConfig& c, const std::string& hf_model_id, const std::string& model_id,
                     int64_t layers, int64_t first_layer, const std::vector<GapTensor>& examples);

// The gaps README with one row per report: rows that link the same report file are rewritten in place,
// new ones are appended to the table; a missing README (empty text) or one without the table gets it.
std::string gaps_readme_update(std::string_view readme, const std::vector<GapReport>& reports,
                               const std::string& hf_model_id);

// [{kind, title, severity, layers, path, markdown}] for the analysis result, and back (for the README
// update across the WASM boundary). from_json skips rows it cannot read.
Json gap_reports_json(const std::vector<GapReport>& reports);
std::vector<GapReport> gap_reports_from_json(const Json& j);

}  // namespace hfmi
