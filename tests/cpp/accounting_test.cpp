// Parameter accounting from headers built with header_builder.hpp. Expected numbers come from
// PROVENANCE.md, the issue text (gpt-oss-20b), and arithmetic on the fixture configs' dimensions.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/config_parser.hpp"
#include "fixtures.hpp"
#include "header_builder.hpp"
#include "params/tensor_accounting.hpp"
#include "safetensors/safetensors_header.hpp"

using namespace hfmi;
using hfmi::test::HeaderBuilder;

namespace {

// Decodes the builder's header (as a client would) and returns its tensors.
std::vector<TensorInfo> decode(const HeaderBuilder& b, const std::string& shard = "model.safetensors") {
  auto h = decode_safetensors_header(b.bytes(), b.file_size(), shard);
  REQUIRE(h.ok());
  return h->tensors;
}

void append(std::vector<TensorInfo>& all, const std::vector<TensorInfo>& more) {
  all.insert(all.end(), more.begin(), more.end());
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

}  // namespace

TEST_CASE("accounting: GPT-2 small, with attn.bias buffers", "[accounting]") {
  // GPT-2 small = gpt2-xl's config with its own width and depth (PROVENANCE: gpt2-xl stands in).
  Json raw = Json::parse(test::hf_config("openai-community__gpt2-xl"));
  raw["n_embd"] = 768;
  raw["n_layer"] = 12;
  raw["n_head"] = 12;
  auto parsed = parse_model_config(raw.dump());
  REQUIRE(parsed.ok());
  const ModelConfig& cfg = parsed.value();
  const int64_t h = 768, V = cfg.vocab_size, P = cfg.max_position_embeddings;
  REQUIRE(V == 50257);
  REQUIRE(P == 1024);

  HeaderBuilder b;  // tensor names of the HF gpt2 checkpoint (no "transformer." prefix)
  b.add("wte.weight", "F32", {V, h}).add("wpe.weight", "F32", {P, h});
  for (int i = 0; i < 12; ++i) {
    const std::string p = "h." + std::to_string(i) + ".";
    b.add(p + "ln_1.weight", "F32", {h}).add(p + "ln_1.bias", "F32", {h});
    b.add(p + "attn.bias", "F32", {1, 1, P, P});
    b.add(p + "attn.c_attn.weight", "F32", {h, 3 * h}).add(p + "attn.c_attn.bias", "F32", {3 * h});
    b.add(p + "attn.c_proj.weight", "F32", {h, h}).add(p + "attn.c_proj.bias", "F32", {h});
    b.add(p + "ln_2.weight", "F32", {h}).add(p + "ln_2.bias", "F32", {h});
    b.add(p + "mlp.c_fc.weight", "F32", {h, 4 * h}).add(p + "mlp.c_fc.bias", "F32", {4 * h});
    b.add(p + "mlp.c_proj.weight", "F32", {4 * h, h}).add(p + "mlp.c_proj.bias", "F32", {h});
  }
  b.add("ln_f.weight", "F32", {h}).add("ln_f.bias", "F32", {h});

  const ParamReport r = account_parameters(decode(b), cfg);
  CHECK(r.total == 124'439'808);    // PROVENANCE.md
  CHECK(r.buffers == 12'582'912);   // 12 x 1024^2 (PROVENANCE.md)
  CHECK(r.active == r.total);
  CHECK(r.tensor_count == 2 + 12 * 13 + 2);
  REQUIRE(r.buffer_names_sample.size() == 8);
  CHECK(r.buffer_names_sample[0] == "h.0.attn.bias");
  CHECK(get(r.by_component, "embeddings") == V * h);
  CHECK(get(r.by_component, "position_embeddings") == P * h);
  CHECK(get(r.by_component, "attention") == 12 * (h * 3 * h + 3 * h + h * h + h));
  CHECK(get(r.by_component, "dense_mlp") == 12 * (h * 4 * h + 4 * h + 4 * h * h + h));
  CHECK(get(r.by_component, "norms") == 12 * 4 * h + 2 * h);
  CHECK(get(r.by_component, "other") == 0);
  CHECK(r.by_component.size() == 5);
  CHECK(get(r.by_dtype, "F32") == 124'439'808);
  CHECK(r.stored_bytes == (124'439'808 + 12'582'912) * 4);
  CHECK(get(r.stored_bytes_by_dtype, "F32") == r.stored_bytes);
  REQUIRE(r.by_layer.size() == 12);
  CHECK(r.by_layer.at(0) == 4 * h + (h * 3 * h + 3 * h + h * h + h) + (h * 4 * h + 4 * h + 4 * h * h + h));
  CHECK(r.stored_bytes_by_layer.at(11) == (r.by_layer.at(11) + P * P) * 4);
  CHECK(r.mtp == 0);
  CHECK(r.vision == 0);
  CHECK(r.quant_aux_elements == 0);
}

namespace {

// gpt-oss tensors with the real checkpoint's names, sized from the fixture config, in 3 shards.
std::vector<TensorInfo> gpt_oss_tensors(const ModelConfig& c) {
  const int64_t h = c.hidden_size, d = c.head_dim, H = c.num_heads, K = c.num_kv_heads;
  const int64_t E = c.moe->num_experts, mi = c.moe->moe_intermediate_size, V = c.vocab_size;
  REQUIRE(mi % 32 == 0);
  REQUIRE(h % 32 == 0);
  std::vector<TensorInfo> all;
  HeaderBuilder first;
  first.add("model.embed_tokens.weight", "BF16", {V, h});
  append(all, decode(first, "model-00000-of-00002.safetensors"));
  HeaderBuilder shard[2];
  for (int64_t i = 0; i < c.num_layers; ++i) {
    HeaderBuilder& b = shard[i < c.num_layers / 2 ? 0 : 1];
    const std::string p = "model.layers." + std::to_string(i) + ".";
    b.add(p + "input_layernorm.weight", "BF16", {h});
    b.add(p + "mlp.experts.down_proj_bias", "BF16", {E, h});
    b.add(p + "mlp.experts.down_proj_blocks", "U8", {E, h, mi / 32, 16});
    b.add(p + "mlp.experts.down_proj_scales", "U8", {E, h, mi / 32});
    b.add(p + "mlp.experts.gate_up_proj_bias", "BF16", {E, 2 * mi});
    b.add(p + "mlp.experts.gate_up_proj_blocks", "U8", {E, 2 * mi, h / 32, 16});
    b.add(p + "mlp.experts.gate_up_proj_scales", "U8", {E, 2 * mi, h / 32});
    b.add(p + "mlp.router.bias", "BF16", {E});
    b.add(p + "mlp.router.weight", "BF16", {E, h});
    b.add(p + "post_attention_layernorm.weight", "BF16", {h});
    b.add(p + "self_attn.k_proj.bias", "BF16", {K * d}).add(p + "self_attn.k_proj.weight", "BF16", {K * d, h});
    b.add(p + "self_attn.o_proj.bias", "BF16", {h}).add(p + "self_attn.o_proj.weight", "BF16", {h, H * d});
    b.add(p + "self_attn.q_proj.bias", "BF16", {H * d}).add(p + "self_attn.q_proj.weight", "BF16", {H * d, h});
    b.add(p + "self_attn.sinks", "BF16", {H});
    b.add(p + "self_attn.v_proj.bias", "BF16", {K * d}).add(p + "self_attn.v_proj.weight", "BF16", {K * d, h});
  }
  shard[1].add("model.norm.weight", "BF16", {h}).add("lm_head.weight", "BF16", {V, h});
  append(all, decode(shard[0], "model-00001-of-00002.safetensors"));
  append(all, decode(shard[1], "model-00002-of-00002.safetensors"));
  return all;
}

}  // namespace

TEST_CASE("accounting: gpt-oss-20b, MXFP4 blocks x2 and E8M0 scales not counted", "[accounting]") {
  const ModelConfig c = config_of("openai__gpt-oss-20b");
  REQUIRE(c.moe);
  const ParamReport r = account_parameters(gpt_oss_tensors(c), c);
  // The issue text: gpt-oss-20b = BF16 1,804,459,584 + MXFP4 19,110,297,600.
  CHECK(get(r.by_dtype, "BF16") == 1'804'459'584);
  CHECK(get(r.by_dtype, "MXFP4") == 19'110'297'600);
  CHECK(r.by_dtype.size() == 2);
  CHECK(r.total == 1'804'459'584 + 19'110'297'600);
  CHECK(r.quantization == "mxfp4");

  const int64_t h = c.hidden_size, E = c.moe->num_experts, mi = c.moe->moe_intermediate_size, L = c.num_layers;
  const int64_t k = c.moe->experts_per_token;
  // Scales: one E8M0 byte per 32-value block.
  CHECK(r.quant_aux_elements == L * E * (2 * mi * h / 32 + h * mi / 32));
  const int64_t routed_per_layer = E * (2 * mi * h + 2 * mi + h * mi + h);  // blocks (as params) + expert biases
  CHECK(get(r.by_component, "routed_experts") == L * routed_per_layer);
  CHECK(get(r.by_component, "router") == L * (E * h + E));
  CHECK(get(r.by_component, "embeddings") == c.vocab_size * h);
  CHECK(get(r.by_component, "lm_head") == c.vocab_size * h);
  CHECK(get(r.by_component, "norms") == L * 2 * h + h);
  CHECK(get(r.by_component, "other") == 0);
  CHECK(r.active == r.total - L * routed_per_layer + L * routed_per_layer / E * k);
  CHECK(r.active_excluding_embeddings == r.active - c.vocab_size * h);
  // gpt-oss-20b is published as "3.6B active" without the input embedding.
  CHECK(r.active_excluding_embeddings > 3'600'000'000);
  CHECK(r.active_excluding_embeddings < 3'700'000'000);
  REQUIRE(r.by_layer.size() == static_cast<size_t>(L));
  CHECK(r.by_layer.at(0) == r.by_layer.at(23));
  // Stored bytes: BF16 params x2 + U8 blocks (half the MXFP4 params) + U8 scales.
  CHECK(get(r.stored_bytes_by_dtype, "BF16") == 1'804'459'584LL * 2);
  CHECK(get(r.stored_bytes_by_dtype, "U8") == 19'110'297'600LL / 2 + r.quant_aux_elements);
}

TEST_CASE("accounting: GPTQ and AWQ 4-bit layers: qweight x32/bits, qzeros/scales/g_idx are aux", "[accounting]") {
  const int64_t h = 4096, inter = 11008, group = 128;
  ModelConfig c;
  c.num_layers = 1;
  c.hidden_size = h;
  c.quantization.method = "gptq";
  c.quantization.bits = 4;
  c.quantization.group_size = group;
  HeaderBuilder b;
  auto gptq = [&](const std::string& name, int64_t in, int64_t out) {
    b.add(name + ".qweight", "I32", {in / 8, out});  // GPTQ packs along the input dimension
    b.add(name + ".qzeros", "I32", {in / group, out / 8});
    b.add(name + ".scales", "F16", {in / group, out});
    b.add(name + ".g_idx", "I32", {in});
  };
  gptq("model.layers.0.self_attn.q_proj", h, h);
  gptq("model.layers.0.mlp.down_proj", inter, h);
  b.add("model.layers.0.input_layernorm.weight", "F16", {h});
  const ParamReport r = account_parameters(decode(b), c);
  CHECK(get(r.by_component, "attention") == h * h);
  CHECK(get(r.by_component, "dense_mlp") == inter * h);
  CHECK(get(r.by_dtype, "INT4") == h * h + inter * h);
  CHECK(get(r.by_dtype, "F16") == h);
  CHECK(r.total == h * h + inter * h + h);
  CHECK(r.quant_aux_elements == (h / group * h / 8 + h / group * h + h) + (inter / group * h / 8 + inter / group * h + inter));

  // AWQ packs along the output dimension: same parameter count.
  ModelConfig awq = c;
  awq.quantization.method = "awq";
  HeaderBuilder a;
  a.add("model.layers.0.self_attn.q_proj.qweight", "I32", {h, h / 8})
      .add("model.layers.0.self_attn.q_proj.qzeros", "I32", {h / group, h / 8})
      .add("model.layers.0.self_attn.q_proj.scales", "F16", {h / group, h});
  const ParamReport ra = account_parameters(decode(a), awq);
  CHECK(ra.total == h * h);
  CHECK(get(ra.by_dtype, "INT4") == h * h);

  // 8-bit GPTQ: x4.
  ModelConfig c8 = c;
  c8.quantization.bits = 8;
  HeaderBuilder e;
  e.add("model.layers.0.self_attn.q_proj.qweight", "I32", {h / 4, h});
  const ParamReport r8 = account_parameters(decode(e), c8);
  CHECK(r8.total == h * h);
  CHECK(get(r8.by_dtype, "INT8") == h * h);

  // No quantization_config: the method is inferred from the names, with a note.
  const ParamReport inferred = account_parameters(decode(b), ModelConfig{});
  CHECK(inferred.total == r.total);
  CHECK(inferred.quantization == "gptq");
  bool noted = false;
  for (const auto& n : inferred.notes) noted = noted || n.find("inferred") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("accounting: compressed-tensors pack-quantized, 32/num_bits not floored", "[accounting]") {
  const int64_t h = 4096;
  for (int64_t bits : {2, 3, 4, 8}) {
    INFO(bits << " bits");
    ModelConfig c;
    c.quantization.method = "compressed-tensors";
    c.quantization.bits = bits;
    HeaderBuilder b;
    // Packed row-major: in * bits / 32 int32 per output row (4096 * 3 / 32 = 384 exactly).
    b.add("model.layers.0.mlp.up_proj.weight_packed", "I32", {h, h * bits / 32});
    b.add("model.layers.0.mlp.up_proj.weight_scale", "BF16", {h, h / 128});
    b.add("model.layers.0.mlp.up_proj.weight_zero_point", "I32", {h / 8, h / 128});
    b.add("model.layers.0.mlp.up_proj.weight_shape", "I64", {2});
    const ParamReport r = account_parameters(decode(b), c);
    CHECK(r.total == h * h);
    CHECK(get(r.by_dtype, "INT" + std::to_string(bits)) == h * h);
    CHECK(r.quant_aux_elements == h * h / 128 + h / 8 * h / 128 + 2);
  }
  // NVFP4: U8 container, two values per byte; global scales are aux.
  ModelConfig c;
  c.quantization.method = "compressed-tensors";
  c.quantization.bits = 4;
  HeaderBuilder b;
  b.add("model.layers.0.mlp.up_proj.weight_packed", "U8", {h, h / 2})
      .add("model.layers.0.mlp.up_proj.weight_scale", "F8_E4M3", {h, h / 16})
      .add("model.layers.0.mlp.up_proj.weight_global_scale", "F32", {1})
      .add("model.layers.0.mlp.up_proj.input_global_scale", "F32", {1});
  const ParamReport r = account_parameters(decode(b), c);
  CHECK(r.total == h * h);
  CHECK(get(r.by_dtype, "FP4") == h * h);
  CHECK(r.quant_aux_elements == h * h / 16 + 2);
}

TEST_CASE("accounting: bitsandbytes 4-bit weights x2, quant-state companions aux", "[accounting]") {
  const int64_t h = 2048;
  ModelConfig c;
  c.quantization.method = "bitsandbytes";
  c.quantization.bits = 4;
  HeaderBuilder b;
  const std::string w = "model.layers.0.self_attn.q_proj.weight";
  b.add(w, "U8", {h * h / 2, 1})
      .add(w + ".absmax", "U8", {h * h / 64})
      .add(w + ".nested_absmax", "F32", {h * h / 64 / 256})
      .add(w + ".nested_quant_map", "F32", {256})
      .add(w + ".quant_map", "F32", {16})
      .add(w + ".quant_state.bitsandbytes__nf4", "U8", {100})
      .add("model.embed_tokens.weight", "BF16", {1000, h})
      .add("model.layers.0.input_layernorm.weight", "BF16", {h});
  const ParamReport r = account_parameters(decode(b), c);
  CHECK(get(r.by_component, "attention") == h * h);
  CHECK(get(r.by_dtype, "NF4") == h * h);
  CHECK(get(r.by_dtype, "BF16") == 1000 * h + h);
  CHECK(r.quant_aux_elements == h * h / 64 + h * h / 64 / 256 + 256 + 16 + 100);
  // A U8 ".weight" without a quant_state companion is not unpacked.
  HeaderBuilder plain;
  plain.add("model.layers.0.mlp.up_proj.weight", "U8", {10, 10});
  CHECK(account_parameters(decode(plain), c).total == 100);
}

TEST_CASE("accounting: DeepSeek-V3 FP8 layers: weight_scale_inv aux, MTP layer apart", "[accounting]") {
  const ModelConfig c = config_of("deepseek-ai__DeepSeek-V3");
  REQUIRE(c.mla);
  REQUIRE(c.moe);
  const int64_t h = c.hidden_size, H = c.num_heads, I = c.intermediate_size;
  const int64_t ql = c.mla->q_lora_rank, kvl = c.mla->kv_lora_rank, nope = c.mla->qk_nope_head_dim;
  const int64_t rope = c.mla->qk_rope_head_dim, vd = c.mla->v_head_dim;
  const int64_t E = c.moe->num_experts, mi = c.moe->moe_intermediate_size, k = c.moe->experts_per_token;
  const int64_t V = c.vocab_size, L = c.num_layers;
  REQUIRE(L == 61);

  int64_t aux = 0;
  auto ceil128 = [](int64_t x) { return (x + 127) / 128; };
  auto fp8 = [&](HeaderBuilder& b, const std::string& name, int64_t out, int64_t in) {
    b.add(name + ".weight", "F8_E4M3", {out, in});
    b.add(name + ".weight_scale_inv", "F32", {ceil128(out), ceil128(in)});
    aux += ceil128(out) * ceil128(in);
  };
  auto attention = [&](HeaderBuilder& b, const std::string& p) {
    fp8(b, p + "self_attn.q_a_proj", ql, h);
    b.add(p + "self_attn.q_a_layernorm.weight", "BF16", {ql});
    fp8(b, p + "self_attn.q_b_proj", H * (nope + rope), ql);
    fp8(b, p + "self_attn.kv_a_proj_with_mqa", kvl + rope, h);
    b.add(p + "self_attn.kv_a_layernorm.weight", "BF16", {kvl});
    fp8(b, p + "self_attn.kv_b_proj", H * (nope + vd), kvl);
    fp8(b, p + "self_attn.o_proj", h, H * vd);
    b.add(p + "input_layernorm.weight", "BF16", {h}).add(p + "post_attention_layernorm.weight", "BF16", {h});
  };
  auto moe = [&](HeaderBuilder& b, const std::string& p) {
    b.add(p + "mlp.gate.weight", "BF16", {E, h}).add(p + "mlp.gate.e_score_correction_bias", "F32", {E});
    for (int64_t e = 0; e < E; ++e) {
      const std::string x = p + "mlp.experts." + std::to_string(e) + ".";
      fp8(b, x + "gate_proj", mi, h);
      fp8(b, x + "up_proj", mi, h);
      fp8(b, x + "down_proj", h, mi);
    }
    fp8(b, p + "mlp.shared_experts.gate_proj", mi, h);
    fp8(b, p + "mlp.shared_experts.up_proj", mi, h);
    fp8(b, p + "mlp.shared_experts.down_proj", h, mi);
  };

  HeaderBuilder b;
  b.add("model.embed_tokens.weight", "BF16", {V, h});
  attention(b, "model.layers.0.");  // a dense layer (first_k_dense_replace)
  fp8(b, "model.layers.0.mlp.gate_proj", I, h);
  fp8(b, "model.layers.0.mlp.up_proj", I, h);
  fp8(b, "model.layers.0.mlp.down_proj", h, I);
  attention(b, "model.layers.3.");  // a MoE layer
  moe(b, "model.layers.3.");
  b.add("model.norm.weight", "BF16", {h}).add("lm_head.weight", "BF16", {V, h});
  // The MTP layer (index 61 = num_hidden_layers): its own embedding, projections and head.
  const std::string m = "model.layers.61.";
  b.add(m + "embed_tokens.weight", "BF16", {V, h}).add(m + "enorm.weight", "BF16", {h}).add(m + "hnorm.weight", "BF16", {h});
  b.add(m + "eh_proj.weight", "BF16", {h, 2 * h}).add(m + "shared_head.head.weight", "BF16", {V, h});
  b.add(m + "shared_head.norm.weight", "BF16", {h});
  const int64_t mtp = V * h + h + h + h * 2 * h + V * h + h;

  const ParamReport r = account_parameters(decode(b), c);
  const int64_t attn = h * ql + ql + ql * H * (nope + rope) + h * (kvl + rope) + kvl + kvl * H * (nope + vd) + H * vd * h;
  CHECK(get(r.by_component, "attention") == 2 * attn);
  CHECK(get(r.by_component, "dense_mlp") == 3 * h * I);
  CHECK(get(r.by_component, "routed_experts") == E * 3 * h * mi);
  CHECK(get(r.by_component, "shared_experts") == 3 * h * mi);
  CHECK(get(r.by_component, "router") == E * h + E);
  CHECK(get(r.by_component, "mtp") == mtp);
  CHECK(r.mtp == mtp);
  CHECK(get(r.by_component, "other") == 0);
  CHECK(r.quant_aux_elements == aux);
  const int64_t total = V * h * 2 + h + 4 * h + 2 * attn + 3 * h * I + E * 3 * h * mi + 3 * h * mi + E * h + E + mtp;
  CHECK(r.total == total);
  // Active: no MTP, no selection bias, top-8 of 256 routed experts.
  CHECK(r.active == total - mtp - E - E * 3 * h * mi + k * 3 * h * mi);
  CHECK(get(r.by_dtype, "F8_E4M3") == 2 * attn - 2 * (ql + kvl) + 3 * h * I + (E + 1) * 3 * h * mi);
  CHECK(get(r.stored_bytes_by_dtype, "F32") == (aux + E) * 4);
  CHECK(r.by_layer.count(61) == 1);
  CHECK(r.by_layer.at(3) == attn + 2 * h + E * 3 * h * mi + 3 * h * mi + E * h + E);
}

TEST_CASE("accounting: vision tower, named MTP modules, inv_freq buffers, declared totals", "[accounting]") {
  ModelConfig c;
  c.num_layers = 2;
  c.tie_word_embeddings = true;
  HeaderBuilder b;
  b.add("language_model.model.embed_tokens.weight", "F16", {100, 8})
      .add("language_model.model.layers.0.self_attn.rotary_emb.inv_freq", "F32", {4})
      .add("language_model.model.layers.0.self_attn.q_proj.weight", "F16", {8, 8})
      .add("language_model.model.layers.1.mlp.gate_proj.weight", "F16", {16, 8})
      .add("language_model.lm_head.weight", "F16", {100, 8})
      .add("vision_tower.vision_model.encoder.layers.0.self_attn.q_proj.weight", "F16", {4, 4})
      .add("vision_tower.vision_model.embeddings.position_ids", "I64", {1, 577})
      .add("multi_modal_projector.linear_1.weight", "F16", {8, 4})
      .add("mtp.layers.0.mlp.up_proj.weight", "F16", {3, 3})
      .add("mystery.tensor", "F16", {5});
  const ParamReport r = account_parameters(decode(b), c, int64_t{999});
  CHECK(r.vision == 16 + 32);
  CHECK(get(r.by_component, "vision") == 48);
  CHECK(r.mtp == 9);
  CHECK(r.buffers == 4 + 577);
  CHECK(get(r.by_component, "embeddings") == 800);
  CHECK(get(r.by_component, "lm_head") == 800);
  CHECK(get(r.by_component, "attention") == 64);
  CHECK(get(r.by_component, "dense_mlp") == 128);
  CHECK(get(r.by_component, "other") == 5);
  CHECK(r.total == 800 + 800 + 64 + 128 + 48 + 9 + 5);
  CHECK(r.active == r.total - 9);
  // Vision layers are not decoder layers.
  CHECK(r.by_layer.size() == 2);
  CHECK(r.by_layer.at(0) == 64);
  REQUIRE(r.declared_total);
  CHECK(*r.declared_total == 999);
  auto has = [&](const std::string& word) {
    for (const auto& n : r.notes) {
      if (n.find(word) != std::string::npos) return true;
    }
    return false;
  };
  CHECK(has("declared total_parameters 999"));
  CHECK(has("mystery.tensor"));
  CHECK(has("tie_word_embeddings"));
}

TEST_CASE("accounting: classify_tensors gives each tensor's kind for tensors.csv", "[accounting]") {
  HeaderBuilder b;
  b.add("h.0.attn.bias", "F32", {1, 1, 4, 4})
      .add("model.layers.0.mlp.experts.gate_up_proj_blocks", "U8", {2, 4, 1, 16})
      .add("model.layers.0.mlp.experts.gate_up_proj_scales", "U8", {2, 4, 1})
      .add("model.norm.weight", "BF16", {8});
  const auto tensors = decode(b);
  const auto a = classify_tensors(tensors, ModelConfig{});
  REQUIRE(a.size() == 4);
  CHECK(a[0].kind == "buffer");
  CHECK(a[0].parameters == 0);
  CHECK(a[1].kind == "parameter");
  CHECK(a[1].component == "routed_experts");
  CHECK(a[1].layer == 0);
  CHECK(a[1].parameters == 256);
  CHECK(a[1].format == "MXFP4");
  CHECK(a[2].kind == "quant_aux");
  CHECK(a[3].component == "norms");
  CHECK(a[3].layer == -1);
}

TEST_CASE("accounting: component rules for other families' tensor names", "[accounting]") {
  ModelConfig c;
  c.num_layers = 4;
  c.layers.assign(4, LayerSpec{});
  c.layers[0].mixer = MixerKind::kMamba;  // Nemotron-H 'M' layer
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"backbone.embeddings.weight", "embeddings"},
      {"backbone.layers.0.mixer.in_proj.weight", "mamba"},
      {"backbone.layers.0.mixer.norm.weight", "mamba"},
      {"backbone.layers.0.norm.weight", "norms"},
      {"backbone.layers.1.mixer.q_proj.weight", "attention"},
      {"backbone.layers.2.mixer.up_proj.weight", "dense_mlp"},
      {"backbone.norm_f.weight", "norms"},
      {"model.layers.1.linear_attn.in_proj_qkvz.weight", "linear_attention"},
      {"model.layers.1.linear_attn.norm.weight", "linear_attention"},
      {"model.layers.1.mlp.shared_expert_gate.weight", "shared_experts"},
      {"model.layers.1.mlp.shared_expert.down_proj.weight", "shared_experts"},
      {"model.layers.1.mlp.experts.7.up_proj.weight", "routed_experts"},
      {"model.layers.1.mlp.gate.weight", "router"},
      {"model.layers.1.block_sparse_moe.gate.weight", "router"},
      {"model.layers.1.block_sparse_moe.router.layer.weight", "router"},
      {"model.layers.1.block_sparse_moe.input_linear.weight", "routed_experts"},
      {"model.layers.1.feed_forward.experts.gate_up_proj", "routed_experts"},
      {"model.layers.1.feed_forward.router.weight", "router"},
      {"model.layers.1.self_attn.q_norm.weight", "attention"},
      {"model.layers.1.self_attn.kv_a_layernorm.weight", "attention"},
      {"model.layers.1.self_attn.indexer.wq_b.weight", "attention"},
      {"model.language_model.layers.3.cross_attn.q_proj.weight", "attention"},
      {"model.language_model.layers.3.cross_attn_mlp_gate", "attention"},
      {"transformer.h.1.self_attention.dense.weight", "attention"},
      {"transformer.h.1.mlp.dense_h_to_4h.weight", "dense_mlp"},
      {"transformer.word_embeddings_layernorm.weight", "norms"},
      {"transformer.word_embeddings.weight", "embeddings"},
      {"gpt_neox.embed_in.weight", "embeddings"},
      {"embed_out.weight", "lm_head"},
      {"visual.blocks.0.attn.qkv.weight", "vision"},
      {"model.vision_model.transformer.layers.0.mlp.fc1.weight", "vision"},
      {"model.layers.4.eh_proj.weight", "mtp"},
      {"mtp.fc.weight", "mtp"},
  };
  HeaderBuilder b;
  for (const auto& [name, unused] : expected) {
    (void)unused;
    b.add(name, "BF16", {2});
  }
  auto h = decode_safetensors_header(b.bytes(), b.file_size(), "m.safetensors");
  REQUIRE(h.ok());
  // Decoding sorts by offset, i.e. the order added.
  const auto accounts = classify_tensors(h->tensors, c);
  REQUIRE(accounts.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO(expected[i].first);
    CHECK(h->tensors[i].name == expected[i].first);
    CHECK(accounts[i].component == expected[i].second);
  }
}

TEST_CASE("DeepSeek-V3's MTP layer: its selection bias is not taken out of active twice", "[accounting]") {
  // One MoE layer (index 0) and one MTP layer (index 1 = num_hidden_layers), each with an
  // e_score_correction_bias of E elements. Active = main layer minus its bias (MTP leaves as a whole).
  ModelConfig c;
  c.num_layers = 1;
  c.num_mtp_layers = 1;
  c.moe = MoeConfig{};
  c.moe->num_experts = 4;
  c.moe->experts_per_token = 4;  // every expert active: only the biases and MTP separate total and active
  HeaderBuilder b;
  b.add("model.layers.0.mlp.gate.weight", "BF16", {4, 8})
      .add("model.layers.0.mlp.gate.e_score_correction_bias", "F32", {4})
      .add("model.layers.1.mlp.gate.weight", "BF16", {4, 8})
      .add("model.layers.1.mlp.gate.e_score_correction_bias", "F32", {4});
  auto h = decode_safetensors_header(b.bytes(), b.file_size(), "x");
  REQUIRE(h.ok());
  const ParamReport r = account_parameters(h->tensors, c);
  CHECK(r.total == 2 * (32 + 4));
  CHECK(r.mtp == 32 + 4);
  CHECK(r.active == 32);  // total 72 - MTP 36 - main-layer bias 4
}
