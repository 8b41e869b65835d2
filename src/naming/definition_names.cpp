// The naming rule table. One row per module kind: the Definition names a module of that kind gets.
// Conventions (checked against the dataset snapshot, tests/fixtures/flashinfer-bench):
//  - norms (llama-3.1-8b entry): the first norm of a layer runs plain rmsnorm (layer 0) and fused add+rmsnorm
//    (later layers), so it gets both; a norm fused with the residual gets fused_add only; the final norm
//    too; Gemma norms use the gemma_ kernels ((1 + w) scaling); LayerNorm models get none.
//  - gemm_n{N}_k{K}: weight [N, K] at its full (TP 1) shape by default, as the project names GEMMs
//    (attention is per TP rank, GEMMs are not); --gemm-tp split gives per-rank shapes (column-parallel
//    N / TP, row-parallel K / TP). The two conventions are rows of kGemmConventions.
//    Not assigned to MLA projections (absorbed into the MLA kernels / FP8 BMMs, as in the deepseek-v3
//    entry) or lm_head. The MoE router is gemm_n{experts}_k{hidden} (model_coverage.mdx: gemm_n256_k7168).
//  - attention: heads / TP; KV heads / TP, at least 1 (replicated when TP > KV heads).
//  - MoE: e = num_experts / EP (local experts); i = moe_intermediate_size (not split by TP).
//  - paged kernels: one name per page size that the kernel family has in the dataset (kPagedKernels);
//    ordered as in the entries (GQA: paged prefill, paged decode, ragged; MLA: ragged, paged prefill,
//    paged decode).
//  - rope_with_cos_sin_cache_{neox|gptj}_style: for partial rotary (rotary_dim < head_dim), the one case
//    the dataset has (minimax-m2); for full rotary too with NamingOptions::rope_full.
#include "naming/definition_names.hpp"

#include <algorithm>

#include "arch/family_template.hpp"
#include "arch/module_kinds.hpp"

namespace hfmi {
namespace {

using Names = std::vector<std::string>;
using std::to_string;

// Everything a rule needs about one module.
struct Naming {
  const ModelConfig& config;
  const NamingOptions& options;
  const FamilyTemplate* family;  // nullptr for the generic template
  const Module& module;
  const LayerSpec* layer;        // the module's first decoder layer, or nullptr
  std::string note;              // appended to Module::note
};

Error option_error(const std::string& option, const std::string& message) {
  return make_error(codes::kBadOptions, message, "options." + option);
}

// total / parts, or an error naming the option when it does not divide.
Result<int64_t> split(int64_t total, int64_t parts, const std::string& what, const char* option) {
  if (total <= 0) return int64_t{0};
  if (total % parts != 0) {
    return option_error(option, std::string(option) + " " + to_string(parts) + " does not divide the " +
                                    to_string(total) + " " + what);
  }
  return total / parts;
}

// KV heads per TP rank: split when TP <= KV heads, else replicated (1 per rank) when TP is a multiple.
Result<int64_t> split_kv(int64_t kv, int64_t tp) {
  if (kv <= 0) return int64_t{0};
  if (kv >= tp) return split(kv, tp, "key-value heads", "tp");
  if (tp % kv != 0) {
    return option_error("tp", "tp " + to_string(tp) + " is neither divisible by nor a divisor of the " + to_string(kv) +
                                  " key-value heads");
  }
  return int64_t{1};
}

// ---------------------------------------------------------------- data rows: GEMM and page-size conventions
struct GemmConvention {
  GemmTp id;
  const char* flag;   // the --gemm-tp value
  bool split_by_tp;   // divide column-parallel N and row-parallel K by TP
};
constexpr GemmConvention kGemmConventions[] = {
    {GemmTp::kTp1, "tp1", false},
    {GemmTp::kSplit, "split", true},
};
static_assert(sizeof(kGemmConventions) / sizeof(kGemmConventions[0]) == 2, "one row per GemmTp");

// The TP degree GEMM widths are divided by.
int64_t gemm_degree(const NamingOptions& o) {
  for (const auto& row : kGemmConventions) {
    if (row.id == o.gemm_tp) return row.split_by_tp ? o.tp : 1;
  }
  return 1;
}

// Paged kernel families and the page sizes the dataset has for each (definitions_index.json, 156 names).
enum class PagedKernel { kGqa, kMla, kDsaAttention, kDsaIndexer };
struct PagedKernelRow {
  PagedKernel id;
  const char* prefix;
  std::vector<int64_t> page_sizes;
};
const PagedKernelRow kPagedKernels[] = {
    {PagedKernel::kGqa, "gqa_paged", {1, 64}},
    {PagedKernel::kMla, "mla_paged", {1, 64}},
    {PagedKernel::kDsaAttention, "dsa_sparse_attention", {1, 64}},
    {PagedKernel::kDsaIndexer, "dsa_topk_indexer_fp8", {64}},  // no _ps1 indexer exists
};
static_assert(sizeof(kPagedKernels) / sizeof(kPagedKernels[0]) == 4, "one row per PagedKernel");

}  // namespace
std::vector<int64_t> dataset_page_sizes(const std::string& prefix) {
  for (const auto& row : kPagedKernels) {
    if (prefix == row.prefix) return row.page_sizes;
  }
  return {};
}
const char* gemm_tp_flag(GemmTp id) {
  for (const auto& row : kGemmConventions) {
    if (row.id == id) return row.flag;
  }
  return "";
}
bool parse_gemm_tp(const std::string& flag, GemmTp* out) {
  for (const auto& row : kGemmConventions) {
    if (flag == row.flag) {
      *out = row.id;
      return true;
    }
  }
  return false;
}
namespace {

// The requested page sizes this kernel family has, in the requested order; the family's own when none.
std::vector<int64_t> page_sizes_for(PagedKernel kernel, const NamingOptions& o) {
  const PagedKernelRow* row = nullptr;
  for (const auto& r : kPagedKernels) row = r.id == kernel ? &r : row;
  if (!row) return o.page_sizes;
  std::vector<int64_t> out;
  for (int64_t ps : o.page_sizes) {
    if (std::find(row->page_sizes.begin(), row->page_sizes.end(), ps) != row->page_sizes.end() &&
        std::find(out.begin(), out.end(), ps) == out.end()) {
      out.push_back(ps);
    }
  }
  return out.empty() ? row->page_sizes : out;
}

std::string gemm(int64_t n, int64_t k, const NamingOptions& o) {
  if (n <= 0 || k <= 0) return "";
  return o.legacy_names ? "gemm_n_" + to_string(n) + "_k_" + to_string(k) : "gemm_n" + to_string(n) + "_k" + to_string(k);
}

Names one(std::string name) {
  if (name.empty()) return {};
  return {std::move(name)};
}

int64_t layer_kv(const Naming& x) {
  return x.layer && x.layer->num_kv_heads > 0 ? x.layer->num_kv_heads : x.config.num_kv_heads;
}

int64_t layer_width(const Naming& x) {
  return x.layer && x.layer->ffn == FfnKind::kDense && x.layer->intermediate_size > 0 ? x.layer->intermediate_size
                                                                                      : x.config.intermediate_size;
}

// ---------------------------------------------------------------- norms
enum NormKernels { kPlain = 1, kFused = 2 };

Names norm_names(Naming& x, int64_t width, int kernels) {
  if (x.config.norm_type == "layernorm" || width <= 0) return {};
  const std::string prefix = x.family && x.family->norm == NormFlavour::kGemmaRms ? "gemma_" : "";
  Names out;
  if (kernels & kPlain) out.push_back(prefix + "rmsnorm_h" + to_string(width));
  if (kernels & kFused) out.push_back(prefix + "fused_add_rmsnorm_h" + to_string(width));
  return out;
}

Result<Names> input_norm(Naming& x) { return norm_names(x, x.config.hidden_size, kPlain | kFused); }
Result<Names> residual_norm(Naming& x) { return norm_names(x, x.config.hidden_size, kFused); }
Result<Names> plain_norm(Naming& x) { return norm_names(x, x.config.hidden_size, kPlain); }
Result<Names> final_norm(Naming& x) {
  // Post-norm families (Olmo 2/3) add the residual outside the norm.
  const bool post = x.family && x.family->norm_layout == NormLayout::kPost;
  return norm_names(x, x.config.hidden_size, post ? kPlain : kFused);
}
Result<Names> q_norm(Naming& x) {
  const int64_t w = x.config.qk_norm_full_width ? x.config.num_heads * x.config.head_dim : x.config.head_dim;
  return norm_names(x, w, kPlain);
}
Result<Names> k_norm(Naming& x) {
  const int64_t w = x.config.qk_norm_full_width ? layer_kv(x) * x.config.head_dim : x.config.head_dim;
  return norm_names(x, w, kPlain);
}
Result<Names> mla_q_a_norm(Naming& x) { return norm_names(x, x.config.mla ? x.config.mla->q_lora_rank : 0, kPlain); }
Result<Names> mla_kv_a_norm(Naming& x) { return norm_names(x, x.config.mla ? x.config.mla->kv_lora_rank : 0, kPlain); }

// ---------------------------------------------------------------- softmax attention
Result<Names> qkv_proj(Naming& x) {
  const int64_t g = gemm_degree(x.options);
  auto h = split(x.config.num_heads, g, "attention heads", "tp");
  if (!h) return h.error();
  auto kv = split_kv(layer_kv(x), g);
  if (!kv) return kv.error();
  const int64_t q_heads = h.value() * (x.config.attention_output_gate ? 2 : 1);
  return one(gemm((q_heads + 2 * kv.value()) * x.config.head_dim, x.config.hidden_size, x.options));
}

Result<Names> o_proj(Naming& x) {
  auto h = split(x.config.num_heads, gemm_degree(x.options), "attention heads", "tp");
  if (!h) return h.error();
  return one(gemm(x.config.hidden_size, h.value() * x.config.head_dim, x.options));
}

Result<Names> gqa_attention(Naming& x) {
  auto h = split(x.config.num_heads, x.options.tp, "attention heads", "tp");
  if (!h) return h.error();
  auto kv = split_kv(layer_kv(x), x.options.tp);
  if (!kv) return kv.error();
  if (h.value() <= 0 || kv.value() <= 0 || x.config.head_dim <= 0) return Names{};
  const std::string dims = "_h" + to_string(h.value()) + "_kv" + to_string(kv.value()) + "_d" + to_string(x.config.head_dim);
  const std::vector<int64_t> pages = page_sizes_for(PagedKernel::kGqa, x.options);
  Names out;
  for (int64_t ps : pages) out.push_back("gqa_paged_prefill_causal" + dims + "_ps" + to_string(ps));
  for (int64_t ps : pages) out.push_back("gqa_paged_decode" + dims + "_ps" + to_string(ps));
  out.push_back("gqa_ragged_prefill_causal" + dims);
  return out;
}

Result<Names> rotary(Naming& x) {
  const int64_t d = x.config.head_dim;
  const int64_t rd = x.config.partial_rotary_dim;
  if (x.config.attention_type == AttentionType::kMla || d <= 0) return Names{};
  const bool partial = rd > 0 && rd < d;
  if (!partial && !x.options.rope_full) return Names{};
  const int64_t rotary_dim = partial ? rd : d;
  const std::string style = x.family ? x.family->rope_style : "neox";
  return one("rope_with_cos_sin_cache_" + style + "_style_d" + to_string(d) + "_rd" + to_string(rotary_dim));
}

// ---------------------------------------------------------------- MLA / DSA
Result<Names> mla_attention(Naming& x) {
  if (!x.config.mla) {
    x.note = "MLA dimensions are missing from the config; no Definitions assigned";
    return Names{};
  }
  const MlaConfig& m = *x.config.mla;
  auto h = split(x.config.num_heads, x.options.tp, "attention heads", "tp");
  if (!h) return h.error();
  if (h.value() <= 0 || m.kv_lora_rank <= 0 || m.qk_rope_head_dim <= 0) return Names{};
  const std::string hs = "_h" + to_string(h.value());
  const std::string latent = "_ckv" + to_string(m.kv_lora_rank) + "_kpe" + to_string(m.qk_rope_head_dim);
  Names out;
  out.push_back("mla_ragged_prefill_causal" + hs + "_qk" + to_string(m.qk_nope_head_dim + m.qk_rope_head_dim) + "_vo" +
                to_string(m.v_head_dim));
  const std::vector<int64_t> pages = page_sizes_for(PagedKernel::kMla, x.options);
  for (int64_t ps : pages) out.push_back("mla_paged_prefill_causal" + hs + latent + "_ps" + to_string(ps));
  for (int64_t ps : pages) out.push_back("mla_paged_decode" + hs + latent + "_ps" + to_string(ps));
  return out;
}

Result<Names> dsa_attention(Naming& x) {
  if (!x.config.mla || x.config.index_topk <= 0) {
    x.note = "DSA dimensions (kv_lora_rank, index_topk) are missing from the config; no Definitions assigned";
    return Names{};
  }
  const MlaConfig& m = *x.config.mla;
  auto h = split(x.config.num_heads, x.options.tp, "attention heads", "tp");
  if (!h) return h.error();
  Names out;
  for (int64_t ps : page_sizes_for(PagedKernel::kDsaAttention, x.options)) {
    out.push_back("dsa_sparse_attention_h" + to_string(h.value()) + "_ckv" + to_string(m.kv_lora_rank) + "_kpe" +
                  to_string(m.qk_rope_head_dim) + "_topk" + to_string(x.config.index_topk) + "_ps" + to_string(ps));
  }
  return out;
}

Result<Names> dsa_indexer(Naming& x) {
  // The indexer's heads are not split by TP (dsa_topk_indexer_fp8_h64 at TP 8 in the dataset).
  if (x.config.index_n_heads <= 0 || x.config.index_head_dim <= 0 || x.config.index_topk <= 0) return Names{};
  Names out;
  for (int64_t ps : page_sizes_for(PagedKernel::kDsaIndexer, x.options)) {
    out.push_back("dsa_topk_indexer_fp8_h" + to_string(x.config.index_n_heads) + "_d" +
                  to_string(x.config.index_head_dim) + "_topk" + to_string(x.config.index_topk) + "_ps" + to_string(ps));
  }
  return out;
}

// ---------------------------------------------------------------- Gated DeltaNet, Mamba2
Result<Names> gdn_attention(Naming& x) {
  if (!x.config.linear_attention) {
    x.note = "linear-attention dimensions are missing from the config; no Definitions assigned";
    return Names{};
  }
  const LinearAttentionConfig& g = *x.config.linear_attention;
  auto qk = split(g.num_key_heads, x.options.tp, "linear-attention key heads", "tp");
  if (!qk) return qk.error();
  auto v = split(g.num_value_heads, x.options.tp, "linear-attention value heads", "tp");
  if (!v) return v.error();
  if (qk.value() <= 0 || v.value() <= 0 || g.key_head_dim <= 0) return Names{};
  const std::string dims = "_qk" + to_string(qk.value()) + "_v" + to_string(v.value()) + "_d" + to_string(g.key_head_dim);
  // Order of the qwen3-next-80b-a3b entry.
  return Names{"gdn_prefill" + dims + "_k_last", "gdn_decode" + dims + "_k_last", "gdn_prefill" + dims + "_v_last",
               "gdn_decode" + dims + "_v_last",  "gdn_mtp" + dims + "_k_last",    "gdn_mtp" + dims + "_v_last"};
}

Result<Names> gdn_o_proj(Naming& x) {
  if (!x.config.linear_attention) return Names{};
  const LinearAttentionConfig& g = *x.config.linear_attention;
  auto v = split(g.num_value_heads, gemm_degree(x.options), "linear-attention value heads", "tp");
  if (!v) return v.error();
  return one(gemm(x.config.hidden_size, v.value() * g.value_head_dim, x.options));
}

Result<Names> mamba_mixer(Naming& x) {
  if (!x.config.mamba) {
    x.note = "Mamba dimensions are missing from the config; no Definitions assigned";
    return Names{};
  }
  const MambaConfig& m = *x.config.mamba;
  auto h = split(m.num_heads, x.options.tp, "Mamba heads", "tp");
  if (!h) return h.error();
  auto g = split(m.n_groups, x.options.tp, "Mamba groups", "tp");
  if (!g) return g.error();
  if (h.value() <= 0 || g.value() <= 0 || m.head_dim <= 0 || m.state_size <= 0) return Names{};
  return one("mamba_ssu_decode_h" + to_string(h.value()) + "_d" + to_string(m.head_dim) + "_s" + to_string(m.state_size) +
             "_ng" + to_string(g.value()));
}

// ---------------------------------------------------------------- feed-forward
Result<Names> gate_up_proj(Naming& x) {
  auto i = split(layer_width(x), gemm_degree(x.options), "MLP intermediate size", "tp");
  if (!i) return i.error();
  return one(gemm(2 * i.value(), x.config.hidden_size, x.options));
}

Result<Names> up_proj(Naming& x) {
  auto i = split(layer_width(x), gemm_degree(x.options), "MLP intermediate size", "tp");
  if (!i) return i.error();
  return one(gemm(i.value(), x.config.hidden_size, x.options));
}

Result<Names> down_proj(Naming& x) {
  auto i = split(layer_width(x), gemm_degree(x.options), "MLP intermediate size", "tp");
  if (!i) return i.error();
  return one(gemm(x.config.hidden_size, i.value(), x.options));
}

int64_t shared_width(const ModelConfig& c) {
  if (!c.moe) return 0;
  if (c.moe->shared_expert_intermediate_size > 0) return c.moe->shared_expert_intermediate_size;
  return c.moe->num_shared_experts * c.moe->moe_intermediate_size;
}

Result<Names> shared_gate_up_proj(Naming& x) {
  auto s = split(shared_width(x.config), gemm_degree(x.options), "shared-expert intermediate size", "tp");
  if (!s) return s.error();
  return one(gemm(2 * s.value(), x.config.hidden_size, x.options));
}

Result<Names> shared_down_proj(Naming& x) {
  auto s = split(shared_width(x.config), gemm_degree(x.options), "shared-expert intermediate size", "tp");
  if (!s) return s.error();
  return one(gemm(x.config.hidden_size, s.value(), x.options));
}

// The fused-MoE names (the same on moe_gate, moe_topk and moe_experts, as in the deepseek-v3 entry).
Result<Names> fused_moe(Naming& x) {
  if (!x.config.moe) {
    x.note = "MoE dimensions are missing from the config; no Definitions assigned";
    return Names{};
  }
  const MoeConfig& m = *x.config.moe;
  auto e = split(m.num_experts, x.options.ep, "routed experts", "ep");
  if (!e) return e.error();
  if (e.value() <= 0 || m.experts_per_token <= 0 || m.moe_intermediate_size <= 0) return Names{};
  const std::string tail = "_e" + to_string(e.value()) + "_h" + to_string(x.config.hidden_size) + "_i" +
                           to_string(m.moe_intermediate_size);
  const std::string topk = "_topk" + to_string(m.experts_per_token);
  const MoeRouting routing = x.family ? x.family->routing : MoeRouting::kNone;
  switch (routing) {
    case MoeRouting::kDeepSeek: {
      const int64_t ng = m.n_group > 0 ? m.n_group : 1;
      const int64_t kg = m.topk_group > 0 ? m.topk_group : 1;
      return one("moe_fp8_block_scale_ds_routing" + topk + "_ng" + to_string(ng) + "_kg" + to_string(kg) + tail);
    }
    case MoeRouting::kSoftmaxTopk:
      if (!m.norm_topk_prob) {
        x.note = "softmax top-k routing without renormalization: no dataset MoE Definition family fits";
        return Names{};
      }
      return one("moe_fp8_block_scale_renorm" + topk + tail);
    case MoeRouting::kRenormalize: return one("moe_fp8_block_scale_renorm" + topk + tail);
    case MoeRouting::kLlama4:
      return Names{"trtllm_fp4_block_scale_moe" + topk + tail, "trtllm_fp4_block_scale_routed_moe" + topk + tail,
                   "trtllm_fp8_per_tensor_scale_moe" + topk + tail};
    case MoeRouting::kNone: break;
  }
  x.note = "this router has no MoE Definition family in the dataset";
  return Names{};
}

// The router: gemm_n{experts}_k{hidden} (all experts, not split by EP or TP), then the fused-MoE names.
Result<Names> moe_gate(Naming& x) {
  auto fused = fused_moe(x);
  if (!fused) return fused.error();
  Names out;
  if (x.options.router_gemm && x.config.moe && x.config.moe->num_experts > 0) {
    out.push_back(gemm(x.config.moe->num_experts, x.config.hidden_size, x.options));
  }
  for (auto& n : fused.value()) out.push_back(std::move(n));
  return out;
}

// ---------------------------------------------------------------- head
Result<Names> lm_head(Naming& x) {
  if (!x.options.sampling_definitions || x.config.vocab_size <= 0) return Names{};
  const std::string v = "_sampling_from_probs_v" + to_string(x.config.vocab_size);
  return Names{"top_k" + v, "top_k_top_p" + v, "top_p" + v};  // model_coverage.mdx order
}

Result<Names> none(Naming&) { return Names{}; }

using Rule = Result<Names> (*)(Naming&);

struct RuleRow {
  const char* kind;
  Rule rule;
  const char* templates;  // in words, for definition_rule_descriptions()
};

const RuleRow kRules[] = {
    {kinds::kBlock, none, "-"},
    {kinds::kEmbedding, none, "-"},
    {kinds::kPositionEmbedding, none, "-"},
    {kinds::kLmHead, lm_head, "{top_k,top_p,top_k_top_p}_sampling_from_probs_v{vocab}"},
    {kinds::kInputNorm, input_norm, "rmsnorm_h{H}, fused_add_rmsnorm_h{H} (gemma_ prefix for Gemma; none for LayerNorm)"},
    {kinds::kResidualNorm, residual_norm, "fused_add_rmsnorm_h{H}"},
    {kinds::kPlainNorm, plain_norm, "rmsnorm_h{H}"},
    {kinds::kFinalNorm, final_norm, "fused_add_rmsnorm_h{H} (rmsnorm_h{H} for post-norm families)"},
    {kinds::kQNorm, q_norm, "rmsnorm_h{head_dim} (h{heads*head_dim} when full width)"},
    {kinds::kKNorm, k_norm, "rmsnorm_h{head_dim} (h{kv_heads*head_dim} when full width)"},
    {kinds::kQkvProj, qkv_proj, "gemm_n{(h*(1+gate) + 2*kv)*d}_k{H} (/TP with --gemm-tp split)"},
    {kinds::kOProj, o_proj, "gemm_n{H}_k{h*d}"},
    {kinds::kRotary, rotary, "rope_with_cos_sin_cache_{neox|gptj}_style_d{d}_rd{rotary_dim} (partial rotary; full with rope_full)"},
    {kinds::kGqaAttention, gqa_attention,
     "gqa_paged_prefill_causal_h{h}_kv{kv}_d{d}_ps{ps}..., gqa_paged_decode_..._ps{ps}..., gqa_ragged_prefill_causal_h_kv_d"},
    {kinds::kCrossAttention, none, "- (no non-causal cross-attention family)"},
    {kinds::kMlaProjection, none, "- (absorbed into the MLA kernels)"},
    {kinds::kMlaQaNorm, mla_q_a_norm, "rmsnorm_h{q_lora_rank}"},
    {kinds::kMlaKvaNorm, mla_kv_a_norm, "rmsnorm_h{kv_lora_rank}"},
    {kinds::kMlaAttention, mla_attention,
     "mla_ragged_prefill_causal_h{h}_qk{nope+rope}_vo{v}, mla_paged_prefill_causal_h{h}_ckv{kv_lora_rank}_kpe{rope}_ps{ps}..., "
     "mla_paged_decode_..._ps{ps}..."},
    {kinds::kDsaAttention, dsa_attention, "dsa_sparse_attention_h{h}_ckv{kv_lora_rank}_kpe{rope}_topk{index_topk}_ps{ps}..."},
    {kinds::kDsaIndexer, dsa_indexer, "dsa_topk_indexer_fp8_h{index_n_heads}_d{index_head_dim}_topk{index_topk}_ps{ps}..."},
    {kinds::kGdnProjection, none, "- (fused in_proj_qkvz / in_proj_ba)"},
    {kinds::kGdnAttention, gdn_attention,
     "gdn_{prefill,decode,mtp}_qk{key_heads/TP}_v{value_heads/TP}_d{key_head_dim}_{k_last,v_last}"},
    {kinds::kGdnOProj, gdn_o_proj, "gemm_n{H}_k{value_heads*value_head_dim}"},
    {kinds::kMambaMixer, mamba_mixer, "mamba_ssu_decode_h{heads/TP}_d{head_dim}_s{state}_ng{groups/TP}"},
    {kinds::kGateUpProj, gate_up_proj, "gemm_n{2*I}_k{H}"},
    {kinds::kUpProj, up_proj, "gemm_n{I}_k{H}"},
    {kinds::kDownProj, down_proj, "gemm_n{H}_k{I}"},
    {kinds::kActivation, none, "-"},
    {kinds::kMoeGate, moe_gate,
     "gemm_n{E}_k{H} (router), then moe_fp8_block_scale_ds_routing_topk{k}_ng{n_group}_kg{topk_group}_e{E/EP}_h{H}_i{I} (DeepSeek routing) | "
     "moe_fp8_block_scale_renorm_topk{k}_e{E/EP}_h{H}_i{I} (renormalize) | trtllm_*_moe_topk{k}_e{E/EP}_h{H}_i{I} (Llama 4)"},
    {kinds::kMoeTopk, fused_moe, "as moe_gate"},
    {kinds::kMoeExperts, fused_moe, "as moe_gate"},
    {kinds::kSharedGateUpProj, shared_gate_up_proj, "gemm_n{2*S}_k{H}"},
    {kinds::kSharedDownProj, shared_down_proj, "gemm_n{H}_k{S}"},
    {kinds::kSharedExpertGate, none, "-"},
    {kinds::kUnknownMixer, none, "- (unsupported)"},
    {kinds::kVisionTower, none, "- (unsupported)"},
};

const RuleRow* find_rule(const std::string& kind) {
  for (const auto& r : kRules) {
    if (kind == r.kind) return &r;
  }
  return nullptr;
}

Result<bool> check_options(const NamingOptions& o) {
  if (o.tp < 1) return option_error("tp", "tp must be a positive integer, got " + to_string(o.tp));
  if (o.ep < 1) return option_error("ep", "ep must be a positive integer, got " + to_string(o.ep));
  if (o.page_sizes.empty()) return option_error("page_sizes", "at least one page size is needed");
  for (size_t i = 0; i < o.page_sizes.size(); ++i) {
    if (o.page_sizes[i] < 1) {
      return option_error("page_sizes[" + to_string(i) + "]",
                          "page sizes must be positive integers, got " + to_string(o.page_sizes[i]));
    }
  }
  return true;
}

void append_unique(Names& into, const Names& names) {
  for (const auto& n : names) {
    if (std::find(into.begin(), into.end(), n) == into.end()) into.push_back(n);
  }
}

}  // namespace

Result<bool> assign_definitions(ModuleTree& tree, const ModelConfig& config, const NamingOptions& options) {
  auto ok = check_options(options);
  if (!ok) return ok.error();
  const FamilyTemplate* family = family_template_by_name(tree.family);
  std::vector<Names> definitions(tree.modules.size());
  std::vector<std::string> notes(tree.modules.size());
  for (size_t i = 0; i < tree.modules.size(); ++i) {
    const Module& m = tree.modules[i];
    const RuleRow* rule = find_rule(m.kind);
    if (!rule) continue;  // a kind from a newer tree: leave it without names
    const LayerSpec* layer = nullptr;
    if (m.first_layer >= 0 && static_cast<size_t>(m.first_layer) < config.layers.size()) {
      layer = &config.layers[static_cast<size_t>(m.first_layer)];
    }
    Naming x{config, options, family, m, layer, ""};
    auto names = rule->rule(x);
    if (!names) {
      Error e = names.error();
      e.message += " (module " + m.name + ")";
      return e;
    }
    append_unique(definitions[i], names.value());
    notes[i] = x.note;
  }
  for (size_t i = 0; i < tree.modules.size(); ++i) {
    Module& m = tree.modules[i];
    m.definitions = std::move(definitions[i]);
    if (!notes[i].empty() && m.note.find(notes[i]) == std::string::npos) {
      m.note += (m.note.empty() ? "" : "; ") + notes[i];
    }
  }
  return true;
}

std::vector<DefinitionRuleDescription> definition_rule_descriptions() {
  std::vector<DefinitionRuleDescription> out;
  for (const auto& r : kRules) out.push_back({r.kind, r.templates});
  return out;
}

}  // namespace hfmi
