// FlashInfer-Bench Definition names for every module of a tree, from the module's kind, the model's
// dimensions and the TP / EP / page-size options. The rule table (definition_names.cpp) maps each module
// kind (arch/module_kinds.hpp) to name templates that follow the dataset's conventions
// (naming_patterns.json): rmsnorm_h{H}, gemm_n{N}_k{K}, gqa_paged_*_h{h}_kv{kv}_d{d}_ps{ps}, mla_*, dsa_*,
// moe_fp8_block_scale_{ds_routing,renorm}_*, trtllm_*_moe_*, gdn_*, mamba_ssu_*, rope_*, *_sampling_from_probs_v*.
#pragma once
#include <string>
#include <vector>

#include "arch/module_tree.hpp"
#include "config/model_config.hpp"
#include "core/error.hpp"
#include "naming/naming_options.hpp"

namespace hfmi {

// Replaces Module::definitions of every module (and may append to Module::note, e.g. when no dataset
// family fits a router). Returns an E_USAGE error, leaving the tree untouched, when the options do not
// fit the model: tp/ep < 1, no or non-positive page sizes, TP not dividing the attention (or GDN / Mamba)
// heads or an MLP width, KV heads neither divisible by TP nor dividing it, EP not dividing the experts.
// Error::path is "options.tp", "options.ep" or "options.page_sizes[i]".
Result<bool> assign_definitions(ModuleTree& tree, const ModelConfig& config, const NamingOptions& options);

// The rule table in words, one row per module kind: {kind, templates}. For reports and docs.
struct DefinitionRuleDescription {
  std::string kind;
  std::string templates;
};
std::vector<DefinitionRuleDescription> definition_rule_descriptions();

// The page sizes the dataset has for a paged kernel family ("gqa_paged", "mla_paged",
// "dsa_sparse_attention", "dsa_topk_indexer_fp8"); empty for an unknown prefix.
std::vector<int64_t> dataset_page_sizes(const std::string& prefix);

// --gemm-tp values: "tp1" (default) and "split". parse_gemm_tp returns false for anything else.
const char* gemm_tp_flag(GemmTp id);
bool parse_gemm_tp(const std::string& flag, GemmTp* out);

}  // namespace hfmi
