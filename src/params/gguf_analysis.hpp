// One GGUF file (all its parts) analysed: the config read through the GGUF dialect (parse_model_config on
// the HF-style config gguf_to_hf_config writes), the exact accounting, the KV cache, and, when the repo
// also has a config.json, the reconciliation of the two (a disagreement names both values).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config/model_config.hpp"
#include "core/error.hpp"
#include "core/lenient_json.hpp"
#include "gguf/gguf_dialect.hpp"
#include "params/gguf_accounting.hpp"
#include "params/memory.hpp"

namespace hfmi {

struct GgufAnalysis {
  GgufConfig dialect;                   // the HF-style config from the metadata, and its notes
  ModelConfig config;                   // parsed from dialect.config
  GgufFileAccount account;
  KvCacheReport kv;                     // from the GGUF's own hparams
  std::vector<std::string> reconciliation;  // "num_hidden_layers: GGUF 32, config.json 30"; empty when they agree
};

// `parts`: complete headers of one file (or of every part of a split file), the first part first.
// `hf_config_json`: the repo's config.json bytes, or "" when it has none.
Result<GgufAnalysis> analyze_gguf(const std::vector<const GgufHeader*>& parts, std::string_view hf_config_json,
                                  int64_t context_length);

// {file, parts, quantization, file_type, bits_per_weight, tensor_bytes, file_bytes, parameters, by_type:
//  {type: {tensors, parameters, bytes, bits_per_weight}}}: one row of model_architecture.json's "gguf".
Json gguf_file_json(const GgufFileAccount& account);

}  // namespace hfmi
