#include "naming/naming_patterns.hpp"

#include "arch/module_kinds.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {
namespace {

struct PatternRow {
  const char* op_type;
  const char* regex;
  const char* notes;
  const char* source;
  std::vector<std::string> kinds;
  std::vector<std::string> names;
};

// Regexes copied from naming_patterns.json (FlashInfer-Bench snapshot 40e6ca78), in its order.
std::vector<PatternRow> pattern_rows() {
  namespace k = kinds;
  const std::vector<std::string> norm_kinds = {k::kInputNorm, k::kResidualNorm, k::kPlainNorm, k::kFinalNorm,
                                               k::kQNorm,     k::kKNorm,        k::kMlaQaNorm, k::kMlaKvaNorm};
  const std::vector<std::string> norm_names = {"input_layernorm", "post_attention_layernorm", "norm", "q_norm",
                                               "k_norm",          "q_a_layernorm",            "kv_a_layernorm"};
  const std::vector<std::string> gemm_kinds = {k::kQkvProj,  k::kOProj,          k::kGateUpProj,      k::kUpProj,
                                               k::kDownProj, k::kSharedGateUpProj, k::kSharedDownProj, k::kGdnOProj};
  const std::vector<std::string> gemm_names = {"qkv_proj", "o_proj", "gate_up_proj", "up_proj", "down_proj"};
  const std::vector<std::string> moe_kinds = {k::kMoeGate, k::kMoeTopk, k::kMoeExperts};
  const std::vector<std::string> moe_names = {"moe_gate", "moe_topk", "moe_experts"};
  return {
      {"rmsnorm", R"(^rmsnorm_h(?P<hidden_size>\d+)$)", "hidden_size (not TP dependent)", "dataset", norm_kinds,
       norm_names},
      {"rmsnorm", R"(^fused_add_rmsnorm_h(?P<hidden_size>\d+)$)", "hidden_size; residual add fused", "dataset",
       {k::kInputNorm, k::kResidualNorm, k::kFinalNorm}, {"input_layernorm", "post_attention_layernorm", "norm"}},
      {"gemm", R"(^gemm_n(?P<N>\d+)_k(?P<K>\d+)$)",
       "N=out_features, K=in_features (weight [N,K], C=A@B.T); old naming gemm_n_{N}_k_{K} renamed in PR #202",
       "dataset", gemm_kinds, gemm_names},
      {"gqa_paged",
       R"(^gqa_paged_decode_h(?P<num_qo_heads>\d+)_kv(?P<num_kv_heads>\d+)_d(?P<head_dim>\d+)_ps(?P<page_size>\d+)$)",
       "heads divided by TP; ps in {1,64}", "dataset", {k::kGqaAttention}, {"attn"}},
      {"gqa_paged",
       R"(^gqa_paged_prefill_causal_h(?P<num_qo_heads>\d+)_kv(?P<num_kv_heads>\d+)_d(?P<head_dim>\d+)_ps(?P<page_size>\d+)$)",
       "heads divided by TP; older name gqa_paged_prefill_h.. (no _causal)", "dataset", {k::kGqaAttention}, {"attn"}},
      {"gqa_ragged",
       R"(^gqa_ragged_prefill_causal_h(?P<num_qo_heads>\d+)_kv(?P<num_kv_heads>\d+)_d(?P<head_dim>\d+)$)",
       "no page size", "dataset", {k::kGqaAttention}, {"attn"}},
      {"mla_paged",
       R"(^mla_paged_decode_h(?P<num_qo_heads>\d+)_ckv(?P<head_dim_ckv>\d+)_kpe(?P<head_dim_kpe>\d+)_ps(?P<page_size>\d+)$)",
       "h=num_attention_heads/TP; ckv=kv_lora_rank(512); kpe=qk_rope_head_dim(64)", "dataset", {k::kMlaAttention},
       {"attn_mla"}},
      {"mla_paged",
       R"(^mla_paged_prefill_causal_h(?P<num_qo_heads>\d+)_ckv(?P<head_dim_ckv>\d+)_kpe(?P<head_dim_kpe>\d+)_ps(?P<page_size>\d+)$)",
       "", "dataset", {k::kMlaAttention}, {"attn_mla"}},
      {"mla_ragged", R"(^mla_ragged_prefill_causal_h(?P<num_qo_heads>\d+)_qk(?P<qk_dim>\d+)_vo(?P<vo_dim>\d+)$)",
       "qk=qk_nope_head_dim+qk_rope_head_dim (128+64=192), vo=v_head_dim (128)", "dataset", {k::kMlaAttention},
       {"attn_mla"}},
      {"dsa_paged",
       R"(^dsa_sparse_attention_h(?P<num_qo_heads>\d+)_ckv(?P<ckv>\d+)_kpe(?P<kpe>\d+)_topk(?P<topk>\d+)_ps(?P<page_size>\d+)$)",
       "DeepSeek V3.2", "dataset", {k::kDsaAttention}, {"attn_mla"}},
      {"dsa_paged",
       R"(^dsa_topk_indexer_fp8_h(?P<num_index_heads>\d+)_d(?P<index_head_dim>\d+)_topk(?P<topk>\d+)_ps(?P<page_size>\d+)$)",
       "DeepSeek V3.2 indexer (index_n_heads=64, index_head_dim=128, index_topk=2048)", "dataset", {k::kDsaIndexer},
       {"indexer"}},
      {"gdn",
       R"(^gdn_(?P<stage>decode|prefill|mtp)_qk(?P<num_qk_heads>\d+)_v(?P<num_v_heads>\d+)_d(?P<head_size>\d+)_(?P<layout>k_last|v_last)$)",
       "qk=linear_num_key_heads/TP, v=linear_num_value_heads/TP", "dataset", {k::kGdnAttention}, {"attn_gdn"}},
      {"mamba_ssu",
       R"(^mamba_ssu_decode_h(?P<nheads>\d+)_d(?P<head_dim>\d+)_s(?P<dstate>\d+)_ng(?P<ngroups>\d+)$)",
       "nheads,ngroups divided by TP", "dataset", {k::kMambaMixer}, {"mamba_mixer"}},
      {"moe",
       R"(^moe_fp8_block_scale_ds_routing_topk(?P<top_k>\d+)_ng(?P<n_group>\d+)_kg(?P<topk_group>\d+)_e(?P<num_local_experts>\d+)_h(?P<hidden_size>\d+)_i(?P<intermediate_size>\d+)$)",
       "DeepSeek routing; e = LOCAL experts = n_routed_experts/EP; i = moe_intermediate_size", "dataset", moe_kinds,
       moe_names},
      {"moe",
       R"(^moe_fp8_block_scale_renorm_topk(?P<top_k>\d+)_e(?P<num_local_experts>\d+)_h(?P<hidden_size>\d+)_i(?P<intermediate_size>\d+)$)",
       "Renormalize routing (Qwen3 MoE / Qwen3-Next)", "dataset", moe_kinds, moe_names},
      {"moe",
       R"(^trtllm_(?P<quant>fp4_block_scale|fp8_per_tensor_scale)_(?P<routed>routed_)?moe_topk(?P<top_k>\d+)_e(?P<num_experts>\d+)_h(?P<hidden_size>\d+)_i(?P<intermediate_size>\d+)$)",
       "TRT-LLM fused MoE API names; routed_ = pre-computed topk_ids", "dataset", moe_kinds, moe_names},
      {"rope", R"(^rope_with_cos_sin_cache_(?P<style>neox|gptj)_style_d(?P<head_size>\d+)_rd(?P<rotary_dim>\d+)$)", "",
       "dataset", {k::kRotary}, {"rotary_emb"}},
      {"sampling", R"(^(?P<kind>top_k|top_p|top_k_top_p)_sampling_from_probs_v(?P<vocab_size>\d+)$)",
       "vocab_size from config (padded vocab e.g. 151936, 129280)", "dataset", {k::kLmHead}, {"lm_head"}},
      // Not in naming_patterns.json:
      {"gemm", R"(^gemm_n_(?P<N>\d+)_k_(?P<K>\d+)$)", "older gemm naming (before PR #202); --legacy-names", "legacy",
       gemm_kinds, gemm_names},
      {"rmsnorm", R"(^gemma_rmsnorm_h(?P<hidden_size>\d+)$)",
       "Gemma RMSNorm (scales by 1 + weight); named as in unmerged dataset PRs", "extension", norm_kinds, norm_names},
      {"rmsnorm", R"(^gemma_fused_add_rmsnorm_h(?P<hidden_size>\d+)$)",
       "Gemma fused add + RMSNorm; named as in unmerged dataset PRs", "extension",
       {k::kInputNorm, k::kResidualNorm, k::kFinalNorm}, {"input_layernorm", "pre_feedforward_layernorm", "norm"}},
  };
}

// Compiles one pattern; false (with the reason in *why) when NameRegex rejects it.
bool compile(NamingPattern& p, std::string* why = nullptr) {
  auto compiled = NameRegex::compile(p.regex, why);
  if (!compiled) return false;
  p.compiled = std::move(*compiled);
  p.fields = p.compiled.group_names();
  return true;
}

NamingPatterns build_builtin() {
  std::vector<NamingPattern> out;
  for (auto& row : pattern_rows()) {
    NamingPattern p;
    p.op_type = row.op_type;
    p.regex = row.regex;
    p.notes = row.notes;
    p.source = row.source;
    p.module_kinds = row.kinds;
    p.module_names = row.names;
    if (compile(p)) out.push_back(std::move(p));
  }
  return NamingPatterns(std::move(out));
}

}  // namespace

std::string ecmascript_from_python_regex(std::string_view re, std::vector<std::string>* fields) {
  std::string out;
  out.reserve(re.size());
  if (fields) fields->clear();
  size_t i = 0;
  while (i < re.size()) {
    if (re[i] == '\\' && i + 1 < re.size()) {  // an escaped '(' opens no group
      out.append(re.substr(i, 2));
      i += 2;
      continue;
    }
    if (re.compare(i, 4, "(?P<") == 0) {
      const size_t close = re.find('>', i + 4);
      if (close != std::string_view::npos) {
        if (fields) fields->emplace_back(re.substr(i + 4, close - i - 4));
        out += '(';
        i = close + 1;
        continue;
      }
    }
    if (re[i] == '(' && fields && (i + 1 >= re.size() || re[i + 1] != '?')) {
      fields->emplace_back("");  // an unnamed capturing group still takes a slot
    }
    out += re[i++];
  }
  return out;
}

PatternMatch NamingPatterns::match(const std::string& name) const {
  PatternMatch result;
  if (name.size() > 512) return result;  // no Definition name is that long
  std::vector<std::string> groups;
  for (const auto& p : patterns_) {
    if (!p.compiled.match(name, &groups)) continue;
    result.pattern = &p;
    for (size_t g = 0; g < p.fields.size() && g < groups.size(); ++g) {
      if (!p.fields[g].empty()) result.fields[p.fields[g]] = groups[g];
    }
    return result;
  }
  return result;
}

std::vector<std::string> NamingPatterns::op_types() const {
  std::vector<std::string> out;
  for (const auto& p : patterns_) {
    bool seen = false;
    for (const auto& o : out) seen = seen || o == p.op_type;
    if (!seen) out.push_back(p.op_type);
  }
  return out;
}

const NamingPatterns& builtin_naming_patterns() {
  static const NamingPatterns patterns = build_builtin();
  return patterns;
}

Result<NamingPatterns> load_naming_patterns(std::string_view json_bytes) {
  auto parsed = parse_lenient_json(json_bytes, codes::kBadOptions);
  if (!parsed) return parsed.error();
  const Json& doc = parsed.value();
  if (!doc.is_object() || !doc.contains("patterns") || !doc["patterns"].is_array()) {
    return make_error(codes::kBadOptions, "naming patterns: expected an object with a \"patterns\" array", "$.patterns");
  }
  const Json& rows = doc["patterns"];
  std::vector<NamingPattern> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string path = "$.patterns[" + std::to_string(i) + "]";
    const Json& row = rows[i];
    if (!row.is_object()) return make_error(codes::kBadOptions, "naming patterns: each pattern must be an object", path);
    if (!row.contains("op_type") || !row["op_type"].is_string() || row["op_type"].get<std::string>().empty()) {
      return make_error(codes::kBadOptions, "naming patterns: op_type must be a non-empty string", path + ".op_type");
    }
    if (!row.contains("regex") || !row["regex"].is_string() || row["regex"].get<std::string>().empty()) {
      return make_error(codes::kBadOptions, "naming patterns: regex must be a non-empty string", path + ".regex");
    }
    NamingPattern p;
    p.op_type = row["op_type"].get<std::string>();
    p.regex = row["regex"].get<std::string>();
    if (row.contains("notes") && row["notes"].is_string()) p.notes = row["notes"].get<std::string>();
    p.source = "dataset";
    p.module_kinds = module_kinds_for_op_type(p.op_type);
    p.module_names = module_names_for_op_type(p.op_type);
    std::string why;
    if (!compile(p, &why)) {
      return make_error(codes::kBadOptions, "naming patterns: regex does not compile (" + why + "): " + p.regex,
                        path + ".regex");
    }
    out.push_back(std::move(p));
  }
  return NamingPatterns(std::move(out));
}

bool matches_known_pattern(const std::string& name) { return builtin_naming_patterns().matches(name); }

std::vector<std::string> module_kinds_for_op_type(const std::string& op_type) {
  std::vector<std::string> out;
  for (const auto& p : builtin_naming_patterns().patterns()) {
    if (p.op_type != op_type) continue;
    for (const auto& k : p.module_kinds) {
      bool seen = false;
      for (const auto& o : out) seen = seen || o == k;
      if (!seen) out.push_back(k);
    }
  }
  return out;
}

std::vector<std::string> module_names_for_op_type(const std::string& op_type) {
  std::vector<std::string> out;
  for (const auto& p : builtin_naming_patterns().patterns()) {
    if (p.op_type != op_type) continue;
    for (const auto& k : p.module_names) {
      bool seen = false;
      for (const auto& o : out) seen = seen || o == k;
      if (!seen) out.push_back(k);
    }
  }
  return out;
}

}  // namespace hfmi
