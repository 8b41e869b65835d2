// The per-layer performance-model config: the model's layer kinds, each with a supported class
// (attention, grouped-query attention, sliding-window attention, MLP, gated MLP, MoE, norm, embedding)
// or a gap report (Markdown) when no class fits.
#pragma once
#include <string>

#include "config/model_config.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {

struct PerfModelInputs {
  const ModelConfig& config;
  const Json& parameters;  // model_architecture.json "parameters" section
  std::string model_id;    // our id (slug)
  std::string hf_model_id;
  std::string name;
  bool validated = false;
  Json validation_notes = Json::array();
  Json validation_sources = Json::array();
};

Json perf_model_config(const PerfModelInputs& in);

// "8.03B", "124.44M", "1.5T".
std::string format_param_count(int64_t n);

}  // namespace hfmi
