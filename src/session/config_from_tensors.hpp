// A config.json the parser refuses only because a size is missing that the tensors state: the key is
// filled from the tensors and the config parsed again. Real configs do this (MixFormer's n_inner: null,
// MPT's expansion_ratio, BLOOM's implicit 4 x hidden), and the headers give the exact value.
// Fillable keys: num_hidden_layers (decoder-layer stack length), hidden_size (embedding width, else the
// most common norm width), intermediate_size (dense down projection input), vocab_size (embedding rows).
// A refusal for a value that is present but breaks the arithmetic (zero, negative, heads that do not
// divide) is never filled: it stays a refusal.
#pragma once
#include <string_view>
#include <vector>

#include "config/model_config.hpp"
#include "core/error.hpp"
#include "safetensors/safetensors_header.hpp"
#include "validate/issue.hpp"

namespace hfmi {

struct FilledConfig {
  ModelConfig config;
  Issues issues;  // one W_CONFIG_FILLED_FROM_TENSORS per filled key, at the key's JSON path
};

// Whether `e` is a refusal the tensors may lift: E_BAD_CONFIG at "$.<key>" or "$.text_config.<key>" for a
// fillable key that is absent or null in `config_bytes`.
bool fillable_config_error(std::string_view config_bytes, const Error& e);

// Fills and re-parses (a few keys at most); the last refusal when a key cannot be filled.
Result<FilledConfig> config_filled_from_tensors(std::string_view config_bytes, const Error& first_error,
                                                const std::vector<TensorInfo>& tensors);

}  // namespace hfmi
