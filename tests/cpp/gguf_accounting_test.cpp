// GGUF accounting and the GGUF config dialect: the real tiny llama (expected values from its SOURCE.json
// metadata and tensor list), a synthetic Q4_K_M-style mix, a two-part split file, and an MLA MoE.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "gguf/gguf_dialect.hpp"
#include "gguf/gguf_header.hpp"
#include "gguf/gguf_tensor_names.hpp"
#include "gguf_builder.hpp"
#include "params/gguf_analysis.hpp"

using hfmi::test::GgufBuilder;

namespace {

hfmi::GgufHeader decode(const std::string& bytes, uint64_t file_size, const std::string& name) {
  auto r = hfmi::decode_gguf_header(bytes, file_size, name);
  if (!r.ok()) FAIL(r.error().message);
  REQUIRE(r->complete);
  return r.value();
}

}  // namespace

TEST_CASE("gguf accounting: the real tiny llama", "[gguf]") {
  const std::string name = "ollama__ollama__llama-2-tiny-random";
  const auto source = nlohmann::json::parse(hfmi::test::fixture("gguf/real/" + name + ".SOURCE.json"));
  const auto h = decode(hfmi::test::fixture("gguf/real/" + name + ".gguf.head"), source["full_file_size"].get<uint64_t>(),
                        name + ".gguf");
  auto r = hfmi::analyze_gguf({&h}, "", 4096);
  if (!r.ok()) FAIL(r.error().message);
  const auto& a = r->account;
  const auto& m = source["metadata_scalars"];
  // The dialect reads the {arch}.* keys.
  CHECK(r->config.hidden_size == m["llama.embedding_length"].get<int64_t>());
  CHECK(r->config.num_layers == m["llama.block_count"].get<int64_t>());
  CHECK(r->config.intermediate_size == m["llama.feed_forward_length"].get<int64_t>());
  CHECK(r->config.num_heads == m["llama.attention.head_count"].get<int64_t>());
  CHECK(r->config.num_kv_heads == m["llama.attention.head_count_kv"].get<int64_t>());
  CHECK(r->config.vocab_size == source["tokenizer_arrays"]["tokenizer.ggml.tokens"]["len"].get<int64_t>());
  CHECK(r->config.max_position_embeddings == 4096);
  CHECK_FALSE(r->config.tie_word_embeddings);  // output.weight is stored
  // Exact parameters from the 12 tensor infos: 2 x 8 x 32000 + 4 x 64 + 3 x 256 + 3 x 8.
  CHECK(a.parameters == 513048);
  CHECK(a.by_type.at("F16").parameters == 513024);
  CHECK(a.by_type.at("F32").parameters == 24);
  CHECK(a.by_type.at("F16").bytes == 1026048);
  CHECK(a.by_type.at("F32").bytes == 96);
  CHECK(a.tensor_bytes == 1026144);
  CHECK(a.file_bytes == source["full_file_size"].get<int64_t>());
  CHECK(a.bits_per_weight == Approx(1026144.0 * 8 / 513048));
  CHECK(a.file_type_name == "F16");  // general.file_type 1 = LLAMA_FTYPE_MOSTLY_F16
  CHECK(a.quantization == "F16");
  CHECK(a.dominant_type == "F16");
  CHECK(a.params.by_component.at("embeddings") == 256000);
  CHECK(a.params.by_component.at("lm_head") == 256000);
  CHECK(a.params.by_component.at("attention") == 256);
  CHECK(a.params.by_component.at("dense_mlp") == 768);
  CHECK(a.params.by_component.at("norms") == 24);
  // KV cache per token: 1 layer x 2 (K and V) x 2 KV heads x head_dim 4 (8 / 2) x 2 bytes.
  CHECK(r->kv.bytes_per_token == 32);
  const auto j = hfmi::gguf_file_json(a);
  CHECK(j["parameters"] == 513048);
  CHECK(j["by_type"]["F16"]["bytes"] == 1026048);
}

TEST_CASE("gguf tensor names map onto the HF component rules", "[gguf]") {
  using hfmi::gguf_tensor_hf_name;
  CHECK(gguf_tensor_hf_name("blk.3.attn_q.weight") == "model.layers.3.self_attn.q_proj.weight");
  CHECK(gguf_tensor_hf_name("blk.3.ffn_down_exps.weight") == "model.layers.3.mlp.experts.down_proj.weight");
  CHECK(gguf_tensor_hf_name("blk.3.attn_kv_a_mqa.weight") == "model.layers.3.self_attn.kv_a_proj_with_mqa.weight");
  CHECK(gguf_tensor_hf_name("blk.3.exp_probs_b.bias") == "model.layers.3.mlp.gate.e_score_correction_bias.bias");
  CHECK(gguf_tensor_hf_name("output.weight") == "lm_head.weight");
  CHECK(gguf_tensor_hf_name("token_embd.weight") == "model.embed_tokens.weight");
  CHECK(gguf_tensor_hf_name("blk.0.ffn_gate_new_thing.weight") == "model.layers.0.mlp.gate_new_thing.weight");
}

namespace {

// A small Llama-shaped header: hidden 256, 2 layers, 4 heads (2 KV), FFN 512, vocab 1000 (token_embd
// dims [256, 1000]), Q4_K_M's real rule (Q6_K for attn_v, ffn_down and output, Q4_K elsewhere, F32 norms).
GgufBuilder mixed_llama(uint32_t q_type, uint32_t v_type, uint64_t& tensor_bytes, uint64_t& params) {
  GgufBuilder b;
  struct T { std::string name; std::vector<uint64_t> dims; uint32_t type; };
  std::vector<T> ts = {{"token_embd.weight", {256, 1000}, q_type}};
  for (int l = 0; l < 2; ++l) {
    const std::string p = "blk." + std::to_string(l) + ".";
    ts.push_back({p + "attn_norm.weight", {256}, 0});
    ts.push_back({p + "attn_q.weight", {256, 256}, q_type});
    ts.push_back({p + "attn_k.weight", {256, 128}, q_type});
    ts.push_back({p + "attn_v.weight", {256, 128}, v_type});
    ts.push_back({p + "attn_output.weight", {256, 256}, q_type});
    ts.push_back({p + "ffn_norm.weight", {256}, 0});
    ts.push_back({p + "ffn_gate.weight", {256, 512}, q_type});
    ts.push_back({p + "ffn_up.weight", {256, 512}, q_type});
    ts.push_back({p + "ffn_down.weight", {512, 256}, v_type});
  }
  ts.push_back({"output_norm.weight", {256}, 0});
  ts.push_back({"output.weight", {256, 1000}, v_type});
  b.preamble(3, ts.size(), 9);
  b.kv_str("general.architecture", "llama").kv_u32("general.file_type", 15);
  b.kv_u32("llama.block_count", 2).kv_u32("llama.embedding_length", 256).kv_u32("llama.feed_forward_length", 512);
  b.kv_u32("llama.attention.head_count", 4).kv_u32("llama.attention.head_count_kv", 2);
  b.kv_u32("llama.context_length", 2048).kv_u32("llama.rope.dimension_count", 64);
  uint64_t off = 0;
  tensor_bytes = 0;
  params = 0;
  for (const auto& t : ts) {
    b.tensor(t.name, t.dims, t.type, off);
    uint64_t n = 1;
    for (auto d : t.dims) n *= d;
    // ggml-common.h: Q4_K 144 bytes / 256, Q6_K 210 / 256, F32 4 / 1.
    const uint64_t bytes = t.type == 12 ? n / 256 * 144 : t.type == 14 ? n / 256 * 210 : n * 4;
    off += (bytes + 31) / 32 * 32;
    tensor_bytes += bytes;
    params += n;
  }
  return b;
}

}  // namespace

TEST_CASE("gguf accounting: a Q4_K_M mix, bytes per type equal the sum over the tensor infos", "[gguf]") {
  uint64_t bytes = 0, params = 0;
  auto b = mixed_llama(12, 14, bytes, params);
  const auto h = decode(b.bytes(), 0, "m-Q4_K_M.gguf");
  auto r = hfmi::analyze_gguf({&h}, "", 2048);
  if (!r.ok()) FAIL(r.error().message);
  const auto& a = r->account;
  CHECK(a.parameters == static_cast<int64_t>(params));
  CHECK(a.tensor_bytes == static_cast<int64_t>(bytes));
  int64_t sum = 0;
  for (const auto& t : h.tensors) sum += static_cast<int64_t>(t.bytes);
  CHECK(a.by_type.at("Q4_K").bytes + a.by_type.at("Q6_K").bytes + a.by_type.at("F32").bytes == sum);
  CHECK(a.bits_per_weight == Approx(static_cast<double>(bytes) * 8 / static_cast<double>(params)));
  CHECK(a.file_type_name == "Q4_K_M");
  CHECK(a.quantization == "Q4_K_M");
  CHECK(a.dominant_type == "Q4_K");
  CHECK(r->config.tie_word_embeddings == false);
  CHECK(r->config.head_dim == 64);
  // KV per token: 2 layers x 2 x 2 KV heads x 64 x 2 bytes.
  CHECK(r->kv.bytes_per_token == 1024);
  // A config.json that disagrees is reconciled, naming both values.
  auto rc = hfmi::analyze_gguf({&h}, R"({"model_type":"llama","num_hidden_layers":3,"hidden_size":256,
      "intermediate_size":512,"num_attention_heads":4,"num_key_value_heads":2,"vocab_size":1000})", 2048);
  REQUIRE(rc.ok());
  REQUIRE(rc->reconciliation.size() == 1);
  CHECK(rc->reconciliation[0] == "num_hidden_layers: GGUF 2, config.json 3");
}

TEST_CASE("gguf accounting: a split file's parts add up", "[gguf]") {
  // Part 1 holds the metadata and the embedding; part 2 holds the rest (llama.cpp gguf-split layout).
  GgufBuilder p1, p2;
  p1.preamble(3, 1, 9).kv_str("general.architecture", "llama").kv_u32("general.file_type", 7);
  p1.kv_u32("llama.block_count", 1).kv_u32("llama.embedding_length", 64).kv_u32("llama.feed_forward_length", 128);
  p1.kv_u32("llama.attention.head_count", 2).kv_u32("llama.attention.head_count_kv", 2);
  p1.str("split.no").u32(2).u16(0).str("split.count").u32(2).u16(2);  // uint16, as gguf-split writes them
  p1.tensor("token_embd.weight", {64, 100}, 8, 0);  // Q8_0: 200 blocks x 34 bytes
  p2.preamble(3, 2, 2).str("split.no").u32(2).u16(1).str("split.count").u32(2).u16(2);
  p2.tensor("blk.0.attn_q.weight", {64, 64}, 8, 0).tensor("output_norm.weight", {64}, 0, 4352);
  const auto h1 = decode(p1.bytes(), 0, "m-Q8_0-00001-of-00002.gguf");
  const auto h2 = decode(p2.bytes(), 0, "m-Q8_0-00002-of-00002.gguf");
  auto r = hfmi::analyze_gguf({&h1, &h2}, "", 512);
  if (!r.ok()) FAIL(r.error().message);
  CHECK(r->account.parts == 2);
  CHECK(r->account.parameters == 6400 + 4096 + 64);
  CHECK(r->account.by_type.at("Q8_0").bytes == (6400 + 4096) / 32 * 34);
  CHECK(r->account.by_type.at("F32").bytes == 256);
  CHECK(r->account.quantization == "Q8_0");
  CHECK(r->config.tie_word_embeddings);  // no output.weight in any part
}

TEST_CASE("gguf dialect: DeepSeek-V3 MLA and MoE keys", "[gguf]") {
  // The keys llama.cpp's convert_hf_to_gguf.py writes for DeepSeek-V3 (deepseek2 architecture).
  GgufBuilder b;
  b.preamble(3, 0, 17).kv_str("general.architecture", "deepseek2");
  b.kv_u32("deepseek2.block_count", 61).kv_u32("deepseek2.embedding_length", 7168);
  b.kv_u32("deepseek2.feed_forward_length", 18432).kv_u32("deepseek2.attention.head_count", 128);
  b.kv_u32("deepseek2.attention.head_count_kv", 128).kv_u32("deepseek2.attention.q_lora_rank", 1536);
  b.kv_u32("deepseek2.attention.kv_lora_rank", 512).kv_u32("deepseek2.attention.key_length", 192);
  b.kv_u32("deepseek2.attention.value_length", 128).kv_u32("deepseek2.rope.dimension_count", 64);
  b.kv_u32("deepseek2.expert_count", 256).kv_u32("deepseek2.expert_used_count", 8);
  b.kv_u32("deepseek2.expert_feed_forward_length", 2048).kv_u32("deepseek2.expert_shared_count", 1);
  b.kv_u32("deepseek2.leading_dense_block_count", 3).kv_u32("deepseek2.expert_gating_func", 2);
  auto h = decode(b.bytes(), 0, "DeepSeek-V3-Q4_K_M.gguf");
  auto cfg = hfmi::gguf_to_hf_config(h);
  REQUIRE(cfg.ok());
  CHECK(cfg->config["model_type"] == "deepseek_v3");
  CHECK(cfg->config["qk_nope_head_dim"] == 128);
  CHECK(cfg->config["qk_rope_head_dim"] == 64);
  auto r = hfmi::analyze_gguf({&h}, "", 4096);
  if (!r.ok()) FAIL(r.error().message);
  REQUIRE(r->config.mla);
  CHECK(r->config.mla->kv_lora_rank == 512);
  REQUIRE(r->config.moe);
  CHECK(r->config.moe->num_experts == 256);
  CHECK(r->config.moe->experts_per_token == 8);
  // MLA cache per token: 61 layers x (512 + 64) x 2 bytes.
  CHECK(r->kv.bytes_per_token == 61 * 576 * 2);
}
