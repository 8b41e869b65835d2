#include "naming/naming_patterns.hpp"

#include <algorithm>
#include <iterator>

#include "arch/module_kinds.hpp"
#include "core/static_list.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {
namespace {

// A list of module kinds or names: a static array of literals.
using Words = StaticList<const char*>;
template <size_t N>
constexpr Words words(const char* const (&list)[N]) {
  return static_list(list);
}

enum class Source { kDataset, kLegacy, kExtension };
const char* source_name(Source s) {
  switch (s) {
    case Source::kDataset: return "dataset";
    case Source::kLegacy: return "legacy";
    case Source::kExtension: return "extension";
  }
  return "dataset";
}

// A row's notes (naming_patterns.json's "notes") are the comment above it: nothing reads them at run time.
struct PatternRow {
  const char* op_type;
  const char* regex;
  Source source;
  Words kinds;
  Words names;
};

namespace k = kinds;
constexpr const char* kNormKinds[] = {k::kInputNorm, k::kResidualNorm, k::kPlainNorm, k::kFinalNorm,
                                      k::kQNorm,     k::kKNorm,        k::kMlaQaNorm, k::kMlaKvaNorm};
constexpr const char* kNormNames[] = {"input_layernorm", "post_attention_layernorm", "norm", "q_norm",
                                      "k_norm",          "q_a_layernorm",            "kv_a_layernorm"};
constexpr const char* kFusedNormKinds[] = {k::kInputNorm, k::kResidualNorm, k::kFinalNorm};
constexpr const char* kFusedNormNames[] = {"input_layernorm", "post_attention_layernorm", "norm"};
constexpr const char* kGemmaFusedNormNames[] = {"input_layernorm", "pre_feedforward_layernorm", "norm"};
constexpr const char* kGemmKinds[] = {k::kQkvProj,  k::kOProj,          k::kGateUpProj,      k::kUpProj,
                                      k::kDownProj, k::kSharedGateUpProj, k::kSharedDownProj, k::kGdnOProj};
constexpr const char* kGemmNames[] = {"qkv_proj", "o_proj", "gate_up_proj", "up_proj", "down_proj"};
constexpr const char* kMoeKinds[] = {k::kMoeGate, k::kMoeTopk, k::kMoeExperts};
constexpr const char* kMoeNames[] = {"moe_gate", "moe_topk", "moe_experts"};
constexpr const char* kGqaKinds[] = {k::kGqaAttention};
constexpr const char* kAttnNames[] = {"attn"};
constexpr const char* kMlaKinds[] = {k::kMlaAttention};
constexpr const char* kAttnMlaNames[] = {"attn_mla"};
constexpr const char* kDsaKinds[] = {k::kDsaAttention};
constexpr const char* kDsaIndexerKinds[] = {k::kDsaIndexer};
constexpr const char* kIndexerNames[] = {"indexer"};
constexpr const char* kGdnKinds[] = {k::kGdnAttention};
constexpr const char* kGdnNames[] = {"attn_gdn"};
constexpr const char* kMambaKinds[] = {k::kMambaMixer};
constexpr const char* kMambaNames[] = {"mamba_mixer"};
constexpr const char* kRotaryKinds[] = {k::kRotary};
constexpr const char* kRotaryNames[] = {"rotary_emb"};
constexpr const char* kLmHeadKinds[] = {k::kLmHead};
constexpr const char* kLmHeadNames[] = {"lm_head"};

constexpr Source kDataset = Source::kDataset;

// Regexes copied from naming_patterns.json (FlashInfer-Bench snapshot 40e6ca78), in its order.
constexpr PatternRow kPatternRows[] = {
    // hidden_size (not TP dependent)
    {"rmsnorm", R"(^rmsnorm_h(?P<hidden_size>\d+)$)", kDataset, words(kNormKinds), words(kNormNames)},
    // hidden_size; residual add fused
    {"rmsnorm", R"(^fused_add_rmsnorm_h(?P<hidden_size>\d+)$)",
     kDataset, words(kFusedNormKinds), words(kFusedNormNames)},
    // N=out_features, K=in_features (weight [N,K], C=A@B.T); old naming gemm_n_{N}_k_{K} renamed in PR #202
    {"gemm", R"(^gemm_n(?P<N>\d+)_k(?P<K>\d+)$)", kDataset, words(kGemmKinds), words(kGemmNames)},
    // heads divided by TP; ps in {1,64}
    {"gqa_paged",
     R"(^gqa_paged_decode_h(?P<num_qo_heads>\d+)_kv(?P<num_kv_heads>\d+)_d(?P<head_dim>\d+)_ps(?P<page_size>\d+)$)",
     kDataset, words(kGqaKinds), words(kAttnNames)},
    // heads divided by TP; older name gqa_paged_prefill_h.. (no _causal)
    {"gqa_paged",
     R"(^gqa_paged_prefill_causal_h(?P<num_qo_heads>\d+)_kv(?P<num_kv_heads>\d+)_d(?P<head_dim>\d+)_ps(?P<page_size>\d+)$)",
     kDataset, words(kGqaKinds), words(kAttnNames)},
    // no page size
    {"gqa_ragged", R"(^gqa_ragged_prefill_causal_h(?P<num_qo_heads>\d+)_kv(?P<num_kv_heads>\d+)_d(?P<head_dim>\d+)$)",
     kDataset, words(kGqaKinds), words(kAttnNames)},
    // h=num_attention_heads/TP; ckv=kv_lora_rank(512); kpe=qk_rope_head_dim(64)
    {"mla_paged",
     R"(^mla_paged_decode_h(?P<num_qo_heads>\d+)_ckv(?P<head_dim_ckv>\d+)_kpe(?P<head_dim_kpe>\d+)_ps(?P<page_size>\d+)$)",
     kDataset, words(kMlaKinds), words(kAttnMlaNames)},
    {"mla_paged",
     R"(^mla_paged_prefill_causal_h(?P<num_qo_heads>\d+)_ckv(?P<head_dim_ckv>\d+)_kpe(?P<head_dim_kpe>\d+)_ps(?P<page_size>\d+)$)",
     kDataset, words(kMlaKinds), words(kAttnMlaNames)},
    // qk=qk_nope_head_dim+qk_rope_head_dim (128+64=192), vo=v_head_dim (128)
    {"mla_ragged", R"(^mla_ragged_prefill_causal_h(?P<num_qo_heads>\d+)_qk(?P<qk_dim>\d+)_vo(?P<vo_dim>\d+)$)",
     kDataset, words(kMlaKinds), words(kAttnMlaNames)},
    // DeepSeek V3.2
    {"dsa_paged",
     R"(^dsa_sparse_attention_h(?P<num_qo_heads>\d+)_ckv(?P<ckv>\d+)_kpe(?P<kpe>\d+)_topk(?P<topk>\d+)_ps(?P<page_size>\d+)$)",
     kDataset, words(kDsaKinds), words(kAttnMlaNames)},
    // DeepSeek V3.2 indexer (index_n_heads=64, index_head_dim=128, index_topk=2048)
    {"dsa_paged",
     R"(^dsa_topk_indexer_fp8_h(?P<num_index_heads>\d+)_d(?P<index_head_dim>\d+)_topk(?P<topk>\d+)_ps(?P<page_size>\d+)$)",
     kDataset, words(kDsaIndexerKinds), words(kIndexerNames)},
    // qk=linear_num_key_heads/TP, v=linear_num_value_heads/TP
    {"gdn",
     R"(^gdn_(?P<stage>decode|prefill|mtp)_qk(?P<num_qk_heads>\d+)_v(?P<num_v_heads>\d+)_d(?P<head_size>\d+)_(?P<layout>k_last|v_last)$)",
     kDataset, words(kGdnKinds), words(kGdnNames)},
    // nheads,ngroups divided by TP
    {"mamba_ssu", R"(^mamba_ssu_decode_h(?P<nheads>\d+)_d(?P<head_dim>\d+)_s(?P<dstate>\d+)_ng(?P<ngroups>\d+)$)",
     kDataset, words(kMambaKinds), words(kMambaNames)},
    // DeepSeek routing; e = LOCAL experts = n_routed_experts/EP; i = moe_intermediate_size
    {"moe",
     R"(^moe_fp8_block_scale_ds_routing_topk(?P<top_k>\d+)_ng(?P<n_group>\d+)_kg(?P<topk_group>\d+)_e(?P<num_local_experts>\d+)_h(?P<hidden_size>\d+)_i(?P<intermediate_size>\d+)$)",
     kDataset, words(kMoeKinds), words(kMoeNames)},
    // Renormalize routing (Qwen3 MoE / Qwen3-Next)
    {"moe",
     R"(^moe_fp8_block_scale_renorm_topk(?P<top_k>\d+)_e(?P<num_local_experts>\d+)_h(?P<hidden_size>\d+)_i(?P<intermediate_size>\d+)$)",
     kDataset, words(kMoeKinds), words(kMoeNames)},
    // TRT-LLM fused MoE API names; routed_ = pre-computed topk_ids
    {"moe",
     R"(^trtllm_(?P<quant>fp4_block_scale|fp8_per_tensor_scale)_(?P<routed>routed_)?moe_topk(?P<top_k>\d+)_e(?P<num_experts>\d+)_h(?P<hidden_size>\d+)_i(?P<intermediate_size>\d+)$)",
     kDataset, words(kMoeKinds), words(kMoeNames)},
    {"rope", R"(^rope_with_cos_sin_cache_(?P<style>neox|gptj)_style_d(?P<head_size>\d+)_rd(?P<rotary_dim>\d+)$)",
     kDataset, words(kRotaryKinds), words(kRotaryNames)},
    // vocab_size from config (padded vocab e.g. 151936, 129280)
    {"sampling", R"(^(?P<kind>top_k|top_p|top_k_top_p)_sampling_from_probs_v(?P<vocab_size>\d+)$)",
     kDataset, words(kLmHeadKinds), words(kLmHeadNames)},
    // Not in naming_patterns.json:
    // older gemm naming (before PR #202); --legacy-names
    {"gemm", R"(^gemm_n_(?P<N>\d+)_k_(?P<K>\d+)$)", Source::kLegacy, words(kGemmKinds), words(kGemmNames)},
    // Gemma RMSNorm (scales by 1 + weight); named as in unmerged dataset PRs
    {"rmsnorm", R"(^gemma_rmsnorm_h(?P<hidden_size>\d+)$)", Source::kExtension, words(kNormKinds), words(kNormNames)},
    // Gemma fused add + RMSNorm; named as in unmerged dataset PRs
    {"rmsnorm", R"(^gemma_fused_add_rmsnorm_h(?P<hidden_size>\d+)$)",
     Source::kExtension, words(kFusedNormKinds), words(kGemmaFusedNormNames)},
};
// naming_patterns.json's 18 rows, the legacy gemm row and the two Gemma rows (the header's count).
static_assert(sizeof(kPatternRows) / sizeof(kPatternRows[0]) == 21, "pattern rows: 18 dataset + 1 legacy + 2 Gemma");

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
  out.reserve(std::size(kPatternRows));
  for (const PatternRow& row : kPatternRows) {
    NamingPattern p;
    p.op_type = row.op_type;
    p.regex = row.regex;
    p.source = source_name(row.source);
    p.module_kinds.assign(row.kinds.begin(), row.kinds.end());
    p.module_names.assign(row.names.begin(), row.names.end());
    if (compile(p)) out.push_back(std::move(p));
  }
  return NamingPatterns(std::move(out));
}

// The distinct module kinds (or names) of the built-in rows of one op_type, in table order.
std::vector<std::string> distinct_for_op_type(const std::string& op_type, Words PatternRow::*list) {
  std::vector<std::string> out;
  for (const PatternRow& row : kPatternRows) {
    if (op_type != row.op_type) continue;
    for (const char* w : row.*list) {
      if (std::find(out.begin(), out.end(), w) == out.end()) out.emplace_back(w);
    }
  }
  return out;
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
  return distinct_for_op_type(op_type, &PatternRow::kinds);
}

std::vector<std::string> module_names_for_op_type(const std::string& op_type) {
  return distinct_for_op_type(op_type, &PatternRow::names);
}

}  // namespace hfmi
