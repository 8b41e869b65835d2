// One llm-sizer models.json entry (AMD-melliott/llm-sizer src/data/models.json) for a model: the fields
// the catalogue's schema knows, with parameters_billions at full precision, plus what a memory
// calculator needs and the schema leaves open: the vision tower and projector of a VLM, and the KV-cache
// shape (head_dim, attention type, MLA latent sizes, sliding-window layers, KV bytes per token).
// The merge into a models.json file is catalog_updater.hpp; the checks are catalog_rules.hpp.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/model_config.hpp"
#include "core/lenient_json.hpp"
#include "safetensors/safetensors_header.hpp"

namespace hfmi {

struct CatalogInputs {
  const ModelConfig& config;
  const Json& parameters;                  // model_architecture.json "parameters" (total, by_component, vision)
  const std::vector<TensorInfo>& tensors;  // the headers' tensors; empty for a config-only run
  std::string hf_model_id;                 // "meta-llama/Llama-3.1-8B"
  std::string models_ts_id;                // the models.ts id, e.g. "llama-3.1-8b"
  std::string name;                        // display name; "" = from the repo name
  int64_t kv_bytes_per_token = 0;          // KV-cache bytes per token at 16 bits (params/memory.hpp)
};

Json catalog_entry(const CatalogInputs& in);

// The catalogue's id from a models.ts id: lower case, every run of characters outside [a-z0-9]
// becomes one '-' ("llama-3.1-8b" -> "llama-3-1-8b", "Qwen2.5-VL-7B" -> "qwen2-5-vl-7b").
std::string catalog_id(std::string_view models_ts_id);

// "Llama-3.2-1B-Instruct" -> "Llama 3.2 1B Instruct" (the catalogue's naming style).
std::string catalog_display_name(std::string_view repo_name);

// The order of an entry's keys as the catalogue writes them; keys not listed follow, sorted.
const std::vector<std::string>& catalog_key_order();

}  // namespace hfmi
