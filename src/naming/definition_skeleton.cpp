// The skeleton table: for each naming pattern, the axes, tensors, tags and description of its Definitions,
// as the dataset's existing Definitions have them (paged kernels with page_size > 1 add kv_last_page_len,
// as the dataset's ps64 Definitions do).
#include "naming/definition_skeleton.hpp"

#include <map>
#include <vector>

#include "naming/naming_patterns.hpp"

namespace hfmi {
namespace {

using OrderedJson = nlohmann::ordered_json;
using Fields = std::map<std::string, std::string>;

struct Tensor {
  std::string name;
  std::vector<std::string> shape;  // axis names; empty with scalar = true -> null
  std::string dtype;
  bool scalar = false;
};

struct Skeleton {
  std::string op_type;
  std::string description;
  std::vector<std::string> tags;  // family tags (stage:, layout:, fi_api:, ...)
  std::vector<std::pair<std::string, int64_t>> consts;
  std::vector<std::string> vars;
  std::vector<Tensor> inputs;
  std::vector<Tensor> outputs;
};

constexpr const char* kBf16 = "bfloat16";
constexpr const char* kF16 = "float16";
constexpr const char* kF32 = "float32";
constexpr const char* kI32 = "int32";
constexpr const char* kI64 = "int64";
constexpr const char* kFp8 = "float8_e4m3fn";
constexpr int64_t kMaxAxis = int64_t{1} << 40;

// A field of the name as a number; -1 when absent or out of range.
int64_t num(const Fields& f, const std::string& key) {
  auto it = f.find(key);
  if (it == f.end() || it->second.empty() || it->second.size() > 13) return -1;
  int64_t v = 0;
  for (char ch : it->second) {
    if (ch < '0' || ch > '9') return -1;
    v = v * 10 + (ch - '0');
  }
  return v <= kMaxAxis ? v : -1;
}

std::string field(const Fields& f, const std::string& key) {
  auto it = f.find(key);
  return it == f.end() ? "" : it->second;
}

Tensor t(std::string name, std::vector<std::string> shape, std::string dtype) {
  return Tensor{std::move(name), std::move(shape), std::move(dtype), false};
}
Tensor scalar(std::string name, std::string dtype) { return Tensor{std::move(name), {}, std::move(dtype), true}; }

using Fill = bool (*)(Skeleton&, const Fields&, const NamingOptions&);

// ---------------------------------------------------------------- rows
bool gemm(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t n = num(f, "N"), k = num(f, "K");
  if (n <= 0 || k <= 0) return false;
  s.op_type = "gemm";
  s.description = "General matrix multiply (GEMM) C = A @ B.T with N=" + std::to_string(n) + " (out features), K=" +
                  std::to_string(k) + " (in features).";
  s.consts = {{"N", n}, {"K", k}};
  s.vars = {"M"};
  s.inputs = {t("A", {"M", "K"}, kF16), t("B", {"N", "K"}, kF16)};
  s.outputs = {t("C", {"M", "N"}, kF16)};
  return true;
}

bool norm_common(Skeleton& s, const Fields& f, bool fused, const std::string& api) {
  const int64_t h = num(f, "hidden_size");
  if (h <= 0) return false;
  s.op_type = "rmsnorm";
  s.consts = {{"hidden_size", h}};
  s.vars = {"batch_size"};
  s.inputs = {t("hidden_states", {"batch_size", "hidden_size"}, kBf16)};
  if (fused) s.inputs.push_back(t("residual", {"batch_size", "hidden_size"}, kBf16));
  s.inputs.push_back(t("weight", {"hidden_size"}, kBf16));
  s.outputs = {t("output", {"batch_size", "hidden_size"}, kBf16)};
  if (fused) s.tags.push_back("fused");
  s.tags.push_back("fi_api:flashinfer.norm." + api);
  s.description = std::string(fused ? "Fused add + RMSNorm" : "RMSNorm") + " with hidden_size=" + std::to_string(h) + ".";
  return true;
}
bool rmsnorm(Skeleton& s, const Fields& f, const NamingOptions&) { return norm_common(s, f, false, "rmsnorm"); }
bool fused_add_rmsnorm(Skeleton& s, const Fields& f, const NamingOptions&) {
  return norm_common(s, f, true, "fused_add_rmsnorm");
}
bool gemma_rmsnorm(Skeleton& s, const Fields& f, const NamingOptions&) {
  return norm_common(s, f, false, "gemma_rmsnorm");
}
bool gemma_fused_add_rmsnorm(Skeleton& s, const Fields& f, const NamingOptions&) {
  return norm_common(s, f, true, "gemma_fused_add_rmsnorm");
}

bool gqa_dims(Skeleton& s, const Fields& f, bool paged) {
  const int64_t h = num(f, "num_qo_heads"), kv = num(f, "num_kv_heads"), d = num(f, "head_dim");
  const int64_t ps = paged ? num(f, "page_size") : 1;
  if (h <= 0 || kv <= 0 || d <= 0 || ps <= 0) return false;
  s.consts = {{"num_qo_heads", h}, {"num_kv_heads", kv}, {"head_dim", d}};
  if (paged) s.consts.push_back({"page_size", ps});
  return true;
}

bool gqa_paged_decode(Skeleton& s, const Fields& f, const NamingOptions&) {
  if (!gqa_dims(s, f, true)) return false;
  const bool multi_token_pages = num(f, "page_size") > 1;
  s.op_type = "gqa_paged";
  s.vars = {"batch_size", "num_pages", "len_indptr", "num_kv_indices"};
  s.inputs = {t("q", {"batch_size", "num_qo_heads", "head_dim"}, kBf16),
              t("k_cache", {"num_pages", "page_size", "num_kv_heads", "head_dim"}, kBf16),
              t("v_cache", {"num_pages", "page_size", "num_kv_heads", "head_dim"}, kBf16),
              t("kv_indptr", {"len_indptr"}, kI32), t("kv_indices", {"num_kv_indices"}, kI32)};
  if (multi_token_pages) s.inputs.push_back(t("kv_last_page_len", {"batch_size"}, kI32));
  s.inputs.push_back(scalar("sm_scale", kF32));
  s.outputs = {t("output", {"batch_size", "num_qo_heads", "head_dim"}, kBf16),
               t("lse", {"batch_size", "num_qo_heads"}, kF32)};
  s.tags = {"stage:decode", "fi_api:flashinfer.decode.BatchDecodeWithPagedKVCacheWrapper"};
  s.description = "Batched Grouped Query Attention decode with a paged KV cache (page_size=" + field(f, "page_size") + ").";
  return true;
}

bool gqa_paged_prefill(Skeleton& s, const Fields& f, const NamingOptions&) {
  if (!gqa_dims(s, f, true)) return false;
  const bool multi_token_pages = num(f, "page_size") > 1;
  s.op_type = "gqa_paged";
  s.vars = {"len_indptr", "total_q", "num_kv_indices", "num_pages"};
  s.inputs = {t("q", {"total_q", "num_qo_heads", "head_dim"}, kBf16),
              t("k_cache", {"num_pages", "page_size", "num_kv_heads", "head_dim"}, kBf16),
              t("v_cache", {"num_pages", "page_size", "num_kv_heads", "head_dim"}, kBf16),
              t("qo_indptr", {"len_indptr"}, kI32), t("kv_indptr", {"len_indptr"}, kI32),
              t("kv_indices", {"num_kv_indices"}, kI32)};
  if (multi_token_pages) s.inputs.push_back(t("kv_last_page_len", {"len_indptr"}, kI32));
  s.inputs.push_back(scalar("sm_scale", kF32));
  s.outputs = {t("output", {"total_q", "num_qo_heads", "head_dim"}, kBf16), t("lse", {"total_q", "num_qo_heads"}, kF32)};
  s.tags = {"stage:prefill", "fi_api:flashinfer.prefill.BatchPrefillWithPagedKVCacheWrapper"};
  s.description = "Batched Grouped Query Attention prefill with a paged KV cache (page_size=" + field(f, "page_size") +
                  "). Causal mask is applied.";
  return true;
}

bool gqa_ragged(Skeleton& s, const Fields& f, const NamingOptions&) {
  if (!gqa_dims(s, f, false)) return false;
  s.op_type = "gqa_ragged";
  s.vars = {"len_indptr", "total_q", "total_kv"};
  s.inputs = {t("q", {"total_q", "num_qo_heads", "head_dim"}, kBf16), t("k", {"total_kv", "num_kv_heads", "head_dim"}, kBf16),
              t("v", {"total_kv", "num_kv_heads", "head_dim"}, kBf16), t("qo_indptr", {"len_indptr"}, kI32),
              t("kv_indptr", {"len_indptr"}, kI32), scalar("sm_scale", kF32)};
  s.outputs = {t("output", {"total_q", "num_qo_heads", "head_dim"}, kBf16), t("lse", {"total_q", "num_qo_heads"}, kF32)};
  s.tags = {"stage:prefill", "fi_api:flashinfer.prefill.BatchPrefillWithRaggedKVCacheWrapper"};
  s.description = "Batched Grouped Query Attention prefill with ragged (variable-length) inputs. Causal mask is applied.";
  return true;
}

bool mla_paged_dims(Skeleton& s, const Fields& f) {
  const int64_t h = num(f, "num_qo_heads"), ckv = num(f, "head_dim_ckv"), kpe = num(f, "head_dim_kpe"),
                ps = num(f, "page_size");
  if (h <= 0 || ckv <= 0 || kpe <= 0 || ps <= 0) return false;
  s.op_type = "mla_paged";
  s.consts = {{"num_qo_heads", h}, {"head_dim_ckv", ckv}, {"head_dim_kpe", kpe}, {"page_size", ps}};
  s.tags.push_back("fi_api:flashinfer.mla.BatchMLAPagedAttentionWrapper");
  return true;
}

bool mla_paged_decode(Skeleton& s, const Fields& f, const NamingOptions&) {
  s.tags = {"stage:decode"};
  if (!mla_paged_dims(s, f)) return false;
  s.vars = {"batch_size", "num_pages", "len_indptr", "num_kv_indices"};
  s.inputs = {t("q_nope", {"batch_size", "num_qo_heads", "head_dim_ckv"}, kBf16),
              t("q_pe", {"batch_size", "num_qo_heads", "head_dim_kpe"}, kBf16),
              t("ckv_cache", {"num_pages", "page_size", "head_dim_ckv"}, kBf16),
              t("kpe_cache", {"num_pages", "page_size", "head_dim_kpe"}, kBf16), t("kv_indptr", {"len_indptr"}, kI32),
              t("kv_indices", {"num_kv_indices"}, kI32)};
  if (num(f, "page_size") > 1) s.inputs.push_back(t("kv_last_page_len", {"batch_size"}, kI32));
  s.inputs.push_back(scalar("sm_scale", kF32));
  s.outputs = {t("output", {"batch_size", "num_qo_heads", "head_dim_ckv"}, kBf16),
               t("lse", {"batch_size", "num_qo_heads"}, kF32)};
  s.description = "Batched Multi-head Latent Attention decode with a paged KV cache (page_size=" + field(f, "page_size") + ").";
  return true;
}

bool mla_paged_prefill(Skeleton& s, const Fields& f, const NamingOptions&) {
  s.tags = {"stage:prefill"};
  if (!mla_paged_dims(s, f)) return false;
  const bool multi_token_pages = num(f, "page_size") > 1;
  s.vars = {"total_q", "num_pages", "len_indptr", "num_kv_indices"};
  if (multi_token_pages) s.vars.push_back("batch_size");
  s.inputs = {t("q_nope", {"total_q", "num_qo_heads", "head_dim_ckv"}, kBf16),
              t("q_pe", {"total_q", "num_qo_heads", "head_dim_kpe"}, kBf16),
              t("ckv_cache", {"num_pages", "page_size", "head_dim_ckv"}, kBf16),
              t("kpe_cache", {"num_pages", "page_size", "head_dim_kpe"}, kBf16), t("qo_indptr", {"len_indptr"}, kI32),
              t("kv_indptr", {"len_indptr"}, kI32), t("kv_indices", {"num_kv_indices"}, kI32)};
  if (multi_token_pages) s.inputs.push_back(t("kv_last_page_len", {"batch_size"}, kI32));
  s.inputs.push_back(scalar("sm_scale", kF32));
  s.outputs = {t("output", {"total_q", "num_qo_heads", "head_dim_ckv"}, kBf16), t("lse", {"total_q", "num_qo_heads"}, kF32)};
  s.description = "Batched Multi-head Latent Attention prefill with a paged KV cache (page_size=" + field(f, "page_size") +
                  "). Causal mask is applied.";
  return true;
}

bool mla_ragged(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t h = num(f, "num_qo_heads"), qk = num(f, "qk_dim"), vo = num(f, "vo_dim");
  if (h <= 0 || qk <= 0 || vo <= 0) return false;
  s.op_type = "mla_ragged";
  s.consts = {{"num_qo_heads", h}, {"num_kv_heads", h}, {"qk_dim", qk}, {"vo_dim", vo}};
  s.vars = {"total_q", "total_kv", "len_indptr"};
  s.inputs = {t("q", {"total_q", "num_qo_heads", "qk_dim"}, kBf16), t("k", {"total_kv", "num_kv_heads", "qk_dim"}, kBf16),
              t("v", {"total_kv", "num_kv_heads", "vo_dim"}, kBf16), t("qo_indptr", {"len_indptr"}, kI32),
              t("kv_indptr", {"len_indptr"}, kI32), scalar("sm_scale", kF32)};
  s.outputs = {t("output", {"total_q", "num_qo_heads", "vo_dim"}, kBf16), t("lse", {"total_q", "num_qo_heads"}, kF32)};
  s.tags = {"stage:prefill", "fi_api:flashinfer.prefill.BatchPrefillWithRaggedKVCacheWrapper"};
  s.description = "Batched Multi-head Latent Attention prefill with ragged inputs (qk_dim = qk_nope + qk_rope, vo_dim = "
                  "v_head_dim). Causal mask is applied.";
  return true;
}

bool dsa_sparse_attention(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t h = num(f, "num_qo_heads"), ckv = num(f, "ckv"), kpe = num(f, "kpe"), topk = num(f, "topk"),
                ps = num(f, "page_size");
  if (h <= 0 || ckv <= 0 || kpe <= 0 || topk <= 0 || ps <= 0) return false;
  s.op_type = "dsa_paged";
  s.consts = {{"num_qo_heads", h}, {"head_dim_ckv", ckv}, {"head_dim_kpe", kpe}, {"page_size", ps}, {"topk", topk}};
  s.vars = {"num_tokens", "num_pages"};
  s.inputs = {t("q_nope", {"num_tokens", "num_qo_heads", "head_dim_ckv"}, kBf16),
              t("q_pe", {"num_tokens", "num_qo_heads", "head_dim_kpe"}, kBf16),
              t("ckv_cache", {"num_pages", "page_size", "head_dim_ckv"}, kBf16),
              t("kpe_cache", {"num_pages", "page_size", "head_dim_kpe"}, kBf16),
              t("sparse_indices", {"num_tokens", "topk"}, kI32), scalar("sm_scale", kF32)};
  s.outputs = {t("output", {"num_tokens", "num_qo_heads", "head_dim_ckv"}, kBf16), t("lse", {"num_tokens", "num_qo_heads"}, kF32)};
  s.tags = {"sparse:topk", "fi_api:flashinfer.decode.trtllm_batch_decode_with_kv_cache_mla"};
  s.description = "Batched sparse MLA (DSA) over the top-k selected KV cache entries; prefill and decode.";
  return true;
}

bool dsa_topk_indexer(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t h = num(f, "num_index_heads"), d = num(f, "index_head_dim"), topk = num(f, "topk"), ps = num(f, "page_size");
  if (h <= 0 || d <= 0 || topk <= 0 || ps <= 0) return false;
  s.op_type = "dsa_paged";
  // The FP8 key cache stores each head's vector plus a 4-byte float scale.
  s.consts = {{"num_index_heads", h}, {"index_head_dim", d}, {"page_size", ps}, {"topk", topk},
              {"kv_cache_num_heads", 1}, {"head_dim_with_scale", d + 4}};
  s.vars = {"batch_size", "max_num_pages", "num_pages"};
  s.inputs = {t("q_index_fp8", {"batch_size", "num_index_heads", "index_head_dim"}, kFp8),
              t("k_index_cache_fp8", {"num_pages", "page_size", "kv_cache_num_heads", "head_dim_with_scale"}, "int8"),
              t("weights", {"batch_size", "num_index_heads"}, kF32), t("seq_lens", {"batch_size"}, kI32),
              t("block_table", {"batch_size", "max_num_pages"}, kI32)};
  s.outputs = {t("topk_indices", {"batch_size", "topk"}, kI32)};
  s.tags = {"stage:indexer", "sparse:topk", "quant:fp8"};
  s.description = "DSA top-k indexer with FP8 keys: scores sum(relu(q @ K.T) * weights) and selects the top-k KV indices.";
  return true;
}

bool gdn(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t qk = num(f, "num_qk_heads"), v = num(f, "num_v_heads"), d = num(f, "head_size");
  const std::string stage = field(f, "stage"), layout = field(f, "layout");
  if (qk <= 0 || v <= 0 || d <= 0) return false;
  s.op_type = "gdn";
  s.tags = {"stage:" + stage, std::string("layout:") + (layout == "k_last" ? "k-last" : "v-last")};
  const std::vector<std::string> state = {stage == "prefill" ? "num_seqs" : "batch_size", "num_v_heads", "head_size",
                                          "head_size"};
  if (stage == "prefill") {
    s.consts = {{"num_q_heads", qk}, {"num_k_heads", qk}, {"num_v_heads", v}, {"head_size", d}};
    s.vars = {"total_seq_len", "num_seqs", "len_cu_seqlens"};
    s.inputs = {t("q", {"total_seq_len", "num_q_heads", "head_size"}, kBf16),
                t("k", {"total_seq_len", "num_k_heads", "head_size"}, kBf16),
                t("v", {"total_seq_len", "num_v_heads", "head_size"}, kBf16), t("state", state, kF32),
                t("A_log", {"num_v_heads"}, kF32), t("a", {"total_seq_len", "num_v_heads"}, kBf16),
                t("dt_bias", {"num_v_heads"}, kF32), t("b", {"total_seq_len", "num_v_heads"}, kBf16),
                t("cu_seqlens", {"len_cu_seqlens"}, kI64), scalar("scale", kF32)};
    s.outputs = {t("output", {"total_seq_len", "num_v_heads", "head_size"}, kBf16), t("new_state", state, kF32)};
    s.tags.push_back("fi_api:flashinfer.gdn.chunk_gated_delta_rule");
    s.description = "Gated Delta Net prefill (chunked) with " + layout + " state layout.";
    return true;
  }
  const std::vector<std::string> token = {"batch_size", "seq_len", "num_v_heads"};
  if (stage == "decode") {
    s.consts = {{"seq_len", 1}, {"num_q_heads", qk}, {"num_k_heads", qk}, {"num_v_heads", v}, {"head_size", d}};
    s.vars = {"batch_size"};
  } else {
    s.consts = {{"num_q_heads", qk}, {"num_k_heads", qk}, {"num_v_heads", v}, {"head_size", d}};
    s.vars = {"batch_size", "seq_len", "pool_size"};
  }
  s.inputs = {t("q", {"batch_size", "seq_len", "num_q_heads", "head_size"}, kBf16),
              t("k", {"batch_size", "seq_len", "num_k_heads", "head_size"}, kBf16),
              t("v", {"batch_size", "seq_len", "num_v_heads", "head_size"}, kBf16)};
  const std::vector<std::string> pool_state = {"pool_size", "num_v_heads", "head_size", "head_size"};
  if (stage == "decode") {
    s.inputs.push_back(t("state", state, kF32));
  } else {
    s.inputs.push_back(t("initial_state", pool_state, kF32));
    s.inputs.push_back(t("initial_state_indices", {"batch_size"}, kI32));
  }
  s.inputs.push_back(t("A_log", {"num_v_heads"}, kF32));
  s.inputs.push_back(t("a", token, kBf16));
  s.inputs.push_back(t("dt_bias", {"num_v_heads"}, kF32));
  s.inputs.push_back(t("b", token, kBf16));
  s.inputs.push_back(scalar("scale", kF32));
  s.outputs = {t("output", {"batch_size", "seq_len", "num_v_heads", "head_size"}, kBf16)};
  if (stage == "decode") {
    s.outputs.push_back(t("new_state", state, kF32));
    s.tags.push_back("fi_api:flashinfer.gdn.gated_delta_rule_decode");
    s.description = "Gated Delta Net decode (one token, recurrent state update) with " + layout + " state layout.";
  } else {
    s.inputs.push_back(t("intermediate_states_buffer", {"pool_size", "seq_len", "num_v_heads", "head_size", "head_size"}, kF32));
    s.outputs.push_back(t("final_state", pool_state, kF32));
    s.description = "Gated Delta Net multi-token prediction (speculative verification) with " + layout + " state layout.";
  }
  return true;
}

bool mamba_ssu(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t h = num(f, "nheads"), d = num(f, "head_dim"), ds = num(f, "dstate"), g = num(f, "ngroups");
  if (h <= 0 || d <= 0 || ds <= 0 || g <= 0) return false;
  s.op_type = "mamba_ssu";
  s.consts = {{"nheads", h}, {"head_dim", d}, {"dstate", ds}, {"ngroups", g}};
  s.vars = {"batch_size", "state_cache_size"};
  s.inputs = {t("state", {"state_cache_size", "nheads", "head_dim", "dstate"}, kBf16),
              t("x", {"batch_size", "nheads", "head_dim"}, kBf16), t("dt", {"batch_size", "nheads", "head_dim"}, kBf16),
              t("A", {"nheads", "head_dim", "dstate"}, kF32), t("B", {"batch_size", "ngroups", "dstate"}, kBf16),
              t("C", {"batch_size", "ngroups", "dstate"}, kBf16), t("D", {"nheads", "head_dim"}, kBf16),
              t("dt_bias", {"nheads", "head_dim"}, kBf16), t("state_batch_indices", {"batch_size"}, kI32)};
  s.outputs = {t("output", {"batch_size", "nheads", "head_dim"}, kBf16),
               t("new_state", {"state_cache_size", "nheads", "head_dim", "dstate"}, kBf16)};
  s.tags = {"stage:decode", "fi_api:flashinfer.mamba.selective_state_update"};
  s.description = "Mamba2 selective state update (SSU) decode.";
  return true;
}

// FP8 block-scale MoE: 128x128 weight blocks, 1x128 activation blocks.
bool fp8_block_moe(Skeleton& s, const Fields& f, const NamingOptions& o, bool ds_routing) {
  const int64_t k = num(f, "top_k"), e = num(f, "num_local_experts"), h = num(f, "hidden_size"), i = num(f, "intermediate_size");
  if (k <= 0 || e <= 0 || h <= 0 || i <= 0 || h % 128 != 0 || i % 128 != 0) return false;
  s.op_type = "moe";
  const std::string experts = ds_routing ? "num_experts" : "num_local_experts";
  if (ds_routing) s.consts.push_back({"num_experts", e * o.ep});
  s.consts.push_back({"num_local_experts", e});
  s.consts.push_back({"hidden_size", h});
  s.consts.push_back({"intermediate_size", i});
  s.consts.push_back({"gemm1_out_size", 2 * i});
  s.consts.push_back({"top_k", k});
  s.consts.push_back({"num_hidden_blocks", h / 128});
  s.consts.push_back({"num_intermediate_blocks", i / 128});
  s.consts.push_back({"num_gemm1_out_blocks", 2 * i / 128});
  s.vars = {"seq_len"};
  s.inputs = {t("routing_logits", {"seq_len", experts}, ds_routing ? kF32 : kBf16)};
  if (ds_routing) s.inputs.push_back(t("routing_bias", {"num_experts"}, kBf16));
  s.inputs.push_back(t("hidden_states", {"seq_len", "hidden_size"}, kFp8));
  s.inputs.push_back(t("hidden_states_scale", {"num_hidden_blocks", "seq_len"}, kF32));
  s.inputs.push_back(t("gemm1_weights", {"num_local_experts", "gemm1_out_size", "hidden_size"}, kFp8));
  s.inputs.push_back(t("gemm1_weights_scale", {"num_local_experts", "num_gemm1_out_blocks", "num_hidden_blocks"}, kF32));
  s.inputs.push_back(t("gemm2_weights", {"num_local_experts", "hidden_size", "intermediate_size"}, kFp8));
  s.inputs.push_back(t("gemm2_weights_scale", {"num_local_experts", "num_hidden_blocks", "num_intermediate_blocks"}, kF32));
  if (ds_routing) {
    s.inputs.push_back(scalar("local_expert_offset", kI32));
    s.inputs.push_back(scalar("routed_scaling_factor", kF32));
  }
  s.outputs = {t("output", {"seq_len", "hidden_size"}, kBf16)};
  s.tags = {"quantization:float8_e4m3fn", "fi_api:flashinfer.fused_moe.trtllm_fp8_block_scale_moe"};
  s.description = ds_routing ? "FP8 block-scale MoE with DeepSeek routing (n_group=" + field(f, "n_group") +
                                   ", topk_group=" + field(f, "topk_group") + "): routing and two grouped GEMMs."
                             : "FP8 block-scale MoE with renormalize routing (top-k, then softmax): routing and two "
                               "grouped GEMMs.";
  return true;
}
bool moe_ds_routing(Skeleton& s, const Fields& f, const NamingOptions& o) { return fp8_block_moe(s, f, o, true); }
bool moe_renorm(Skeleton& s, const Fields& f, const NamingOptions& o) { return fp8_block_moe(s, f, o, false); }

bool trtllm_moe(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t k = num(f, "top_k"), e = num(f, "num_experts"), h = num(f, "hidden_size"), i = num(f, "intermediate_size");
  if (k <= 0 || e <= 0 || h <= 0 || i <= 0) return false;
  const std::string quant = field(f, "quant");
  const bool routed = !field(f, "routed").empty();
  s.op_type = "moe";
  s.consts = {{"num_experts", e}, {"hidden_size", h}, {"intermediate_size", i}, {"gemm1_out_size", 2 * i}, {"top_k", k}};
  s.vars = {"seq_len"};
  if (quant == "fp8_per_tensor_scale") {
    s.inputs = {t("routing_logits", {"seq_len", "num_experts"}, kBf16), t("hidden_states", {"seq_len", "hidden_size"}, kFp8),
                t("gemm1_weights", {"num_experts", "gemm1_out_size", "hidden_size"}, kFp8),
                t("output1_scales_scalar", {"num_experts"}, kF32), t("output1_scales_gate_scalar", {"num_experts"}, kF32),
                t("gemm2_weights", {"num_experts", "hidden_size", "intermediate_size"}, kFp8),
                t("output2_scales_scalar", {"num_experts"}, kF32), t("routing_bias", {"num_experts"}, kBf16)};
    s.tags = {"quantization:float8_e4m3fn", "fi_api:flashinfer.fused_moe.trtllm_fp8_per_tensor_scale_moe"};
  } else {
    s.inputs = {routed ? t("topk_ids", {"seq_len", "top_k"}, kI32) : t("routing_logits", {"seq_len", "num_experts"}, kBf16),
                t("hidden_states", {"seq_len", "hidden_size"}, kBf16),
                t("gemm1_weights", {"num_experts", "gemm1_out_size", "hidden_size"}, kF32),
                t("gemm2_weights", {"num_experts", "hidden_size", "intermediate_size"}, kF32)};
    if (!routed) s.inputs.push_back(t("routing_bias", {"num_experts"}, kBf16));
    s.tags = {"quantization:float4_e2m1fn_mxfp4",
              std::string("fi_api:flashinfer.fused_moe.trtllm_fp4_block_scale_") + (routed ? "routed_moe" : "moe")};
  }
  s.outputs = {t("output", {"seq_len", "hidden_size"}, kBf16)};
  s.description = "TRT-LLM fused MoE (" + quant + (routed ? ", pre-computed top-k ids" : "") + ").";
  return true;
}

bool rope(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t d = num(f, "head_size"), rd = num(f, "rotary_dim");
  if (d <= 0 || rd <= 0) return false;
  s.op_type = "rope";
  s.consts = {{"head_size", d}, {"rotary_dim", rd}};
  s.vars = {"num_tokens", "num_qo_heads", "num_kv_heads", "max_seq_len"};
  s.inputs = {t("q", {"num_tokens", "num_qo_heads", "head_size"}, kBf16), t("k", {"num_tokens", "num_kv_heads", "head_size"}, kBf16),
              t("cos_sin_cache", {"max_seq_len", "rotary_dim"}, kF32), t("positions", {"num_tokens"}, kI64)};
  s.outputs = {t("q_out", {"num_tokens", "num_qo_heads", "head_size"}, kBf16),
               t("k_out", {"num_tokens", "num_kv_heads", "head_size"}, kBf16)};
  s.tags = {"fi_api:flashinfer.rope.apply_rope_with_cos_sin_cache_inplace"};
  s.description = "Rotary position embedding with a cos/sin cache, " + field(f, "style") + " style, rotary_dim " +
                  field(f, "rotary_dim") + " of head_size " + field(f, "head_size") + ".";
  return true;
}

bool sampling(Skeleton& s, const Fields& f, const NamingOptions&) {
  const int64_t v = num(f, "vocab_size");
  const std::string kind = field(f, "kind");
  if (v <= 0) return false;
  s.op_type = "sampling";
  s.consts = {{"vocab_size", v}};
  s.vars = {"batch_size"};
  s.inputs = {t("probs", {"batch_size", "vocab_size"}, kF32)};
  if (kind == "top_k" || kind == "top_k_top_p") s.inputs.push_back(t("top_k", {"batch_size"}, kI32));
  if (kind == "top_p" || kind == "top_k_top_p") s.inputs.push_back(t("top_p", {"batch_size"}, kF32));
  s.outputs = {t("samples", {"batch_size"}, kI64)};
  s.tags = {"fi_api:flashinfer.sampling." + kind + "_sampling_from_probs"};
  s.description = kind + " sampling from probabilities over a vocabulary of " + field(f, "vocab_size") + ".";
  return true;
}

struct SkeletonRow {
  const char* name_prefix;  // names of the pattern start with this (picks the row once the pattern matched)
  const char* op_type;
  Fill fill;
};

// Rows are tried in order; the first whose op_type equals the matched pattern's and whose prefix
// starts the name fills the skeleton.
const SkeletonRow kRows[] = {
    {"gemm_n", "gemm", gemm},
    {"rmsnorm_h", "rmsnorm", rmsnorm},
    {"fused_add_rmsnorm_h", "rmsnorm", fused_add_rmsnorm},
    {"gemma_rmsnorm_h", "rmsnorm", gemma_rmsnorm},
    {"gemma_fused_add_rmsnorm_h", "rmsnorm", gemma_fused_add_rmsnorm},
    {"gqa_paged_decode_", "gqa_paged", gqa_paged_decode},
    {"gqa_paged_prefill_", "gqa_paged", gqa_paged_prefill},
    {"gqa_ragged_", "gqa_ragged", gqa_ragged},
    {"mla_paged_decode_", "mla_paged", mla_paged_decode},
    {"mla_paged_prefill_", "mla_paged", mla_paged_prefill},
    {"mla_ragged_", "mla_ragged", mla_ragged},
    {"dsa_sparse_attention_", "dsa_paged", dsa_sparse_attention},
    {"dsa_topk_indexer_", "dsa_paged", dsa_topk_indexer},
    {"gdn_", "gdn", gdn},
    {"mamba_ssu_", "mamba_ssu", mamba_ssu},
    {"moe_fp8_block_scale_ds_routing_", "moe", moe_ds_routing},
    {"moe_fp8_block_scale_renorm_", "moe", moe_renorm},
    {"trtllm_", "moe", trtllm_moe},
    {"rope_", "rope", rope},
    {"top_", "sampling", sampling},
};

std::string reference_stub(const Skeleton& s) {
  std::string args;
  for (const auto& in : s.inputs) args += (args.empty() ? "" : ", ") + in.name;
  return "import torch\n\n\n@torch.no_grad()\ndef run(" + args +
         "):\n    # TODO: reference implementation (compare the dataset's " +
         (s.op_type.empty() ? std::string("existing") : s.op_type) + " Definitions)\n    raise NotImplementedError\n";
}

OrderedJson tensors_json(const std::vector<Tensor>& tensors) {
  OrderedJson out = OrderedJson::object();
  for (const auto& x : tensors) {
    OrderedJson shape = x.scalar ? OrderedJson(nullptr) : OrderedJson(x.shape);
    out[x.name] = OrderedJson{{"shape", shape}, {"dtype", x.dtype}};
  }
  return out;
}

OrderedJson build(const std::string& name, const std::string& model_id, const NamingOptions& options) {
  Skeleton s;
  bool filled = false;
  const PatternMatch m = builtin_naming_patterns().match(name);
  if (m.pattern) {
    for (const auto& row : kRows) {
      if (m.pattern->op_type != row.op_type || name.rfind(row.name_prefix, 0) != 0) continue;
      filled = row.fill(s, m.fields, options);
      break;
    }
  }
  if (!filled) {
    s = Skeleton{};
    s.description = "No naming pattern of the dataset matches this name (or its numbers are out of range); fill in "
                    "op_type, axes, inputs and outputs by hand.";
  }
  OrderedJson tags = OrderedJson::array({"model:" + model_id, "tp:" + std::to_string(options.tp),
                                         "ep:" + std::to_string(options.ep), "status:unverified"});
  for (const auto& tag : s.tags) tags.push_back(tag);
  OrderedJson axes = OrderedJson::object();
  for (const auto& [axis, value] : s.consts) axes[axis] = OrderedJson{{"type", "const"}, {"value", value}};
  for (const auto& axis : s.vars) axes[axis] = OrderedJson{{"type", "var"}};
  std::string description = s.description;
  if (filled) {
    description += " Skeleton generated for " + model_id + " at TP=" + std::to_string(options.tp) +
                   ", EP=" + std::to_string(options.ep) + "; verify against the model and write the reference.";
  }
  OrderedJson out;
  out["name"] = name;
  out["description"] = description;
  out["op_type"] = s.op_type;
  out["tags"] = tags;
  out["axes"] = axes;
  out["inputs"] = tensors_json(s.inputs);
  out["outputs"] = tensors_json(s.outputs);
  out["reference"] = reference_stub(s);
  return out;
}

}  // namespace

Json definition_skeleton(const std::string& name, const std::string& model_id, const NamingOptions& options) {
  // The dump replaces invalid UTF-8, so it always parses: allow_exceptions=false only keeps -fno-exceptions honest.
  return Json::parse(build(name, model_id, options).dump(-1, ' ', false, OrderedJson::error_handler_t::replace), nullptr,
                     /*allow_exceptions=*/false);
}

std::string definition_skeleton_text(const std::string& name, const std::string& model_id, const NamingOptions& options) {
  // Replace invalid UTF-8 instead of failing (names and ids come from users).
  return build(name, model_id, options).dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

}  // namespace hfmi
