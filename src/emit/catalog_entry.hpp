// The LLM memory/throughput calculator catalogue (models.json): one entry per model, and the merge.
#pragma once
#include <string>
#include <string_view>

#include "config/model_config.hpp"
#include "core/error.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {

// Required: id (^[a-z0-9-]+$), name, parameters_billions, hidden_size, num_layers, num_heads,
// default_context_length, architecture ("transformer" | "moe"). Optional: hf_model_id, num_kv_heads,
// intermediate_size, vocab_size, num_experts, experts_per_token.
Json catalog_entry(const ModelConfig& config, const std::string& hf_model_id, const std::string& id,
                   const std::string& name, int64_t total_parameters);

// Checks one entry against the catalogue schema; E_USAGE with the field's path when it fails.
Result<bool> validate_catalog_entry(const Json& entry);

struct CatalogUpdate {
  std::string text;
  std::string action;  // "inserted" | "replaced"
};

// Inserts `entry` into a catalogue text (a JSON array of entries, or {"models": [...]}; empty text = new
// array), sorted by parameters_billions then id. A duplicate id is refused unless `replace`.
Result<CatalogUpdate> update_catalog(std::string_view catalog_text, const Json& entry, bool replace);

}  // namespace hfmi
