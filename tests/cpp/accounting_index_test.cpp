// Headers rebuilt from the real index files: every tensor name (and its shard) from the fixture's
// weight_map, every shape from the fixture config by the standard HF module layout. The expected totals
// are the index files' own metadata.total_size / 2 (bf16/fp16 checkpoints) and PROVENANCE.md counts.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config_parser.hpp"
#include "fixtures.hpp"
#include "header_builder.hpp"
#include "params/config_estimate.hpp"
#include "params/memory.hpp"
#include "params/reconciliation.hpp"
#include "params/tensor_accounting.hpp"
#include "safetensors/safetensors_header.hpp"
#include "safetensors/shard_index.hpp"

using namespace hfmi;
using hfmi::test::HeaderBuilder;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The standard HF layout: tensor name -> shape, from the config. Written for the fixtures' families.
std::vector<int64_t> shape_of(const std::string& n, const ModelConfig& c) {
  const int64_t h = c.hidden_size, V = c.vocab_size, H = c.num_heads, K = c.num_kv_heads, d = c.head_dim;
  const int64_t I = c.intermediate_size;
  if (has(n, "vision_tower") || has(n, "multi_modal_projector")) {
    const VisionConfig& v = c.vision;
    const int64_t vh = v.hidden_size, vi = v.intermediate_size, p = v.patch_size;
    const int64_t patches = (v.image_size / p) * (v.image_size / p);
    if (has(n, "linear_1.weight")) return {h, vh};
    if (has(n, "linear_1.bias") || has(n, "linear_2.bias")) return {h};
    if (has(n, "linear_2.weight")) return {h, h};
    if (has(n, "mm_input_projection_weight")) return {vh, h};
    if (has(n, "class_embedding")) return {vh};
    if (has(n, "patch_embedding.weight")) return {vh, 3, p, p};
    if (has(n, "position_embedding.weight")) return {patches + (c.vision.model_type == "clip_vision_model" ? 1 : 0), vh};  // CLIP's class token
    if (has(n, "fc1.weight")) return {vi, vh};
    if (has(n, "fc1.bias")) return {vi};
    if (has(n, "fc2.weight")) return {vh, vi};
    if (has(n, "_proj.weight")) return {vh, vh};
    return {vh};  // biases and norms of width vh
  }
  if (has(n, "embed_tokens") || has(n, "word_embeddings") || ends_with(n, "lm_head.weight")) return {V, h};
  if (has(n, "q_norm") || has(n, "k_norm")) return {d};
  if (has(n, "norm") || has(n, "ln_")) return {h};
  if (has(n, "qkv_proj") || has(n, "query_key_value")) return {(H + 2 * K) * d, h};
  if (has(n, "q_proj")) return {H * d, h};
  if (has(n, "k_proj") || has(n, "v_proj")) return {K * d, h};
  if (has(n, "o_proj") || has(n, "self_attention.dense")) return {h, H * d};
  if (has(n, "gate_up_proj")) return {2 * I, h};
  if (has(n, "gate_proj") || has(n, "up_proj") || has(n, "dense_h_to_4h")) return {I, h};
  if (has(n, "down_proj") || has(n, "dense_4h_to_h")) return {h, I};
  if (has(n, "block_sparse_moe.gate")) return {c.moe->num_experts, h};
  if (ends_with(n, "w1.weight") || ends_with(n, "w3.weight")) return {c.moe->moe_intermediate_size, h};
  if (ends_with(n, "w2.weight")) return {h, c.moe->moe_intermediate_size};
  FAIL("no shape rule for " << n);
  return {};
}

struct Rebuilt {
  std::vector<TensorInfo> tensors;
  ShardIndex index;
};

// Parses the index (streaming), then builds and decodes one header per shard.
Rebuilt rebuild(const std::string& index_file, const ModelConfig& c, const std::string& dtype) {
  const std::string text = test::fixture("hf/" + index_file);
  ShardIndexParser parser;
  REQUIRE(parser.feed(text).ok());
  auto index = parser.finish();
  REQUIRE(index.ok());
  const auto j = nlohmann::ordered_json::parse(text);
  std::map<std::string, HeaderBuilder> builders;
  for (const auto& [name, shard] : j["weight_map"].items()) {
    builders[shard.get<std::string>()].add(name, dtype, shape_of(name, c));
  }
  Rebuilt out{{}, index.value()};
  for (const auto& [shard, b] : builders) {
    auto h = decode_safetensors_header(b.bytes(), b.file_size(), shard);
    REQUIRE(h.ok());
    out.tensors.insert(out.tensors.end(), h->tensors.begin(), h->tensors.end());
  }
  return out;
}

ModelConfig config_of(const std::string& org_name) {
  auto c = parse_model_config(test::hf_config(org_name));
  REQUIRE(c.ok());
  return c.value();
}

int64_t get(const std::map<std::string, int64_t>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

bool mentions(const std::vector<std::string>& lines, const std::string& word) {
  for (const auto& l : lines) {
    if (l.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("accounting from real indexes: totals equal metadata.total_size / 2", "[accounting][index]") {
  struct Case {
    std::string model;
    std::string index;
    std::string dtype;
  };
  const std::vector<Case> cases = {
      {"google__gemma-2b-it", "google__gemma-2b-it.safetensors.index.json", "BF16"},
      {"google__gemma-2-9b-it", "google__gemma-2-9b-it.safetensors.index.json", "BF16"},
      {"microsoft__Phi-3-mini-128k-instruct", "microsoft__Phi-3-mini-128k-instruct.safetensors.index.json", "BF16"},
      {"mistralai__Devstral-Small-2507", "mistralai__Devstral-Small-2507.safetensors.index.json", "BF16"},
      {"alpindale__WizardLM-2-8x22B", "alpindale__WizardLM-2-8x22B.safetensors.index.json", "BF16"},
      {"tiiuae__falcon-180B-chat", "tiiuae__falcon-180B-chat.safetensors.index.json", "BF16"},
      {"tiiuae__falcon-7b-instruct", "tiiuae__falcon-7b-instruct.pytorch_model.bin.index.json", "BF16"},
      {"llava-hf__llava-1.5-7b-hf", "llava-hf__llava-1.5-7b-hf.safetensors.index.json", "F16"},
      {"google__medgemma-27b-it", "google__medgemma-27b-it.safetensors.index.json", "BF16"},
  };
  for (const Case& k : cases) {
    INFO(k.model);
    const ModelConfig c = config_of(k.model);
    const Rebuilt rb = rebuild(k.index, c, k.dtype);
    REQUIRE(rb.index.total_size);
    const ParamReport r = account_parameters(rb.tensors, c,
                                             rb.index.total_parameters ? std::optional<int64_t>(*rb.index.total_parameters) : std::nullopt);
    CHECK(r.total * 2 == static_cast<int64_t>(*rb.index.total_size));
    CHECK(r.stored_bytes == static_cast<int64_t>(*rb.index.total_size));
    CHECK(static_cast<uint64_t>(r.tensor_count) == rb.index.tensor_count);
    CHECK(get(r.by_component, "other") == 0);
    CHECK(r.buffers == 0);
    CHECK(r.quant_aux_elements == 0);
    CHECK(r.by_layer.size() == static_cast<size_t>(c.num_layers));
    if (rb.index.total_parameters && static_cast<int64_t>(*rb.index.total_parameters) != r.total) {
      CHECK(mentions(r.notes, "declared total_parameters"));
    }
  }
}

TEST_CASE("accounting from real indexes: published and PROVENANCE counts", "[accounting][index]") {
  // gemma-2b: 2,506,172,416; gemma-2-9b: 9,241,705,984; Phi-3-mini: 3,821,079,552 (PROVENANCE.md).
  const ModelConfig g2 = config_of("google__gemma-2-9b-it");
  CHECK(account_parameters(rebuild("google__gemma-2-9b-it.safetensors.index.json", g2, "BF16").tensors, g2).total ==
        9'241'705'984);
  const ModelConfig phi = config_of("microsoft__Phi-3-mini-128k-instruct");
  CHECK(account_parameters(rebuild("microsoft__Phi-3-mini-128k-instruct.safetensors.index.json", phi, "BF16").tensors, phi)
            .total == 3'821'079'552);
  // Devstral's index declares total_parameters 23,572,403,200 = the computed count.
  const ModelConfig dev = config_of("mistralai__Devstral-Small-2507");
  const ParamReport d = account_parameters(rebuild("mistralai__Devstral-Small-2507.safetensors.index.json", dev, "BF16").tensors,
                                           dev, int64_t{23'572'403'200});
  CHECK(d.total == 23'572'403'200);
  CHECK_FALSE(mentions(d.notes, "declared total_parameters"));
  // medgemma's index total_parameters counts the tied lm_head twice: never trusted over the sum.
  const ModelConfig mg = config_of("google__medgemma-27b-it");
  const Rebuilt mrb = rebuild("google__medgemma-27b-it.safetensors.index.json", mg, "BF16");
  const ParamReport m = account_parameters(mrb.tensors, mg, static_cast<int64_t>(*mrb.index.total_parameters));
  CHECK(m.total == 27'432'406'640);
  CHECK(static_cast<int64_t>(*mrb.index.total_parameters) - m.total == mg.vocab_size * mg.hidden_size);
  CHECK(mentions(m.notes, "declared total_parameters 28842036848"));
  CHECK(m.vision > 0);
  CHECK(m.vision == get(m.by_component, "vision"));
}

TEST_CASE("accounting: Mixtral-8x7B total and active (PROVENANCE.md)", "[accounting][index]") {
  // Tensor names as in the Mixtral-architecture index (WizardLM-2-8x22B), sizes from the 8x7B config.
  const ModelConfig c = config_of("mistralai__Mixtral-8x7B-v0.1");
  REQUIRE(c.moe);
  HeaderBuilder b;
  b.add("model.embed_tokens.weight", "BF16", shape_of("model.embed_tokens.weight", c));
  for (int64_t i = 0; i < c.num_layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    for (const char* s : {"input_layernorm.weight", "post_attention_layernorm.weight", "self_attn.q_proj.weight",
                          "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight",
                          "block_sparse_moe.gate.weight"}) {
      b.add(p + s, "BF16", shape_of(p + s, c));
    }
    for (int64_t e = 0; e < c.moe->num_experts; ++e) {
      for (const char* w : {"w1", "w2", "w3"}) {
        const std::string n = p + "block_sparse_moe.experts." + std::to_string(e) + "." + w + ".weight";
        b.add(n, "BF16", shape_of(n, c));
      }
    }
  }
  b.add("model.norm.weight", "BF16", shape_of("model.norm.weight", c));
  b.add("lm_head.weight", "BF16", shape_of("lm_head.weight", c));
  auto h = decode_safetensors_header(b.bytes(), b.file_size(), "model.safetensors");
  REQUIRE(h.ok());
  const ParamReport r = account_parameters(h->tensors, c);
  CHECK(r.total == 46'702'792'704);
  CHECK(r.active == 12'879'925'248);
}

TEST_CASE("reconciliation against the config estimate on real indexes", "[accounting][reconcile]") {
  // Agreement: Devstral (untied, text only).
  const ModelConfig dev = config_of("mistralai__Devstral-Small-2507");
  const ParamReport d = account_parameters(rebuild("mistralai__Devstral-Small-2507.safetensors.index.json", dev, "BF16").tensors, dev);
  const ConfigEstimate de = estimate_parameters(dev);
  const Reconciliation rd = reconcile(d, de.total, de.by_component, dev);
  CHECK(rd.agree);
  CHECK(rd.explained);
  CHECK(rd.relative_diff < 1e-12);
  CHECK(rd.issues.empty());

  // Falcon-180B: tie_word_embeddings, yet the checkpoint stores lm_head too.
  const ModelConfig f = config_of("tiiuae__falcon-180B-chat");
  const ParamReport fr = account_parameters(rebuild("tiiuae__falcon-180B-chat.safetensors.index.json", f, "BF16").tensors, f);
  const ConfigEstimate fe = estimate_parameters(f);
  const Reconciliation rf = reconcile(fr, fe.total, fe.by_component, f);
  CHECK(rf.relative_diff > 0);
  CHECK(fr.total - fe.total == f.vocab_size * f.hidden_size);
  CHECK(rf.agree);  // 0.54%: within 1%, and still explained exactly
  CHECK(rf.explained);
  CHECK(rf.issues.empty());
  CHECK(mentions(rf.reasons, "tie_word_embeddings"));
  CHECK(rf.adjusted_headers_total == fe.total);
  CHECK(mentions(fr.notes, "tie_word_embeddings"));
}

TEST_CASE("reconciliation: MTP layers, vision, missing shards, and an unexplained mismatch", "[accounting][reconcile]") {
  ModelConfig c;
  ParamReport h;
  h.by_component = {{"embeddings", 1000}, {"attention", 5000}, {"dense_mlp", 10000}, {"mtp", 900}};
  h.mtp = 900;
  h.total = 16900;
  const std::map<std::string, int64_t> est = {{"embeddings", 1000}, {"attention", 5000}, {"dense_mlp", 10000}};
  const Reconciliation m = reconcile(h, 16000, est, c);
  CHECK_FALSE(m.agree);
  CHECK(m.explained);
  CHECK(m.adjusted_headers_total == 16000);
  CHECK(mentions(m.reasons, "multi-token-prediction"));
  CHECK(m.issues.empty());

  // The config estimate reports MTP apart (by_component["mtp"], never in its total), as
  // estimate_parameters does for DeepSeek-V3: still explained by the MTP layers.
  std::map<std::string, int64_t> est_with_mtp = est;
  est_with_mtp["mtp"] = 900;
  const Reconciliation m2 = reconcile(h, 16000, est_with_mtp, c);
  CHECK(m2.explained);
  CHECK(m2.adjusted_headers_total == 16000);
  CHECK(m2.issues.empty());

  // Vision tower stored, not estimated; and a shard holding all of dense_mlp missing (both at once).
  ParamReport v;
  v.by_component = {{"embeddings", 1000}, {"attention", 5000}, {"vision", 3000}};
  v.vision = 3000;
  v.total = 9000;
  const Reconciliation mv = reconcile(v, 16000, est, c);
  CHECK(mv.explained);
  CHECK(mentions(mv.reasons, "vision"));
  CHECK(mentions(mv.reasons, "'dense_mlp'"));

  // Nothing explains a 25% difference in attention.
  ParamReport u;
  u.by_component = {{"embeddings", 1000}, {"attention", 6250}, {"dense_mlp", 10000}};
  u.total = 17250;
  u.quantization = "gptq";
  const Reconciliation x = reconcile(u, 16000, est, c);
  CHECK_FALSE(x.agree);
  CHECK_FALSE(x.explained);
  CHECK(x.relative_diff == Approx(1250.0 / 17250.0));
  REQUIRE(x.issues.size() == 2);
  CHECK(x.issues[0].code == "W_PARAM_MISMATCH");
  CHECK(x.issues[0].severity == "warning");
  CHECK(x.issues[0].path == "parameters.total");
  CHECK(x.issues[1].path == "parameters.by_component.attention");
  CHECK(mentions(x.reasons, "quantized"));

  // Within 1% counts as agreement.
  ParamReport close;
  close.total = 16150;
  CHECK(reconcile(close, 16000, est, c).agree);
}
