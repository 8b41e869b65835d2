// parse_model_config: the bytes of any HF config.json -> one normalized ModelConfig.
//
// Driven by two tables: the field table (config_fields.cpp: normalized field <- ordered source keys) and the
// dialect table (config_dialects.cpp: per-family HF defaults and layer anatomy). Nested language models
// (`text_config`, `language_config`, `llm_config`) are read from the nested object; vision_config is decoded
// separately. ModelConfig::sources records where each value came from.
//
// Errors (E_BAD_CONFIG, Error::path = JSON path of the bad field): non-JSON bytes, a root that is not an object,
// wrong types (string/bool/fraction/negative where a count is expected), required keys missing with no default,
// zero heads or layers, hidden_size not divisible by heads when head_dim is absent, KV heads not dividing heads,
// sizes above the caps in config_fields.hpp, layer patterns whose length differs from the layer count.
// Never throws.
#pragma once
#include <string_view>

#include "config/model_config.hpp"
#include "core/error.hpp"

namespace hfmi {

Result<ModelConfig> parse_model_config(std::string_view bytes);

}  // namespace hfmi
