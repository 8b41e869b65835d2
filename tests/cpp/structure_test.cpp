// Structure read from the tensors: headers built from real indexes' tensor names (tests/fixtures/structure,
// see its PROVENANCE.md) with shapes from the configs' numbers. Expected values come from the configs,
// the indexes' total_size and hf-wild's expected.json, never from the tool.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "structure/model_structure.hpp"
#include "structure/tensor_roles.hpp"
#include "structure_fixtures.hpp"

using namespace hfmi;
using namespace hfmi::test;

namespace {

Json fixture_json(const std::string& path) { return Json::parse(fixture(path)); }

int64_t i64(const Json& j, const char* key) { return j[key].get<int64_t>(); }

std::set<std::string> module_names(const Json& analysis) {
  std::set<std::string> out;
  for (const Json& m : analysis["module_tree"]["modules"]) out.insert(m["name"].get<std::string>());
  return out;
}

bool has_issue(const Json& analysis, const std::string& code, const std::string& path) {
  for (const Json& i : analysis["issues"]) {
    if (i["code"] == code && (path.empty() || i["path"] == path)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("structure: the role table knows every naming scheme the brief lists", "[structure]") {
  const std::vector<std::pair<std::string, TensorRole>> rows = {
      {"model.layers.0.self_attn.q_proj.weight", TensorRole::kQ},
      {"transformer.h.0.attn.c_attn.weight", TensorRole::kQkv},
      {"transformer.h.0.attn.c_proj.weight", TensorRole::kO},
      {"transformer.h.0.mlp.c_proj.weight", TensorRole::kDown},
      {"transformer.h.0.mlp.c_fc.weight", TensorRole::kFcIn},
      {"gpt_neox.layers.0.attention.query_key_value.weight", TensorRole::kQkv},
      {"gpt_neox.layers.0.attention.dense.weight", TensorRole::kO},
      {"gpt_neox.layers.0.mlp.dense_h_to_4h.weight", TensorRole::kFcIn},
      {"h.3.self_attention.query_key_value.bias", TensorRole::kQkv},
      {"transformer.blocks.0.attn.Wqkv.weight", TensorRole::kQkv},
      {"transformer.blocks.0.attn.out_proj.weight", TensorRole::kO},
      {"transformer.blocks.0.ffn.up_proj.weight", TensorRole::kUp},
      {"layers.3.mixer.Wqkv.weight", TensorRole::kQkv},
      {"layers.3.mixer.out_proj.weight", TensorRole::kMixerOut},
      {"model.layers.0.self_attn.dense.weight", TensorRole::kO},
      {"model.layers.0.mlp.fc1.weight", TensorRole::kFcIn},
      {"model.layers.0.self_attn.qkv_proj.weight", TensorRole::kQkv},
      {"model.layers.0.mlp.gate_up_proj.weight", TensorRole::kGateUp},
      {"model.layers.0.mlp.experts.7.down_proj.weight", TensorRole::kDown},
      {"model.layers.0.mlp.experts.gate_up_proj", TensorRole::kGateUp},
      {"model.layers.0.mlp.experts.gate_up_proj_bias", TensorRole::kGateUp},
      {"model.layers.0.mlp.router.weight", TensorRole::kRouter},
      {"model.layers.0.mlp.gate.weight", TensorRole::kRouter},
      {"model.layers.0.mlp.shared_experts.up_proj.weight", TensorRole::kUp},
      {"model.layers.0.self_attn.q_a_proj.weight", TensorRole::kMlaQA},
      {"model.layers.0.self_attn.kv_a_proj_with_mqa.weight", TensorRole::kMlaKvA},
      {"backbone.layers.0.mixer.in_proj.weight", TensorRole::kSsmInProj},
      {"backbone.layers.0.mixer.A_log", TensorRole::kSsmALog},
      {"backbone.layers.0.mixer.conv1d.weight", TensorRole::kSsmConv},
      {"model.layers.0.linear_attn.in_proj_qkvz.weight", TensorRole::kLinearAttention},
      {"model.vision_tower.blocks.0.attn.qkv.weight", TensorRole::kVision},
      {"multi_modal_projector.linear_1.weight", TensorRole::kVision},
      {"model.layers.0.input_layernorm.weight", TensorRole::kNorm},
      {"transformer.ln_f.weight", TensorRole::kFinalNorm},
      {"lm_head.weight", TensorRole::kLmHead},
      {"transformer.wte.weight", TensorRole::kEmbedding},
      {"model.layers.0.block_sparse_moe.experts.3.w2.weight", TensorRole::kW2},
      {"model.layers.0.mlp.experts.3.weight_scale_inv", TensorRole::kAuxiliary},
  };
  for (const auto& [name, role] : rows) {
    INFO(name);
    CHECK(std::string(to_string(tensor_name_role(name).role)) == to_string(role));
  }
  CHECK(tensor_name_role("model.layers.0.mlp.experts.7.down_proj.weight").scope == RoleScope::kExpert);
  CHECK(tensor_name_role("model.layers.0.mlp.experts.7.down_proj.weight").expert == 7);
  CHECK(tensor_name_role("model.layers.0.mlp.shared_experts.up_proj.weight").scope == RoleScope::kSharedExpert);
  CHECK(tensor_name_role("rwkv.blocks.0.attention.time_decay").role == TensorRole::kUnknown);
}

TEST_CASE("structure: GPT-NeoX (RedPajama-INCITE-7B) has a 2-matrix MLP and its exact published count", "[structure]") {
  const std::string dir = "structure/togethercomputer__RedPajama-INCITE-7B-Base/";
  const Json config = fixture_json(dir + "config.json");
  const int64_t h = i64(config, "hidden_size"), I = i64(config, "intermediate_size"), V = i64(config, "vocab_size");
  const int64_t heads = i64(config, "num_attention_heads"), ctx = i64(config, "max_position_embeddings");
  const int64_t rotary_half = h / heads / 2;  // rotary_pct 1.0
  const ShapeOf shape = [&](const std::string& n) -> TensorShape {
    if (name_ends(n, "attention.bias")) return {"BOOL", {1, 1, ctx, ctx}};  // the causal-mask buffer
    if (name_ends(n, "masked_bias")) return {"F16", {}};
    if (name_ends(n, "inv_freq")) return {"F16", {rotary_half}};
    if (name_ends(n, "embed_in.weight") || name_ends(n, "embed_out.weight")) return {"F16", {V, h}};
    if (name_ends(n, "query_key_value.weight")) return {"F16", {3 * h, h}};
    if (name_ends(n, "query_key_value.bias")) return {"F16", {3 * h}};
    if (name_ends(n, "dense_h_to_4h.weight")) return {"F16", {I, h}};
    if (name_ends(n, "dense_h_to_4h.bias")) return {"F16", {I}};
    if (name_ends(n, "dense_4h_to_h.weight")) return {"F16", {h, I}};
    if (name_ends(n, "dense.weight")) return {"F16", {h, h}};
    return {"F16", {h}};  // norms and the remaining biases
  };
  const BuiltModel m = build_from_index(fixture_json(dir + "pytorch_model.bin.index.json"), shape);
  ImportSession s;
  load_session(s, fixture(dir + "config.json"), m);
  const Json a = analyze_ok(s, "togethercomputer/RedPajama-INCITE-7B-Base");
  const Json& arch = a["architecture"];
  CHECK(arch["mlp"]["gated"] == false);
  CHECK(arch["normalization"]["type"] == "layernorm");
  CHECK(arch["attention"]["num_kv_heads"] == 32);  // expected.json
  CHECK(arch["parameters"]["total"] == 6'857'302'016);  // expected.json (buffers left out)
  CHECK(a["structure"]["source"] == "tensors");
  CHECK(a["structure"]["unsupported"].empty());
  const std::set<std::string> names = module_names(a);
  CHECK(names.count("up_proj") == 1);
  CHECK(names.count("gate_up_proj") == 0);
  // With the 2-matrix MLP the config estimate matches the headers.
  CHECK(arch["parameters"]["reconciliation"]["agree"] == true);
}

TEST_CASE("structure: GPT-BigCode (santacoder) has a 2-matrix MLP and one KV head from c_attn's shape", "[structure]") {
  const Json config = fixture_json("structure/bigcode__gpt_bigcode-santacoder/config.json");
  const int64_t h = i64(config, "n_embd"), I = i64(config, "n_inner"), V = i64(config, "vocab_size");
  const int64_t L = i64(config, "n_layer"), P = i64(config, "n_positions"), hd = h / i64(config, "n_head");
  HeaderBuilder b;
  b.add("transformer.wte.weight", "F32", {V, h}).add("transformer.wpe.weight", "F32", {P, h});
  for (int64_t i = 0; i < L; ++i) {
    const std::string p = "transformer.h." + std::to_string(i) + ".";
    b.add(p + "ln_1.weight", "F32", {h}).add(p + "ln_1.bias", "F32", {h});
    b.add(p + "attn.c_attn.weight", "F32", {h + 2 * hd, h}).add(p + "attn.c_attn.bias", "F32", {h + 2 * hd});
    b.add(p + "attn.c_proj.weight", "F32", {h, h}).add(p + "attn.c_proj.bias", "F32", {h});
    b.add(p + "ln_2.weight", "F32", {h}).add(p + "ln_2.bias", "F32", {h});
    b.add(p + "mlp.c_fc.weight", "F32", {I, h}).add(p + "mlp.c_fc.bias", "F32", {I});
    b.add(p + "mlp.c_proj.weight", "F32", {h, I}).add(p + "mlp.c_proj.bias", "F32", {h});
  }
  b.add("transformer.ln_f.weight", "F32", {h}).add("transformer.ln_f.bias", "F32", {h});
  ImportSession s;
  REQUIRE(s.set_config(fixture("structure/bigcode__gpt_bigcode-santacoder/config.json")).ok());
  REQUIRE(s.add_header("model.safetensors", b.bytes(), b.file_size()).ok());
  const Json a = analyze_ok(s, "bigcode/gpt_bigcode-santacoder");
  const Json& arch = a["architecture"];
  CHECK(arch["mlp"]["gated"] == false);
  CHECK(arch["attention"]["num_heads"] == 16);     // expected.json
  CHECK(arch["attention"]["num_kv_heads"] == 1);   // expected.json: multi_query
  CHECK(arch["attention"]["type"] == "mqa");
  CHECK(arch["tie_word_embeddings"] == true);      // no lm_head stored
  CHECK(arch["normalization"]["type"] == "layernorm");
  CHECK(module_names(a).count("gate_up_proj") == 0);
}

TEST_CASE("structure: phi-2 (MixFormer, mixer.Wqkv / fc1 / fc2) has a 2-matrix MLP and its exact count", "[structure]") {
  const std::string dir = "structure/microsoft__phi-2/";
  const Json config = fixture_json(dir + "config.json");
  const Json index = fixture_json(dir + "pytorch_model.bin.index.json");
  const int64_t h = i64(config, "n_embd"), V = i64(config, "vocab_size"), I = 4 * h;  // n_inner null = 4 x n_embd
  const ShapeOf shape = [&](const std::string& n) -> TensorShape {
    if (name_ends(n, "wte.weight") || name_ends(n, "linear.weight")) return {"F32", {V, h}};
    if (name_ends(n, "linear.bias")) return {"F32", {V}};
    if (name_ends(n, "Wqkv.weight")) return {"F32", {3 * h, h}};
    if (name_ends(n, "Wqkv.bias")) return {"F32", {3 * h}};
    if (name_ends(n, "out_proj.weight")) return {"F32", {h, h}};
    if (name_ends(n, "fc1.weight")) return {"F32", {I, h}};
    if (name_ends(n, "fc1.bias")) return {"F32", {I}};
    if (name_ends(n, "fc2.weight")) return {"F32", {h, I}};
    return {"F32", {h}};
  };
  const BuiltModel m = build_from_index(index, shape);
  REQUIRE(m.data_bytes == index["metadata"]["total_size"].get<uint64_t>());  // the shapes are right
  ImportSession s;
  load_session(s, fixture(dir + "config.json"), m);
  const Json a = analyze_ok(s, "microsoft/phi-2");
  const Json& arch = a["architecture"];
  CHECK(arch["mlp"]["gated"] == false);
  CHECK(arch["num_layers"] == 32);                 // expected.json (layers.0 is wte, layers.33 the head)
  CHECK(arch["attention"]["num_heads"] == 32);
  CHECK(arch["attention"]["num_kv_heads"] == 32);
  CHECK(arch["parameters"]["total"] == 2'779'683'840);  // expected.json: total_size / 4
  CHECK(arch["parameters"]["by_component"].value("other", 0) == 0);
  CHECK(a["structure"]["unsupported"].empty());
  CHECK(module_names(a).count("gate_up_proj") == 0);
}

TEST_CASE("structure: falcon-40b's fused QKV shape gives 8 KV heads", "[structure]") {
  const std::string dir = "structure/tiiuae__falcon-40b/";
  const Json config = fixture_json(dir + "config.json");
  const Json index = fixture_json(dir + "pytorch_model.bin.index.json");
  const int64_t h = i64(config, "hidden_size"), V = i64(config, "vocab_size"), H = i64(config, "n_head");
  const int64_t kv = i64(config, "n_head_kv"), hd = h / H;
  const ShapeOf shape = [&](const std::string& n) -> TensorShape {
    if (name_ends(n, "word_embeddings.weight") || name_ends(n, "lm_head.weight")) return {"BF16", {V, h}};
    if (name_ends(n, "query_key_value.weight")) return {"BF16", {(H + 2 * kv) * hd, h}};
    if (name_ends(n, "dense_h_to_4h.weight")) return {"BF16", {4 * h, h}};
    if (name_ends(n, "dense_4h_to_h.weight")) return {"BF16", {h, 4 * h}};
    if (name_ends(n, "dense.weight")) return {"BF16", {h, h}};
    return {"BF16", {h}};
  };
  const BuiltModel m = build_from_index(index, shape);
  REQUIRE(m.data_bytes == index["metadata"]["total_size"].get<uint64_t>());
  ImportSession s;
  load_session(s, fixture(dir + "config.json"), m);
  const Json a = analyze_ok(s, "tiiuae/falcon-40b");
  const Json& arch = a["architecture"];
  CHECK(arch["attention"]["num_kv_heads"] == 8);  // expected.json
  CHECK(arch["attention"]["num_heads"] == 128);
  CHECK(arch["attention"]["type"] == "gqa");
  CHECK(arch["mlp"]["gated"] == false);
  CHECK(arch["parameters"]["total"] == static_cast<int64_t>(m.data_bytes / 2));
}

TEST_CASE("structure: Qwen-72B's fused c_attn gives 64/64 heads and w1/w2/c_proj a gated MLP of half the config's width",
          "[structure]") {
  const std::string dir = "structure/Qwen__Qwen-72B/";
  const Json config = fixture_json(dir + "config.json");
  const Json index = fixture_json(dir + "model.safetensors.index.json");
  const int64_t half = i64(config, "intermediate_size") / 2;  // QWenMLP: w1, w2 are intermediate_size / 2 wide
  const BuiltModel m = build_from_index(index, qwen_v1_shapes(config));
  REQUIRE(m.data_bytes == index["metadata"]["total_size"].get<uint64_t>());
  ImportSession s;
  load_session(s, fixture(dir + "config.json"), m);
  const Json a = analyze_ok(s, "Qwen/Qwen-72B");
  const Json& arch = a["architecture"];
  CHECK(arch["attention"]["num_heads"] == 64);     // expected.json
  CHECK(arch["attention"]["num_kv_heads"] == 64);  // expected.json
  CHECK(arch["attention"]["type"] == "mha");
  CHECK(arch["mlp"]["gated"] == true);
  CHECK(arch["mlp"]["intermediate_size"] == half);
  // The registry's Qwen v1 row reads intermediate_size as the width of w1 + w2 together (half each), so the
  // config and the tensors now agree: no mismatch to report.
  CHECK_FALSE(has_issue(a, "W_STRUCTURE_MISMATCH", ""));
  CHECK(arch["parameters"]["total"] == 72'287'920'128);  // expected.json
  CHECK(arch["parameters"]["reconciliation"]["agree"] == true);
  CHECK(a["structure"]["unsupported"].empty());
}

TEST_CASE("structure: MPT-7B (Wqkv, ffn.up_proj/down_proj, LayerNorm without bias) is plain, tied, no positions",
          "[structure]") {
  const std::string dir = "structure/mosaicml__mpt-7b/";
  const Json config = fixture_json(dir + "config.json");
  const Json index = fixture_json(dir + "pytorch_model.bin.index.json");
  const int64_t h = i64(config, "d_model"), V = i64(config, "vocab_size"), I = i64(config, "expansion_ratio") * h;
  const ShapeOf shape = [&](const std::string& n) -> TensorShape {
    if (name_ends(n, "wte.weight")) return {"BF16", {V, h}};
    if (name_ends(n, "Wqkv.weight")) return {"BF16", {3 * h, h}};
    if (name_ends(n, "out_proj.weight")) return {"BF16", {h, h}};
    if (name_ends(n, "up_proj.weight")) return {"BF16", {I, h}};
    if (name_ends(n, "down_proj.weight")) return {"BF16", {h, I}};
    return {"BF16", {h}};
  };
  const BuiltModel m = build_from_index(index, shape);
  REQUIRE(m.data_bytes == index["metadata"]["total_size"].get<uint64_t>());
  ImportSession s;
  load_session(s, fixture(dir + "config.json"), m);
  const Json a = analyze_ok(s, "mosaicml/mpt-7b");
  const Json& arch = a["architecture"];
  CHECK(arch["mlp"]["gated"] == false);
  CHECK(arch["tie_word_embeddings"] == true);
  CHECK(arch["parameters"]["total"] == 6'649'286'656);  // expected.json
  CHECK(arch["parameters"]["reconciliation"]["agree"] == true);
}

TEST_CASE("structure: BLOOM-176B (self_attention.query_key_value, word_embeddings_layernorm) counts exactly", "[structure]") {
  const std::string dir = "structure/bigscience__bloom/";
  const Json config = fixture_json(dir + "config.json");
  const Json index = fixture_json(dir + "model.safetensors.index.json");
  const int64_t h = i64(config, "n_embed"), V = i64(config, "vocab_size");
  const ShapeOf shape = [&](const std::string& n) -> TensorShape {
    if (name_ends(n, "word_embeddings.weight")) return {"BF16", {V, h}};
    if (name_ends(n, "query_key_value.weight")) return {"BF16", {3 * h, h}};
    if (name_ends(n, "query_key_value.bias")) return {"BF16", {3 * h}};
    if (name_ends(n, "dense_h_to_4h.weight")) return {"BF16", {4 * h, h}};
    if (name_ends(n, "dense_h_to_4h.bias")) return {"BF16", {4 * h}};
    if (name_ends(n, "dense_4h_to_h.weight")) return {"BF16", {h, 4 * h}};
    if (name_ends(n, "dense.weight")) return {"BF16", {h, h}};
    return {"BF16", {h}};
  };
  const BuiltModel m = build_from_index(index, shape);
  REQUIRE(m.data_bytes == index["metadata"]["total_size"].get<uint64_t>());
  ImportSession s;
  load_session(s, fixture(dir + "config.json"), m);
  const Json a = analyze_ok(s, "bigscience/bloom");
  const Json& arch = a["architecture"];
  CHECK(arch["parameters"]["total"] == 176'247'271'424);  // expected.json
  CHECK(arch["attention"]["num_kv_heads"] == 112);
  CHECK(arch["mlp"]["gated"] == false);
  CHECK(arch["normalization"]["type"] == "layernorm");
  CHECK(arch["tie_word_embeddings"] == true);
}

TEST_CASE("structure: an unknown model_type with Llama-3.1-8B's tensors gets Llama's tree, whatever its config says",
          "[structure]") {
  const std::string dir = "repos/meta-llama/Llama-3.1-8B/";
  const Json tensors = Json::parse(fixture(dir + "tensors.json"));
  const auto add_all = [&](ImportSession& s) {
    for (const auto& [shard, rows] : tensors["shards"].items()) {
      HeaderBuilder b;
      for (const Json& row : rows) b.add(row[0].get<std::string>(), row[1].get<std::string>(), row[2].get<std::vector<int64_t>>());
      REQUIRE(s.add_header(shard, b.bytes(), b.file_size()).ok());
    }
  };
  ImportSession llama;
  REQUIRE(llama.set_config(fixture(dir + "config.json")).ok());
  add_all(llama);
  // The same checkpoint under a family no table knows, whose config also misstates the KV heads and
  // the MLP width: the tensors decide.
  Json unknown = Json::parse(fixture(dir + "config.json"));
  unknown["model_type"] = "brand_new_lm";
  unknown["architectures"] = Json::array({"BrandNewLMForCausalLM"});
  unknown["num_key_value_heads"] = 32;
  unknown["intermediate_size"] = 11008;
  ImportSession other;
  REQUIRE(other.set_config(unknown.dump()).ok());
  add_all(other);
  const Json a = analyze_ok(llama, "meta-llama/Llama-3.1-8B");
  const Json b = analyze_ok(other, "someone/brand-new-lm");
  CHECK(b["architecture"]["attention"]["num_kv_heads"] == 8);
  CHECK(b["architecture"]["mlp"]["intermediate_size"] == 14336);
  CHECK(has_issue(b, "W_STRUCTURE_MISMATCH", "$.num_key_value_heads"));
  CHECK(has_issue(b, "W_STRUCTURE_MISMATCH", "$.intermediate_size"));
  CHECK(b["architecture"]["parameters"]["total"] == 8'030'261'248);  // PROVENANCE.md
  CHECK(b["architecture"]["parameters"]["reconciliation"]["agree"] == true);
  // Same tree: module for module, apart from the class names of blocks (LlamaModel vs BrandNewLMModel).
  const Json& ma = a["module_tree"]["modules"];
  const Json& mb = b["module_tree"]["modules"];
  REQUIRE(ma.size() == mb.size());
  for (size_t i = 0; i < ma.size(); ++i) {
    INFO(ma[i]["name"].dump());
    CHECK(ma[i]["type"] == mb[i]["type"]);
    CHECK(ma[i]["count"] == mb[i]["count"]);
    CHECK(ma[i]["definitions"] == mb[i]["definitions"]);
    if (ma[i]["type"] == "layer") CHECK(ma[i]["name"] == mb[i]["name"]);
  }
  CHECK(a["architecture"]["parameters"]["by_component"] == b["architecture"]["parameters"]["by_component"]);
}

TEST_CASE("structure: a role the table does not know is listed with its tensors, and still counted", "[structure]") {
  HeaderBuilder b;
  b.add("model.embed_tokens.weight", "BF16", {16, 8});
  for (int i = 0; i < 2; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    b.add(p + "input_layernorm.weight", "BF16", {8});
    b.add(p + "self_attn.q_proj.weight", "BF16", {8, 8}).add(p + "self_attn.k_proj.weight", "BF16", {4, 8});
    b.add(p + "self_attn.v_proj.weight", "BF16", {4, 8}).add(p + "self_attn.o_proj.weight", "BF16", {8, 8});
    b.add(p + "self_attn.time_mix.weight", "BF16", {8});  // not in the role table
    b.add(p + "post_attention_layernorm.weight", "BF16", {8});
    b.add(p + "mlp.gate_proj.weight", "BF16", {12, 8}).add(p + "mlp.up_proj.weight", "BF16", {12, 8});
    b.add(p + "mlp.down_proj.weight", "BF16", {8, 12});
  }
  b.add("model.norm.weight", "BF16", {8});
  ImportSession s;
  REQUIRE(s.set_config(R"({"model_type":"mystery","architectures":["MysteryForCausalLM"],"hidden_size":8,
    "num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":12,"vocab_size":16})").ok());
  REQUIRE(s.add_header("model.safetensors", b.bytes(), b.file_size()).ok());
  const Json a = analyze_ok(s, "x/mystery");
  const Json& u = a["structure"]["unsupported"];
  REQUIRE(u.size() == 1);
  CHECK(u[0]["role"] == "model.layers.#.self_attn.time_mix.weight");
  CHECK(u[0]["tensor_count"] == 2);
  CHECK(u[0]["parameters"] == 16);
  CHECK(u[0]["tensors"].size() == 2);
  CHECK(has_issue(a, "W_UNSUPPORTED_TENSORS", "structure.unsupported[0]"));
  const int64_t expected = 16 * 8 + 2 * (8 + 64 + 32 + 32 + 64 + 8 + 8 + 3 * 96) + 8;
  CHECK(a["architecture"]["parameters"]["total"] == expected);
  CHECK(a["architecture"]["tie_word_embeddings"] == true);  // no lm_head stored
  const Json& kinds = a["structure"]["layer_kinds"];
  REQUIRE(kinds.size() == 1);
  CHECK(kinds[0]["mixer"] == "full_attention");
  CHECK(kinds[0]["ffn"] == "dense");
  CHECK(kinds[0]["count"] == 2);
}

TEST_CASE("structure: Qwen3-30B-A3B's experts.N tensors give the expert count and width, q_norm the head_dim",
          "[structure]") {
  const std::string dir = "repos/Qwen/Qwen3-30B-A3B/";
  const Json real = Json::parse(fixture(dir + "config.json"));
  Json misstated = real;  // a config that misstates the MoE and KV sizes: the tensors decide
  misstated["num_experts"] = 64;
  misstated["moe_intermediate_size"] = 1536;
  misstated["num_key_value_heads"] = 8;
  const Json tensors = Json::parse(fixture(dir + "tensors.json"));
  ImportSession s;
  REQUIRE(s.set_config(misstated.dump()).ok());
  for (const auto& [shard, rows] : tensors["shards"].items()) {
    HeaderBuilder b;
    for (const Json& row : rows) b.add(row[0].get<std::string>(), row[1].get<std::string>(), row[2].get<std::vector<int64_t>>());
    REQUIRE(s.add_header(shard, b.bytes(), b.file_size()).ok());
  }
  const Json a = analyze_ok(s, "Qwen/Qwen3-30B-A3B");
  const Json& mlp = a["architecture"]["mlp"];
  CHECK(mlp["num_experts"] == real["num_experts"]);                      // 128
  CHECK(mlp["moe_intermediate_size"] == real["moe_intermediate_size"]);  // 768
  CHECK(a["architecture"]["attention"]["num_kv_heads"] == real["num_key_value_heads"]);  // 4
  CHECK(a["architecture"]["attention"]["head_dim"] == real["head_dim"]);                 // 128
  CHECK(has_issue(a, "W_STRUCTURE_MISMATCH", "$.num_experts"));
  CHECK(has_issue(a, "W_STRUCTURE_MISMATCH", "$.moe_intermediate_size"));
  CHECK(a["architecture"]["parameters"]["reconciliation"]["agree"] == true);
  const Json& kinds = a["structure"]["layer_kinds"];
  REQUIRE(kinds.size() == 1);
  CHECK(kinds[0]["ffn"] == "moe");
  CHECK(kinds[0]["count"] == real["num_hidden_layers"]);
}

TEST_CASE("structure: Mamba (v1) tensors (x_proj, dt_proj) give Mamba v1 layers and the published count", "[structure]") {
  // HF MambaForCausalLM's tensor names (modeling_mamba.py), with shapes from the real config's numbers.
  const std::string path = "model_types/state-spaces__mamba-130m-hf/config.json";
  const Json config = fixture_json(path);
  const int64_t h = i64(config, "hidden_size"), I = i64(config, "intermediate_size"), N = i64(config, "state_size");
  const int64_t R = i64(config, "time_step_rank"), K = i64(config, "conv_kernel"), V = i64(config, "vocab_size");
  HeaderBuilder b;
  b.add("backbone.embeddings.weight", "F32", {V, h});
  for (int64_t l = 0; l < i64(config, "num_hidden_layers"); ++l) {
    const std::string p = "backbone.layers." + std::to_string(l) + ".";
    b.add(p + "norm.weight", "F32", {h});
    b.add(p + "mixer.in_proj.weight", "F32", {2 * I, h});
    b.add(p + "mixer.conv1d.weight", "F32", {I, 1, K});
    b.add(p + "mixer.conv1d.bias", "F32", {I});
    b.add(p + "mixer.x_proj.weight", "F32", {R + 2 * N, I});
    b.add(p + "mixer.dt_proj.weight", "F32", {I, R});
    b.add(p + "mixer.dt_proj.bias", "F32", {I});
    b.add(p + "mixer.A_log", "F32", {I, N});
    b.add(p + "mixer.D", "F32", {I});
    b.add(p + "mixer.out_proj.weight", "F32", {h, I});
  }
  b.add("backbone.norm_f.weight", "F32", {h});
  ImportSession s;
  REQUIRE(s.set_config(fixture(path)).ok());
  REQUIRE(s.add_header("model.safetensors", b.bytes(), b.file_size()).ok());
  const Json a = analyze_ok(s, "state-spaces/mamba-130m-hf");
  CHECK(a["architecture"]["parameters"]["total"] == 129135360);  // the published count (model_types_test.cpp cites it)
  CHECK(a["architecture"]["attention"]["layers_by_kind"].value("mamba1", 0) == i64(config, "num_hidden_layers"));
  CHECK_FALSE(has_issue(a, "W_STRUCTURE_MISMATCH", ""));
}
