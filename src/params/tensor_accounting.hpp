// Exact parameter accounting from safetensors headers: per dtype, per component, per layer, with
// quantized storage unpacked to logical parameters and non-parameters (buffers, quantization scales
// and zero points) reported apart.
//
// Every tensor gets a role from two tables (tensor_accounting.cpp):
//   - the storage rules (name suffix + dtype + quantization method): parameter (with a packing factor),
//     quantization auxiliary (scales, zero points, g_idx, absmax...), or buffer (GPT-2 attn.bias,
//     inv_freq...). The first matching row wins; no row = a parameter counted 1:1.
//   - the component rules (substring / suffix -> component), after vision, MTP and per-layer-kind checks.
// Components (by_component keys, the same as config_estimate.hpp): "embeddings", "position_embeddings",
// "attention", "dense_mlp", "routed_experts", "shared_experts", "router", "norms", "lm_head", "mtp",
// "mamba", "linear_attention", "vision", and "other" for names no rule knows (listed in notes).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/model_config.hpp"
#include "safetensors/safetensors_header.hpp"
#include "structure/tensor_roles.hpp"

namespace hfmi {

// How one stored tensor is counted. `kind` and `component` view static texts (the rule tables' own): a
// tensor's role costs no string of its own, and they compare by content like the strings they were.
struct TensorAccount {
  std::string_view kind;       // "parameter" | "quant_aux" | "buffer"
  std::string_view component;  // for parameters (see above); "" otherwise
  int64_t layer = -1;      // decoder layer index from "layers.<i>." / "h.<i>." / "blocks.<i>.", -1 if none
  int64_t elements = 0;    // stored elements (shape product)
  int64_t parameters = 0;  // logical parameters (0 unless kind == "parameter")
  std::string format;      // logical format of the parameters: the dtype, or "MXFP4", "INT4", "NF4", "FP4"...
  int64_t stored_bytes = 0;
  bool not_active = false;  // only steers expert selection (kNotActive): in total, not in active
};

struct ParamReport {
  int64_t total = 0;   // every parameter stored (including MTP layers and the vision tower)
  // Per token: total - MTP layers - expert-selection biases (DeepSeek e_score_correction_bias, as the
  // published 37B counts it) - routed experts + routed experts * top_k / num_experts.
  int64_t active = 0;
  int64_t active_excluding_embeddings = 0;  // active without the input embedding (gpt-oss's published convention)
  std::map<std::string, int64_t> by_dtype;       // logical format -> parameters
  std::map<std::string, int64_t> by_component;   // component -> parameters
  std::map<int64_t, int64_t> by_layer;           // decoder (and MTP) layer index -> parameters
  int64_t buffers = 0;                           // elements of non-parameter buffers
  std::vector<std::string> buffer_names_sample;  // up to 8 names
  int64_t quant_aux_elements = 0;                // scales, zeros, g_idx, absmax...: not parameters
  int64_t mtp = 0;                               // parameters of multi-token-prediction layers
  int64_t vision = 0;                            // parameters of the vision tower and projector
  std::map<std::string, int64_t> stored_bytes_by_dtype;  // safetensors dtype -> bytes (every tensor)
  int64_t stored_bytes = 0;
  std::map<int64_t, int64_t> stored_bytes_by_layer;      // layer -> bytes of every tensor in it
  int64_t tensor_count = 0;
  std::optional<int64_t> declared_total;  // __metadata__ / index total_parameters, when given (never trusted)
  std::string quantization;               // effective method: config's, or inferred from tensor names
  int64_t quantization_bits = 0;
  std::vector<std::string> notes;
};

// The role of every tensor, in input order.
std::vector<TensorAccount> classify_tensors(const std::vector<TensorInfo>& tensors, const ModelConfig& config);

// Sums classify_tensors() into a report. `declared_total` (a header's __metadata__.total_parameters or
// the index's metadata.total_parameters) is only compared: a difference becomes a note.
ParamReport account_parameters(const std::vector<TensorInfo>& tensors, const ModelConfig& config,
                               std::optional<int64_t> declared_total = std::nullopt);

// The same, from roles already given by classify_tensors(tensors, config) (so a caller that also needs
// the roles, e.g. for tensors.csv, classifies once).
ParamReport account_classified(const std::vector<TensorInfo>& tensors, const std::vector<TensorAccount>& accounts,
                               const ModelConfig& config, std::optional<int64_t> declared_total = std::nullopt);

// Both at once, for a caller that needs the roles (into `accounts`) and the report: every name table
// (quantization hints, storage and component rules, the not-active list) is read once per distinct index
// pattern instead of once per tensor. `patterns`: tensor_patterns(tensors) when the caller has them (the session
// shares them with read_structure), taken here otherwise.
ParamReport account_tensors(const std::vector<TensorInfo>& tensors, const ModelConfig& config,
                            std::vector<TensorAccount>& accounts, const TensorPatterns* patterns = nullptr);

}  // namespace hfmi
