// The GGUF config dialect: a GGUF header's `{arch}.*` metadata written as the HF config.json the same
// model would have, so that parse_model_config (and every family default, the module tree, naming and
// outputs) treats a GGUF file like any other import.
//   - architectures: general.architecture is a column of the family registry (FamilyRow::gguf); the row
//     gives the HF model_type and architectures[0] (deepseek2 -> deepseek_v3 when the gating function is
//     sigmoid, else deepseek_v2); an architecture no row lists keeps its own name;
//   - keys (gguf_dialect.cpp): `{arch}.<suffix>` -> HF key (block_count -> num_hidden_layers, embedding_length -> hidden_size,
//     attention.head_count_kv -> num_key_value_heads, expert_count -> num_experts, ...).
// Derived values: vocab_size from `{arch}.vocab_size`, else the tokenizer's token count, else token_embd;
// tie_word_embeddings when no output.weight is stored; head_dim from attention.key_length (MLA: the
// nope/rope split from key_length(_mla) and rope.dimension_count); per-layer arrays (head_count_kv per
// layer) give their largest value and a note.
#pragma once
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/lenient_json.hpp"
#include "gguf/gguf_header.hpp"

namespace hfmi {

struct GgufConfig {
  Json config;                       // the HF-style config.json
  std::string gguf_architecture;     // general.architecture
  std::vector<std::string> notes;    // derived or approximated values
};

// E_BAD_HEADER when general.architecture is missing or not a string.
Result<GgufConfig> gguf_to_hf_config(const GgufHeader& header);

}  // namespace hfmi
