// The Mantile perf-model config (gminneci/mantile backend/data/model_configs/{org}_{Name}.json): the
// model's layer kinds as rows of {name, class, count, supported, specs}, where `class` is one of
// Mantile's layer classes and `specs` holds exactly its constructor keys (mantile_classes.hpp), plus
// parameter_count / input_dim / output_dim as metadata. A kind with no Mantile class is a row with
// supported: false and a gap_report path; the report itself is in `gap_reports` (mantile_gaps.hpp).
#pragma once
#include <string>
#include <vector>

#include "config/model_config.hpp"
#include "core/lenient_json.hpp"
#include "emit/mantile_gaps.hpp"
#include "params/tensor_accounting.hpp"
#include "safetensors/safetensors_header.hpp"

namespace hfmi {

struct PerfModelInputs {
  const ModelConfig& config;
  const Json& parameters;  // model_architecture.json "parameters" section
  std::string hf_model_id;
  std::string name;        // "" = the repo name
  bool validated = false;
  Json validation_notes = Json::array();  // joined into one string, as Mantile's files have it
  Json validation_sources = Json::array();
  const std::vector<TensorInfo>* tensors = nullptr;      // headers, for the gap reports' example tensors
  const std::vector<TensorAccount>* accounts = nullptr;  // their roles (same order)
};

struct PerfModelOutput {
  Json config;                     // the {org}_{Name}.json document
  std::vector<GapReport> gap_reports;
};

PerfModelOutput perf_model_config(const PerfModelInputs& in);

// "meta-llama/Llama-3.3-70B-Instruct" -> "meta-llama_Llama-3.3-70B-Instruct" (Mantile's file name and model_id).
std::string mantile_model_id(const std::string& hf_model_id);

// "69.5B", "405.9B", "124.4M" (one decimal, as Mantile's files).
std::string format_param_count(int64_t n);

}  // namespace hfmi
