// The skeleton table: for each naming pattern, the axes, tensors, tags and description of its Definitions,
// as the dataset's existing Definitions have them (paged kernels with page_size > 1 add kv_last_page_len,
// as the dataset's ps64 Definitions do). The table is data (string literals); one builder reads a row and
// writes the JSON value directly.
#include "naming/definition_skeleton.hpp"

#include <cstring>
#include <map>

#include "core/json_access.hpp"
#include "naming/naming_patterns.hpp"

namespace hfmi {
namespace {

using Fields = std::map<std::string, std::string>;

constexpr const char* kBf16 = "bfloat16";
constexpr const char* kF16 = "float16";
constexpr const char* kF32 = "float32";
constexpr const char* kI32 = "int32";
constexpr const char* kI64 = "int64";
constexpr const char* kI8 = "int8";
constexpr const char* kFp8 = "float8_e4m3fn";
constexpr int64_t kMaxAxis = int64_t{1} << 40;

// One input or output: its axis names, space-separated (nullptr: a scalar, shape null).
struct TensorRow {
  const char* name;
  const char* shape;
  const char* dtype;
  bool multi_page_only = false;  // present only when page_size > 1 (kv_last_page_len)
};

// A const axis: (field * mul / div + add), times the EP degree when times_ep. No field: the value is `add`.
// Every field named must be a positive number, and every division exact, or the name gets no skeleton.
struct AxisRow {
  const char* name;
  const char* field;
  int64_t mul = 1;
  int64_t div = 1;
  int64_t add = 0;
  bool times_ep = false;
};

template <class T>
struct List {
  const T* rows = nullptr;
  size_t size = 0;
  const T* begin() const { return rows; }
  const T* end() const { return rows + size; }
};
template <class T, size_t N>
constexpr List<T> list(const T (&rows)[N]) {
  return {rows, N};
}

// One family of names (or one variant of a family, picked by the name's prefix). Texts are templates:
// {key} is the name's field as written, {#key} its number, {-key} the field with '_' as '-'. `tags` and
// `vars` hold several items: tags separated by '|', var axes by ' ' (vars_multi_page: var axes present only
// when page_size > 1).
struct SkeletonRow {
  const char* name_prefix;  // names of the pattern start with this (picks the row once the pattern matched)
  const char* op_type;
  const char* description;
  const char* tags;
  List<AxisRow> consts;
  const char* vars;
  List<TensorRow> inputs;
  List<TensorRow> outputs;
  const char* vars_multi_page = "";
};

// ---------------------------------------------------------------- axes
constexpr AxisRow kGemmAxes[] = {{"N", "N"}, {"K", "K"}};
constexpr AxisRow kNormAxes[] = {{"hidden_size", "hidden_size"}};
constexpr AxisRow kGqaPagedAxes[] = {
    {"num_qo_heads", "num_qo_heads"}, {"num_kv_heads", "num_kv_heads"}, {"head_dim", "head_dim"}, {"page_size", "page_size"}};
constexpr AxisRow kGqaRaggedAxes[] = {{"num_qo_heads", "num_qo_heads"}, {"num_kv_heads", "num_kv_heads"}, {"head_dim", "head_dim"}};
constexpr AxisRow kMlaPagedAxes[] = {
    {"num_qo_heads", "num_qo_heads"}, {"head_dim_ckv", "head_dim_ckv"}, {"head_dim_kpe", "head_dim_kpe"}, {"page_size", "page_size"}};
constexpr AxisRow kMlaRaggedAxes[] = {
    {"num_qo_heads", "num_qo_heads"}, {"num_kv_heads", "num_qo_heads"}, {"qk_dim", "qk_dim"}, {"vo_dim", "vo_dim"}};
constexpr AxisRow kDsaAxes[] = {{"num_qo_heads", "num_qo_heads"}, {"head_dim_ckv", "ckv"}, {"head_dim_kpe", "kpe"},
                                {"page_size", "page_size"},       {"topk", "topk"}};
// The FP8 key cache stores each head's vector plus a 4-byte float scale.
constexpr AxisRow kIndexerAxes[] = {{"num_index_heads", "num_index_heads"}, {"index_head_dim", "index_head_dim"},
                                    {"page_size", "page_size"},             {"topk", "topk"},
                                    {"kv_cache_num_heads", nullptr, 1, 1, 1}, {"head_dim_with_scale", "index_head_dim", 1, 1, 4}};
constexpr AxisRow kGdnAxes[] = {
    {"num_q_heads", "num_qk_heads"}, {"num_k_heads", "num_qk_heads"}, {"num_v_heads", "num_v_heads"}, {"head_size", "head_size"}};
constexpr AxisRow kGdnDecodeAxes[] = {{"seq_len", nullptr, 1, 1, 1},    {"num_q_heads", "num_qk_heads"},
                                      {"num_k_heads", "num_qk_heads"}, {"num_v_heads", "num_v_heads"},
                                      {"head_size", "head_size"}};
constexpr AxisRow kMambaAxes[] = {{"nheads", "nheads"}, {"head_dim", "head_dim"}, {"dstate", "dstate"}, {"ngroups", "ngroups"}};
// FP8 block-scale MoE: 128x128 weight blocks, 1x128 activation blocks.
#define HFMI_FP8_BLOCK_AXES                                                                                         \
  {"num_local_experts", "num_local_experts"}, {"hidden_size", "hidden_size"},                                      \
      {"intermediate_size", "intermediate_size"}, {"gemm1_out_size", "intermediate_size", 2}, {"top_k", "top_k"}, \
      {"num_hidden_blocks", "hidden_size", 1, 128}, {"num_intermediate_blocks", "intermediate_size", 1, 128},      \
      {"num_gemm1_out_blocks", "intermediate_size", 2, 128}
constexpr AxisRow kMoeDsAxes[] = {{"num_experts", "num_local_experts", 1, 1, 0, true}, HFMI_FP8_BLOCK_AXES};
constexpr AxisRow kMoeRenormAxes[] = {HFMI_FP8_BLOCK_AXES};
#undef HFMI_FP8_BLOCK_AXES
constexpr AxisRow kTrtllmAxes[] = {{"num_experts", "num_experts"},
                                   {"hidden_size", "hidden_size"},
                                   {"intermediate_size", "intermediate_size"},
                                   {"gemm1_out_size", "intermediate_size", 2},
                                   {"top_k", "top_k"}};
constexpr AxisRow kRopeAxes[] = {{"head_size", "head_size"}, {"rotary_dim", "rotary_dim"}};
constexpr AxisRow kSamplingAxes[] = {{"vocab_size", "vocab_size"}};

// ---------------------------------------------------------------- tensors
constexpr TensorRow kGemmIn[] = {{"A", "M K", kF16}, {"B", "N K", kF16}};
constexpr TensorRow kGemmOut[] = {{"C", "M N", kF16}};
constexpr TensorRow kNormIn[] = {{"hidden_states", "batch_size hidden_size", kBf16}, {"weight", "hidden_size", kBf16}};
constexpr TensorRow kFusedNormIn[] = {{"hidden_states", "batch_size hidden_size", kBf16},
                                      {"residual", "batch_size hidden_size", kBf16},
                                      {"weight", "hidden_size", kBf16}};
constexpr TensorRow kNormOut[] = {{"output", "batch_size hidden_size", kBf16}};
constexpr TensorRow kGqaDecodeIn[] = {{"q", "batch_size num_qo_heads head_dim", kBf16},
                                      {"k_cache", "num_pages page_size num_kv_heads head_dim", kBf16},
                                      {"v_cache", "num_pages page_size num_kv_heads head_dim", kBf16},
                                      {"kv_indptr", "len_indptr", kI32},
                                      {"kv_indices", "num_kv_indices", kI32},
                                      {"kv_last_page_len", "batch_size", kI32, true},
                                      {"sm_scale", nullptr, kF32}};
constexpr TensorRow kBatchOut[] = {{"output", "batch_size num_qo_heads head_dim", kBf16},
                                   {"lse", "batch_size num_qo_heads", kF32}};
constexpr TensorRow kGqaPrefillIn[] = {{"q", "total_q num_qo_heads head_dim", kBf16},
                                       {"k_cache", "num_pages page_size num_kv_heads head_dim", kBf16},
                                       {"v_cache", "num_pages page_size num_kv_heads head_dim", kBf16},
                                       {"qo_indptr", "len_indptr", kI32},
                                       {"kv_indptr", "len_indptr", kI32},
                                       {"kv_indices", "num_kv_indices", kI32},
                                       {"kv_last_page_len", "len_indptr", kI32, true},
                                       {"sm_scale", nullptr, kF32}};
constexpr TensorRow kTotalQOut[] = {{"output", "total_q num_qo_heads head_dim", kBf16}, {"lse", "total_q num_qo_heads", kF32}};
constexpr TensorRow kGqaRaggedIn[] = {{"q", "total_q num_qo_heads head_dim", kBf16}, {"k", "total_kv num_kv_heads head_dim", kBf16},
                                      {"v", "total_kv num_kv_heads head_dim", kBf16},  {"qo_indptr", "len_indptr", kI32},
                                      {"kv_indptr", "len_indptr", kI32},               {"sm_scale", nullptr, kF32}};
constexpr TensorRow kMlaDecodeIn[] = {{"q_nope", "batch_size num_qo_heads head_dim_ckv", kBf16},
                                      {"q_pe", "batch_size num_qo_heads head_dim_kpe", kBf16},
                                      {"ckv_cache", "num_pages page_size head_dim_ckv", kBf16},
                                      {"kpe_cache", "num_pages page_size head_dim_kpe", kBf16},
                                      {"kv_indptr", "len_indptr", kI32},
                                      {"kv_indices", "num_kv_indices", kI32},
                                      {"kv_last_page_len", "batch_size", kI32, true},
                                      {"sm_scale", nullptr, kF32}};
constexpr TensorRow kMlaDecodeOut[] = {{"output", "batch_size num_qo_heads head_dim_ckv", kBf16},
                                       {"lse", "batch_size num_qo_heads", kF32}};
constexpr TensorRow kMlaPrefillIn[] = {{"q_nope", "total_q num_qo_heads head_dim_ckv", kBf16},
                                       {"q_pe", "total_q num_qo_heads head_dim_kpe", kBf16},
                                       {"ckv_cache", "num_pages page_size head_dim_ckv", kBf16},
                                       {"kpe_cache", "num_pages page_size head_dim_kpe", kBf16},
                                       {"qo_indptr", "len_indptr", kI32},
                                       {"kv_indptr", "len_indptr", kI32},
                                       {"kv_indices", "num_kv_indices", kI32},
                                       {"kv_last_page_len", "batch_size", kI32, true},
                                       {"sm_scale", nullptr, kF32}};
constexpr TensorRow kMlaPrefillOut[] = {{"output", "total_q num_qo_heads head_dim_ckv", kBf16},
                                        {"lse", "total_q num_qo_heads", kF32}};
constexpr TensorRow kMlaRaggedIn[] = {{"q", "total_q num_qo_heads qk_dim", kBf16}, {"k", "total_kv num_kv_heads qk_dim", kBf16},
                                      {"v", "total_kv num_kv_heads vo_dim", kBf16},  {"qo_indptr", "len_indptr", kI32},
                                      {"kv_indptr", "len_indptr", kI32},             {"sm_scale", nullptr, kF32}};
constexpr TensorRow kMlaRaggedOut[] = {{"output", "total_q num_qo_heads vo_dim", kBf16}, {"lse", "total_q num_qo_heads", kF32}};
constexpr TensorRow kDsaIn[] = {{"q_nope", "num_tokens num_qo_heads head_dim_ckv", kBf16},
                                {"q_pe", "num_tokens num_qo_heads head_dim_kpe", kBf16},
                                {"ckv_cache", "num_pages page_size head_dim_ckv", kBf16},
                                {"kpe_cache", "num_pages page_size head_dim_kpe", kBf16},
                                {"sparse_indices", "num_tokens topk", kI32},
                                {"sm_scale", nullptr, kF32}};
constexpr TensorRow kDsaOut[] = {{"output", "num_tokens num_qo_heads head_dim_ckv", kBf16}, {"lse", "num_tokens num_qo_heads", kF32}};
constexpr TensorRow kIndexerIn[] = {{"q_index_fp8", "batch_size num_index_heads index_head_dim", kFp8},
                                    {"k_index_cache_fp8", "num_pages page_size kv_cache_num_heads head_dim_with_scale", kI8},
                                    {"weights", "batch_size num_index_heads", kF32},
                                    {"seq_lens", "batch_size", kI32},
                                    {"block_table", "batch_size max_num_pages", kI32}};
constexpr TensorRow kIndexerOut[] = {{"topk_indices", "batch_size topk", kI32}};
constexpr TensorRow kGdnPrefillIn[] = {{"q", "total_seq_len num_q_heads head_size", kBf16},
                                       {"k", "total_seq_len num_k_heads head_size", kBf16},
                                       {"v", "total_seq_len num_v_heads head_size", kBf16},
                                       {"state", "num_seqs num_v_heads head_size head_size", kF32},
                                       {"A_log", "num_v_heads", kF32},
                                       {"a", "total_seq_len num_v_heads", kBf16},
                                       {"dt_bias", "num_v_heads", kF32},
                                       {"b", "total_seq_len num_v_heads", kBf16},
                                       {"cu_seqlens", "len_cu_seqlens", kI64},
                                       {"scale", nullptr, kF32}};
constexpr TensorRow kGdnPrefillOut[] = {{"output", "total_seq_len num_v_heads head_size", kBf16},
                                        {"new_state", "num_seqs num_v_heads head_size head_size", kF32}};
constexpr TensorRow kGdnDecodeIn[] = {{"q", "batch_size seq_len num_q_heads head_size", kBf16},
                                      {"k", "batch_size seq_len num_k_heads head_size", kBf16},
                                      {"v", "batch_size seq_len num_v_heads head_size", kBf16},
                                      {"state", "batch_size num_v_heads head_size head_size", kF32},
                                      {"A_log", "num_v_heads", kF32},
                                      {"a", "batch_size seq_len num_v_heads", kBf16},
                                      {"dt_bias", "num_v_heads", kF32},
                                      {"b", "batch_size seq_len num_v_heads", kBf16},
                                      {"scale", nullptr, kF32}};
constexpr TensorRow kGdnDecodeOut[] = {{"output", "batch_size seq_len num_v_heads head_size", kBf16},
                                       {"new_state", "batch_size num_v_heads head_size head_size", kF32}};
constexpr TensorRow kGdnMtpIn[] = {{"q", "batch_size seq_len num_q_heads head_size", kBf16},
                                   {"k", "batch_size seq_len num_k_heads head_size", kBf16},
                                   {"v", "batch_size seq_len num_v_heads head_size", kBf16},
                                   {"initial_state", "pool_size num_v_heads head_size head_size", kF32},
                                   {"initial_state_indices", "batch_size", kI32},
                                   {"A_log", "num_v_heads", kF32},
                                   {"a", "batch_size seq_len num_v_heads", kBf16},
                                   {"dt_bias", "num_v_heads", kF32},
                                   {"b", "batch_size seq_len num_v_heads", kBf16},
                                   {"scale", nullptr, kF32},
                                   {"intermediate_states_buffer", "pool_size seq_len num_v_heads head_size head_size", kF32}};
constexpr TensorRow kGdnMtpOut[] = {{"output", "batch_size seq_len num_v_heads head_size", kBf16},
                                    {"final_state", "pool_size num_v_heads head_size head_size", kF32}};
constexpr TensorRow kMambaIn[] = {{"state", "state_cache_size nheads head_dim dstate", kBf16},
                                  {"x", "batch_size nheads head_dim", kBf16},
                                  {"dt", "batch_size nheads head_dim", kBf16},
                                  {"A", "nheads head_dim dstate", kF32},
                                  {"B", "batch_size ngroups dstate", kBf16},
                                  {"C", "batch_size ngroups dstate", kBf16},
                                  {"D", "nheads head_dim", kBf16},
                                  {"dt_bias", "nheads head_dim", kBf16},
                                  {"state_batch_indices", "batch_size", kI32}};
constexpr TensorRow kMambaOut[] = {{"output", "batch_size nheads head_dim", kBf16},
                                   {"new_state", "state_cache_size nheads head_dim dstate", kBf16}};
#define HFMI_FP8_BLOCK_TENSORS                                                                              \
  {"hidden_states", "seq_len hidden_size", kFp8}, {"hidden_states_scale", "num_hidden_blocks seq_len", kF32}, \
      {"gemm1_weights", "num_local_experts gemm1_out_size hidden_size", kFp8},                                \
      {"gemm1_weights_scale", "num_local_experts num_gemm1_out_blocks num_hidden_blocks", kF32},              \
      {"gemm2_weights", "num_local_experts hidden_size intermediate_size", kFp8},                             \
      {"gemm2_weights_scale", "num_local_experts num_hidden_blocks num_intermediate_blocks", kF32}
constexpr TensorRow kMoeDsIn[] = {{"routing_logits", "seq_len num_experts", kF32},
                                  {"routing_bias", "num_experts", kBf16},
                                  HFMI_FP8_BLOCK_TENSORS,
                                  {"local_expert_offset", nullptr, kI32},
                                  {"routed_scaling_factor", nullptr, kF32}};
constexpr TensorRow kMoeRenormIn[] = {{"routing_logits", "seq_len num_local_experts", kBf16}, HFMI_FP8_BLOCK_TENSORS};
#undef HFMI_FP8_BLOCK_TENSORS
constexpr TensorRow kMoeOut[] = {{"output", "seq_len hidden_size", kBf16}};
constexpr TensorRow kTrtllmFp8In[] = {{"routing_logits", "seq_len num_experts", kBf16},
                                      {"hidden_states", "seq_len hidden_size", kFp8},
                                      {"gemm1_weights", "num_experts gemm1_out_size hidden_size", kFp8},
                                      {"output1_scales_scalar", "num_experts", kF32},
                                      {"output1_scales_gate_scalar", "num_experts", kF32},
                                      {"gemm2_weights", "num_experts hidden_size intermediate_size", kFp8},
                                      {"output2_scales_scalar", "num_experts", kF32},
                                      {"routing_bias", "num_experts", kBf16}};
constexpr TensorRow kTrtllmFp4In[] = {{"routing_logits", "seq_len num_experts", kBf16},
                                      {"hidden_states", "seq_len hidden_size", kBf16},
                                      {"gemm1_weights", "num_experts gemm1_out_size hidden_size", kF32},
                                      {"gemm2_weights", "num_experts hidden_size intermediate_size", kF32},
                                      {"routing_bias", "num_experts", kBf16}};
constexpr TensorRow kTrtllmFp4RoutedIn[] = {{"topk_ids", "seq_len top_k", kI32},
                                            {"hidden_states", "seq_len hidden_size", kBf16},
                                            {"gemm1_weights", "num_experts gemm1_out_size hidden_size", kF32},
                                            {"gemm2_weights", "num_experts hidden_size intermediate_size", kF32}};
constexpr TensorRow kRopeIn[] = {{"q", "num_tokens num_qo_heads head_size", kBf16},
                                 {"k", "num_tokens num_kv_heads head_size", kBf16},
                                 {"cos_sin_cache", "max_seq_len rotary_dim", kF32},
                                 {"positions", "num_tokens", kI64}};
constexpr TensorRow kRopeOut[] = {{"q_out", "num_tokens num_qo_heads head_size", kBf16},
                                  {"k_out", "num_tokens num_kv_heads head_size", kBf16}};
constexpr TensorRow kTopKIn[] = {{"probs", "batch_size vocab_size", kF32}, {"top_k", "batch_size", kI32}};
constexpr TensorRow kTopPIn[] = {{"probs", "batch_size vocab_size", kF32}, {"top_p", "batch_size", kF32}};
constexpr TensorRow kTopKTopPIn[] = {
    {"probs", "batch_size vocab_size", kF32}, {"top_k", "batch_size", kI32}, {"top_p", "batch_size", kF32}};
constexpr TensorRow kSamplingOut[] = {{"samples", "batch_size", kI64}};

// ---------------------------------------------------------------- rows
// Rows are tried in order; the first whose op_type equals the matched pattern's and whose prefix
// starts the name fills the skeleton.
const SkeletonRow kRows[] = {
    {"gemm_n", "gemm", "General matrix multiply (GEMM) C = A @ B.T with N={#N} (out features), K={#K} (in features).", "",
     list(kGemmAxes), "M", list(kGemmIn), list(kGemmOut)},
    {"rmsnorm_h", "rmsnorm", "RMSNorm with hidden_size={#hidden_size}.", "fi_api:flashinfer.norm.rmsnorm", list(kNormAxes),
     "batch_size", list(kNormIn), list(kNormOut)},
    {"fused_add_rmsnorm_h", "rmsnorm", "Fused add + RMSNorm with hidden_size={#hidden_size}.",
     "fused|fi_api:flashinfer.norm.fused_add_rmsnorm", list(kNormAxes), "batch_size", list(kFusedNormIn), list(kNormOut)},
    {"gemma_rmsnorm_h", "rmsnorm", "RMSNorm with hidden_size={#hidden_size}.", "fi_api:flashinfer.norm.gemma_rmsnorm",
     list(kNormAxes), "batch_size", list(kNormIn), list(kNormOut)},
    {"gemma_fused_add_rmsnorm_h", "rmsnorm", "Fused add + RMSNorm with hidden_size={#hidden_size}.",
     "fused|fi_api:flashinfer.norm.gemma_fused_add_rmsnorm", list(kNormAxes), "batch_size", list(kFusedNormIn),
     list(kNormOut)},
    {"gqa_paged_decode_", "gqa_paged",
     "Batched Grouped Query Attention decode with a paged KV cache (page_size={page_size}).",
     "stage:decode|fi_api:flashinfer.decode.BatchDecodeWithPagedKVCacheWrapper",
     list(kGqaPagedAxes), "batch_size num_pages len_indptr num_kv_indices", list(kGqaDecodeIn), list(kBatchOut)},
    {"gqa_paged_prefill_", "gqa_paged",
     "Batched Grouped Query Attention prefill with a paged KV cache (page_size={page_size}). Causal mask is applied.",
     "stage:prefill|fi_api:flashinfer.prefill.BatchPrefillWithPagedKVCacheWrapper", list(kGqaPagedAxes),
     "len_indptr total_q num_kv_indices num_pages", list(kGqaPrefillIn), list(kTotalQOut)},
    {"gqa_ragged_", "gqa_ragged",
     "Batched Grouped Query Attention prefill with ragged (variable-length) inputs. Causal mask is applied.",
     "stage:prefill|fi_api:flashinfer.prefill.BatchPrefillWithRaggedKVCacheWrapper", list(kGqaRaggedAxes),
     "len_indptr total_q total_kv", list(kGqaRaggedIn), list(kTotalQOut)},
    {"mla_paged_decode_", "mla_paged",
     "Batched Multi-head Latent Attention decode with a paged KV cache (page_size={page_size}).",
     "stage:decode|fi_api:flashinfer.mla.BatchMLAPagedAttentionWrapper", list(kMlaPagedAxes),
     "batch_size num_pages len_indptr num_kv_indices", list(kMlaDecodeIn), list(kMlaDecodeOut)},
    {"mla_paged_prefill_", "mla_paged",
     "Batched Multi-head Latent Attention prefill with a paged KV cache (page_size={page_size}). Causal mask is applied.",
     "stage:prefill|fi_api:flashinfer.mla.BatchMLAPagedAttentionWrapper", list(kMlaPagedAxes),
     "total_q num_pages len_indptr num_kv_indices", list(kMlaPrefillIn), list(kMlaPrefillOut), "batch_size"},
    {"mla_ragged_", "mla_ragged",
     "Batched Multi-head Latent Attention prefill with ragged inputs (qk_dim = qk_nope + qk_rope, vo_dim = v_head_dim). "
     "Causal mask is applied.",
     "stage:prefill|fi_api:flashinfer.prefill.BatchPrefillWithRaggedKVCacheWrapper", list(kMlaRaggedAxes),
     "total_q total_kv len_indptr", list(kMlaRaggedIn), list(kMlaRaggedOut)},
    {"dsa_sparse_attention_", "dsa_paged",
     "Batched sparse MLA (DSA) over the top-k selected KV cache entries; prefill and decode.",
     "sparse:topk|fi_api:flashinfer.decode.trtllm_batch_decode_with_kv_cache_mla", list(kDsaAxes), "num_tokens num_pages",
     list(kDsaIn), list(kDsaOut)},
    {"dsa_topk_indexer_", "dsa_paged",
     "DSA top-k indexer with FP8 keys: scores sum(relu(q @ K.T) * weights) and selects the top-k KV indices.",
     "stage:indexer|sparse:topk|quant:fp8", list(kIndexerAxes), "batch_size max_num_pages num_pages", list(kIndexerIn),
     list(kIndexerOut)},
    {"gdn_prefill_", "gdn", "Gated Delta Net prefill (chunked) with {layout} state layout.",
     "stage:{stage}|layout:{-layout}|fi_api:flashinfer.gdn.chunk_gated_delta_rule", list(kGdnAxes),
     "total_seq_len num_seqs len_cu_seqlens", list(kGdnPrefillIn), list(kGdnPrefillOut)},
    {"gdn_decode_", "gdn", "Gated Delta Net decode (one token, recurrent state update) with {layout} state layout.",
     "stage:{stage}|layout:{-layout}|fi_api:flashinfer.gdn.gated_delta_rule_decode", list(kGdnDecodeAxes), "batch_size",
     list(kGdnDecodeIn), list(kGdnDecodeOut)},
    {"gdn_mtp_", "gdn", "Gated Delta Net multi-token prediction (speculative verification) with {layout} state layout.",
     "stage:{stage}|layout:{-layout}", list(kGdnAxes), "batch_size seq_len pool_size", list(kGdnMtpIn), list(kGdnMtpOut)},
    {"mamba_ssu_", "mamba_ssu", "Mamba2 selective state update (SSU) decode.",
     "stage:decode|fi_api:flashinfer.mamba.selective_state_update", list(kMambaAxes), "batch_size state_cache_size",
     list(kMambaIn), list(kMambaOut)},
    {"moe_fp8_block_scale_ds_routing_", "moe",
     "FP8 block-scale MoE with DeepSeek routing (n_group={n_group}, topk_group={topk_group}): routing and two grouped "
     "GEMMs.",
     "quantization:float8_e4m3fn|fi_api:flashinfer.fused_moe.trtllm_fp8_block_scale_moe", list(kMoeDsAxes), "seq_len",
     list(kMoeDsIn), list(kMoeOut)},
    {"moe_fp8_block_scale_renorm_", "moe",
     "FP8 block-scale MoE with renormalize routing (top-k, then softmax): routing and two grouped GEMMs.",
     "quantization:float8_e4m3fn|fi_api:flashinfer.fused_moe.trtllm_fp8_block_scale_moe", list(kMoeRenormAxes), "seq_len",
     list(kMoeRenormIn), list(kMoeOut)},
    {"trtllm_fp8_per_tensor_scale_routed_", "moe", "TRT-LLM fused MoE ({quant}, pre-computed top-k ids).",
     "quantization:float8_e4m3fn|fi_api:flashinfer.fused_moe.trtllm_fp8_per_tensor_scale_moe", list(kTrtllmAxes),
     "seq_len", list(kTrtllmFp8In), list(kMoeOut)},
    {"trtllm_fp8_per_tensor_scale_", "moe", "TRT-LLM fused MoE ({quant}).",
     "quantization:float8_e4m3fn|fi_api:flashinfer.fused_moe.trtllm_fp8_per_tensor_scale_moe", list(kTrtllmAxes),
     "seq_len", list(kTrtllmFp8In), list(kMoeOut)},
    {"trtllm_fp4_block_scale_routed_", "moe", "TRT-LLM fused MoE ({quant}, pre-computed top-k ids).",
     "quantization:float4_e2m1fn_mxfp4|fi_api:flashinfer.fused_moe.trtllm_fp4_block_scale_routed_moe", list(kTrtllmAxes),
     "seq_len", list(kTrtllmFp4RoutedIn), list(kMoeOut)},
    {"trtllm_fp4_block_scale_", "moe", "TRT-LLM fused MoE ({quant}).",
     "quantization:float4_e2m1fn_mxfp4|fi_api:flashinfer.fused_moe.trtllm_fp4_block_scale_moe", list(kTrtllmAxes),
     "seq_len", list(kTrtllmFp4In), list(kMoeOut)},
    {"rope_", "rope",
     "Rotary position embedding with a cos/sin cache, {style} style, rotary_dim {rotary_dim} of head_size {head_size}.",
     "fi_api:flashinfer.rope.apply_rope_with_cos_sin_cache_inplace", list(kRopeAxes),
     "num_tokens num_qo_heads num_kv_heads max_seq_len", list(kRopeIn), list(kRopeOut)},
    {"top_k_top_p_", "sampling", "{kind} sampling from probabilities over a vocabulary of {vocab_size}.",
     "fi_api:flashinfer.sampling.{kind}_sampling_from_probs", list(kSamplingAxes), "batch_size", list(kTopKTopPIn),
     list(kSamplingOut)},
    {"top_k_", "sampling", "{kind} sampling from probabilities over a vocabulary of {vocab_size}.",
     "fi_api:flashinfer.sampling.{kind}_sampling_from_probs", list(kSamplingAxes), "batch_size", list(kTopKIn),
     list(kSamplingOut)},
    {"top_p_", "sampling", "{kind} sampling from probabilities over a vocabulary of {vocab_size}.",
     "fi_api:flashinfer.sampling.{kind}_sampling_from_probs", list(kSamplingAxes), "batch_size", list(kTopPIn),
     list(kSamplingOut)},
};

// ---------------------------------------------------------------- builder
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

// The template `text` (up to `stop`, or its end) with its {key} / {#key} / {-key} fields filled in.
std::string expand(const char* text, const Fields& f, char stop = '\0') {
  std::string out;
  for (const char* p = text; *p != '\0' && *p != stop; ++p) {
    if (*p != '{') {
      out += *p;
      continue;
    }
    const char mode = (p[1] == '#' || p[1] == '-') ? p[1] : ' ';
    const char* key = mode == ' ' ? p + 1 : p + 2;
    const char* close = std::strchr(key, '}');
    const std::string k(key, static_cast<size_t>(close - key));
    if (mode == '#') {
      out += std::to_string(num(f, k));
    } else {
      const auto it = f.find(k);
      if (it != f.end()) {
        for (char ch : it->second) out += (mode == '-' && ch == '_') ? '-' : ch;
      }
    }
    p = close;
  }
  return out;
}

// Calls fn(word) for each item of `text` separated by `sep`.
template <class Fn>
void for_each_item(const char* text, char sep, Fn&& fn) {
  const char* p = text;
  while (*p != '\0') {
    const char* end = std::strchr(p, sep);
    if (end == nullptr) end = p + std::strlen(p);
    if (end > p) fn(p, end);
    p = *end == '\0' ? end : end + 1;
  }
}

// The value of a const axis; -1 when its field is missing, not positive, or not exactly divisible.
int64_t axis_value(const AxisRow& a, const Fields& f, const NamingOptions& o) {
  int64_t v = a.add;
  if (a.field != nullptr) {
    const int64_t x = num(f, a.field);
    if (x <= 0 || (x * a.mul) % a.div != 0) return -1;
    v += x * a.mul / a.div;
  }
  return a.times_ep ? v * o.ep : v;
}

// The row for a name, or nullptr (no pattern matches, or its numbers are out of range).
const SkeletonRow* find_row(const std::string& name, const NamingOptions& o, Fields* fields) {
  PatternMatch m = builtin_naming_patterns().match(name);
  if (m.pattern == nullptr) return nullptr;
  for (const SkeletonRow& row : kRows) {
    if (m.pattern->op_type != row.op_type || name.compare(0, std::strlen(row.name_prefix), row.name_prefix) != 0) continue;
    for (const AxisRow& a : row.consts) {
      if (axis_value(a, m.fields, o) <= 0) return nullptr;
    }
    *fields = std::move(m.fields);
    return &row;
  }
  return nullptr;
}

template <class J>
J tensors_json(const List<TensorRow>& rows, bool multi_page) {
  J out = J::object();
  for (const TensorRow& t : rows) {
    if (t.multi_page_only && !multi_page) continue;
    J shape = nullptr;
    if (t.shape != nullptr) {
      shape = J::array();
      for_each_item(t.shape, ' ', [&](const char* b, const char* e) { shape.push_back(std::string(b, e)); });
    }
    Json& spec = out[t.name];  // a member of an OrderedJson keeps its order
    spec["shape"] = std::move(shape);
    spec["dtype"] = t.dtype;
  }
  return out;
}

// The skeleton as J (Json for the analysis, OrderedJson for the text with the dataset's key order).
template <class J>
J build(const std::string& name, const std::string& model_id, const NamingOptions& options) {
  Fields f;
  const SkeletonRow* row = find_row(name, options, &f);
  const bool multi_page = num(f, "page_size") > 1;
  const std::string tp = std::to_string(options.tp), ep = std::to_string(options.ep);

  J tags = J::array({"model:" + model_id, "tp:" + tp, "ep:" + ep, "status:unverified"});
  J axes = J::object();
  std::string args;  // the reference stub's parameters: the inputs, in order
  J out = J::object();
  out["name"] = name;
  if (row != nullptr) {
    out["description"] = expand(row->description, f) + " Skeleton generated for " + model_id + " at TP=" + tp +
                         ", EP=" + ep + "; verify against the model and write the reference.";
    out["op_type"] = row->op_type;
    for_each_item(row->tags, '|', [&](const char* b, const char*) { tags.push_back(expand(b, f, '|')); });
    for (const AxisRow& a : row->consts) {
      Json& axis = axes[a.name];
      axis["type"] = "const";
      axis["value"] = axis_value(a, f, options);
    }
    const auto var = [&](const char* b, const char* e) { axes[std::string(b, e)]["type"] = "var"; };
    for_each_item(row->vars, ' ', var);
    if (multi_page) for_each_item(row->vars_multi_page, ' ', var);
    for (const TensorRow& t : row->inputs) {
      if (!t.multi_page_only || multi_page) args += (args.empty() ? "" : ", ") + std::string(t.name);
    }
  } else {
    out["description"] =
        "No naming pattern of the dataset matches this name (or its numbers are out of range); fill in "
        "op_type, axes, inputs and outputs by hand.";
    out["op_type"] = "";
  }
  out["tags"] = std::move(tags);
  out["axes"] = std::move(axes);
  out["inputs"] = row != nullptr ? tensors_json<J>(row->inputs, multi_page) : J::object();
  out["outputs"] = row != nullptr ? tensors_json<J>(row->outputs, multi_page) : J::object();
  out["reference"] = "import torch\n\n\n@torch.no_grad()\ndef run(" + args +
                     "):\n    # TODO: reference implementation (compare the dataset's " +
                     (row != nullptr ? row->op_type : "existing") + " Definitions)\n    raise NotImplementedError\n";
  return out;
}

}  // namespace

Json definition_skeleton(const std::string& name, const std::string& model_id, const NamingOptions& options) {
  return build<Json>(name, model_id, options);
}

std::string definition_skeleton_text(const std::string& name, const std::string& model_id, const NamingOptions& options) {
  // Replace invalid UTF-8 (names and ids come from users).
  return dump_json(build<OrderedJson>(name, model_id, options), 2) + "\n";
}

}  // namespace hfmi
