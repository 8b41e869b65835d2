// Module trees built from real HF configs (tests/fixtures/hf). Expected layouts come from the dataset's
// models.ts entries (tests/fixtures/flashinfer-bench/models_ts_entries.json); expected counts come from the
// config files themselves (num_hidden_layers, first_k_dense_replace, layer_types, hybrid_override_pattern,
// block_configs, cross_attention_layers, ...), read here independently of the parser.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>

#include "arch/module_kinds.hpp"
#include "arch/module_tree_builder.hpp"
#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "config_fixtures.hpp"
#include "fixtures.hpp"

using namespace hfmi;

namespace {

const Module* find(const ModuleTree& tree, const std::string& name) {
  for (const auto& m : tree.modules) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

const Module& get(const ModuleTree& tree, const std::string& name) {
  const Module* m = find(tree, name);
  INFO("module " << name);
  REQUIRE(m != nullptr);
  return *m;
}

std::vector<std::string> children(const ModuleTree& tree, const std::string& parent) {
  std::vector<std::string> out;
  for (const auto& m : tree.modules) {
    if (m.parent == parent) out.push_back(m.name);
  }
  return out;
}

// The decoder-layer variant blocks: blocks standing for decoder layers whose parent does not.
std::vector<const Module*> decoder_layer_blocks(const ModuleTree& tree) {
  std::map<std::string, const Module*> by_name;
  for (const auto& m : tree.modules) by_name[m.name] = &m;
  std::vector<const Module*> out;
  for (const auto& m : tree.modules) {
    if (m.type != "block" || m.first_layer < 0) continue;
    auto parent = by_name.find(m.parent);
    if (parent != by_name.end() && parent->second->first_layer < 0) out.push_back(&m);
  }
  return out;
}

int64_t layer_sum(const ModuleTree& tree) {
  int64_t sum = 0;
  for (const Module* m : decoder_layer_blocks(tree)) sum += m->count;
  return sum;
}

int64_t count_of(const Json& list, const std::string& value) {
  int64_t n = 0;
  for (const auto& v : list) n += v == value ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("Llama-3.1-8B tree has the dataset entry's modules, counts, parents and types in order", "[arch]") {
  const ModelConfig c = test::parsed_config("meta-llama__Llama-3.1-8B");
  const ModuleTree tree = build_module_tree(c);
  const Json entry = test::dataset_entry("llama-3.1-8b");
  const Json& modules = entry["modules"];
  CHECK(tree.family == "llama");
  REQUIRE(tree.modules.size() == modules.size());
  for (size_t i = 0; i < modules.size(); ++i) {
    const Json& want = modules[i];
    const Module& got = tree.modules[i];
    INFO("module " << i << " " << want["name"].get<std::string>());
    CHECK(got.name == want["name"].get<std::string>());
    CHECK(got.count == want["count"].get<int64_t>());
    CHECK(got.parent == want.value("parent", std::string()));
    CHECK(got.type == want["type"].get<std::string>());
    CHECK_FALSE(got.unsupported);
  }
  CHECK(get(tree, "LlamaDecoderLayer").count == test::raw_config("meta-llama__Llama-3.1-8B")["num_hidden_layers"].get<int64_t>());
}

TEST_CASE("DeepSeek-V3: 61 decoder layers = first_k_dense_replace dense + the rest MoE, laid out as the entry", "[arch]") {
  const std::string name = "deepseek-ai__DeepSeek-V3";
  const Json raw = test::raw_config(name);
  const int64_t layers = raw["num_hidden_layers"].get<int64_t>();
  const int64_t dense = raw["first_k_dense_replace"].get<int64_t>();
  REQUIRE(raw["moe_layer_freq"].get<int64_t>() == 1);
  REQUIRE(layers == 61);
  REQUIRE(dense == 3);
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  CHECK(tree.family == "deepseek_v3");
  CHECK(tree.modules[0].name == "DeepseekV3ForCausalLM");
  CHECK(get(tree, "DeepseekV3DecoderLayer").count == layers);
  CHECK(get(tree, "DeepseekV3DecoderLayer").parent == "DeepseekV3ForCausalLM");
  CHECK(get(tree, "mlp").count == layers);
  CHECK(get(tree, "mlp_dense").count == dense);
  CHECK(get(tree, "mlp_dense").parent == "mlp");
  CHECK(get(tree, "moe").count == layers - dense);
  CHECK(get(tree, "moe").parent == "mlp");
  for (const char* m : {"moe_gate", "moe_topk", "moe_experts"}) {
    CHECK(get(tree, m).count == layers - dense);
    CHECK(get(tree, m).parent == "moe");
  }
  for (const char* m : {"gate_up_proj", "act_fn", "down_proj"}) {
    CHECK(get(tree, m).count == dense);
    CHECK(get(tree, m).parent == "mlp_dense");
  }
  // shared experts (n_shared_experts) hang off the MoE block
  REQUIRE(raw["n_shared_experts"].get<int64_t>() == 1);
  CHECK(get(tree, "shared_experts").parent == "moe");
  CHECK(get(tree, "gate_up_proj_shared").count == layers - dense);

  // The attention block's children, in order, are the entry's.
  const Json entry = test::dataset_entry("deepseek-v3");
  std::vector<std::string> want;
  for (const auto& m : entry["modules"]) {
    if (m.value("parent", std::string()) == "self_attn") want.push_back(m["name"].get<std::string>());
  }
  CHECK(children(tree, "self_attn") == want);
  CHECK(get(tree, "self_attn").count == layers);
  // The decoder layer's direct children follow the entry too.
  CHECK(children(tree, "DeepseekV3DecoderLayer") ==
        std::vector<std::string>{"input_layernorm", "self_attn", "post_attention_layernorm", "mlp"});
  CHECK(layer_sum(tree) == layers);
}

TEST_CASE("Kimi-K2: 1 dense + 60 MoE layers under the entry's KimiK2 block names", "[arch]") {
  const std::string name = "moonshotai__Kimi-K2-Instruct";
  const Json raw = test::raw_config(name);
  const int64_t layers = raw["num_hidden_layers"].get<int64_t>();
  const int64_t dense = raw["first_k_dense_replace"].get<int64_t>();
  REQUIRE(layers == 61);
  REQUIRE(dense == 1);
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  const Json entry = test::dataset_entry("kimi-k2");
  CHECK(tree.modules[0].name == entry["modules"][0]["name"].get<std::string>());  // KimiK2ForCausalLM
  CHECK(get(tree, "KimiK2DecoderLayer").count == layers);
  CHECK(get(tree, "mlp_dense").count == dense);
  CHECK(get(tree, "moe").count == layers - dense);
  CHECK(get(tree, "moe_experts").count == layers - dense);
  CHECK(layer_sum(tree) == layers);
}

TEST_CASE("Qwen3-30B-A3B: 48 layers, all MoE, with q_norm and k_norm", "[arch]") {
  const std::string name = "Qwen__Qwen3-30B-A3B";
  const Json raw = test::raw_config(name);
  const int64_t layers = raw["num_hidden_layers"].get<int64_t>();
  REQUIRE(layers == 48);
  REQUIRE(raw["decoder_sparse_step"].get<int64_t>() == 1);
  REQUIRE(raw["mlp_only_layers"].empty());
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  CHECK(tree.family == "qwen3_moe");
  CHECK(tree.modules[0].name == "Qwen3MoeForCausalLM");
  CHECK(get(tree, "Qwen3MoeModel").parent == "Qwen3MoeForCausalLM");
  CHECK(get(tree, "layers").count == layers);
  CHECK(get(tree, "Qwen3MoeDecoderLayer").count == layers);
  CHECK(find(tree, "mlp_dense") == nullptr);
  CHECK(find(tree, "gate_up_proj") == nullptr);
  // The entry's MoE layout: mlp -> moe -> moe_gate / moe_topk / moe_experts
  CHECK(get(tree, "moe").parent == "mlp");
  CHECK(get(tree, "moe").count == layers);
  for (const char* m : {"moe_gate", "moe_topk", "moe_experts"}) CHECK(get(tree, m).count == layers);
  CHECK(get(tree, "q_norm").count == layers);
  CHECK(get(tree, "k_norm").count == layers);
  CHECK(get(tree, "q_norm").parent == "self_attn");
  CHECK(children(tree, "self_attn") ==
        std::vector<std::string>{"qkv_proj", "q_norm", "k_norm", "rotary_emb", "attn", "o_proj"});
  CHECK(layer_sum(tree) == layers);
}

TEST_CASE("Qwen3-Next: linear (GDN) and full attention variants named as the dataset entry", "[arch]") {
  const std::string name = "Qwen__Qwen3-Next-80B-A3B-Thinking";
  const Json raw = test::raw_config(name);
  const int64_t layers = raw["num_hidden_layers"].get<int64_t>();
  const int64_t interval = raw["full_attention_interval"].get<int64_t>();
  int64_t full = 0;
  for (int64_t i = 0; i < layers; ++i) full += (i + 1) % interval == 0 ? 1 : 0;
  REQUIRE(full == 12);
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  CHECK(get(tree, "Qwen3NextDecoderLayer_GDN").count == layers - full);
  CHECK(get(tree, "Qwen3NextDecoderLayer_GQA").count == full);
  CHECK(layer_sum(tree) == layers);
  // Modules of the entry that this layout keeps: same parent, same count.
  const Json entry = test::dataset_entry("qwen3-next-80b-a3b");
  const std::set<std::string> kept = {
      "Qwen3NextForCausalLM", "embed_tokens", "layers", "Qwen3NextDecoderLayer_GDN", "Qwen3NextDecoderLayer_GQA",
      "input_layernorm_gdn", "self_attn_gdn", "q_proj_gdn", "k_proj_gdn", "v_proj_gdn", "attn_gdn", "o_proj_gdn",
      "post_attention_layernorm_gdn", "mlp_gdn", "moe_gdn", "input_layernorm_gqa", "self_attn_gqa", "qkv_proj_gqa",
      "attn_gqa", "o_proj_gqa", "post_attention_layernorm_gqa", "mlp_gqa", "moe_gqa", "norm", "lm_head"};
  int checked = 0;
  for (const auto& m : entry["modules"]) {
    const std::string n = m["name"].get<std::string>();
    if (!kept.count(n)) continue;
    INFO(n);
    const Module& got = get(tree, n);
    CHECK(got.parent == m.value("parent", std::string()));
    CHECK(got.count == m["count"].get<int64_t>());
    CHECK(got.type == m["type"].get<std::string>());
    ++checked;
  }
  CHECK(checked == static_cast<int>(kept.size()));
  CHECK(get(tree, "moe_experts_gdn").parent == "moe_gdn");
  CHECK(get(tree, "q_norm_gqa").parent == "self_attn_gqa");
}

TEST_CASE("Nemotron-H: Mamba / attention / MLP decoder-layer blocks with counts from the hybrid pattern", "[arch]") {
  const std::string name = "nvidia__Nemotron-H-56B-Base-8K";
  const Json raw = test::raw_config(name);
  const std::string pattern = raw["hybrid_override_pattern"].get<std::string>();
  const int64_t mamba = std::count(pattern.begin(), pattern.end(), 'M');
  const int64_t attention = std::count(pattern.begin(), pattern.end(), '*');
  const int64_t mlp = std::count(pattern.begin(), pattern.end(), '-');
  REQUIRE(mamba + attention + mlp == raw["num_hidden_layers"].get<int64_t>());
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  // Block classes as in the nemotron-h-8b entry, hanging off the root.
  const Json entry = test::dataset_entry("nemotron-h-8b");
  std::vector<std::string> entry_blocks;
  for (const auto& m : entry["modules"]) {
    if (m.value("parent", std::string()) == "NemotronHForCausalLM" && m["type"] == "block") entry_blocks.push_back(m["name"].get<std::string>());
  }
  std::vector<std::string> blocks;
  for (const Module* m : decoder_layer_blocks(tree)) blocks.push_back(m->name);
  CHECK(blocks == entry_blocks);
  CHECK(get(tree, "NemotronHMambaDecoderLayer").count == mamba);
  CHECK(get(tree, "NemotronHAttentionDecoderLayer").count == attention);
  CHECK(get(tree, "NemotronHMLPDecoderLayer").count == mlp);
  CHECK(get(tree, "NemotronHMambaDecoderLayer").parent == "NemotronHForCausalLM");
  CHECK(get(tree, "mamba_mixer").parent == "NemotronHMambaDecoderLayer");
  CHECK(get(tree, "mamba_mixer").count == mamba);
  CHECK(get(tree, "self_attn").parent == "NemotronHAttentionDecoderLayer");
  CHECK(get(tree, "attn").count == attention);
  CHECK(get(tree, "mlp").parent == "NemotronHMLPDecoderLayer");
  CHECK(get(tree, "up_proj").count == mlp);  // relu^2 MLP: no gate
  for (const char* n : {"input_layernorm_mamba", "input_layernorm_attn", "input_layernorm_mlp"}) CHECK(find(tree, n));
  CHECK(layer_sum(tree) == mamba + attention + mlp);
}

TEST_CASE("gpt-oss: sliding and full attention variants with counts from layer_types", "[arch]") {
  for (const std::string name : {"openai__gpt-oss-20b", "openai__gpt-oss-120b"}) {
    INFO(name);
    const Json raw = test::raw_config(name);
    const int64_t sliding = count_of(raw["layer_types"], "sliding_attention");
    const int64_t full = count_of(raw["layer_types"], "full_attention");
    REQUIRE(sliding + full == raw["num_hidden_layers"].get<int64_t>());
    const ModuleTree tree = build_module_tree(test::parsed_config(name));
    CHECK(get(tree, "GptOssDecoderLayer_Sliding").count == sliding);
    CHECK(get(tree, "GptOssDecoderLayer_Full").count == full);
    CHECK(get(tree, "GptOssDecoderLayer_Sliding").parent == "layers");
    CHECK(get(tree, "attn_sliding").parent == "self_attn_sliding");
    CHECK(get(tree, "moe_experts_sliding").parent == "mlp_sliding");
    CHECK(get(tree, "moe_experts_full").count == full);
    CHECK(get(tree, "attn_full").note.find("sinks") != std::string::npos);
    CHECK(layer_sum(tree) == sliding + full);
  }
}

TEST_CASE("Gemma 2 and 3: sliding / full variants with four norms per layer", "[arch]") {
  {
    const std::string name = "google__gemma-2-9b-it";
    const Json raw = test::raw_config(name);
    const int64_t layers = raw["num_hidden_layers"].get<int64_t>();
    const ModuleTree tree = build_module_tree(test::parsed_config(name));
    // Gemma 2 alternates: even layers sliding, odd layers full (HF Gemma2DecoderLayer).
    CHECK(get(tree, "Gemma2DecoderLayer_Sliding").count == (layers + 1) / 2);
    CHECK(get(tree, "Gemma2DecoderLayer_Full").count == layers / 2);
    CHECK(children(tree, "Gemma2DecoderLayer_Full") ==
          std::vector<std::string>{"input_layernorm_full", "self_attn_full", "post_attention_layernorm_full",
                                   "pre_feedforward_layernorm_full", "mlp_full", "post_feedforward_layernorm_full"});
    CHECK(layer_sum(tree) == layers);
  }
  {
    const std::string name = "google__medgemma-27b-it";  // a full text_config with layer_types
    const Json raw = test::raw_config(name);
    const Json& types = raw["text_config"]["layer_types"];
    const int64_t sliding = count_of(types, "sliding_attention");
    const int64_t full = count_of(types, "full_attention");
    REQUIRE(sliding + full == raw["text_config"]["num_hidden_layers"].get<int64_t>());
    const ModuleTree tree = build_module_tree(test::parsed_config(name));
    CHECK(tree.modules[0].name == raw["architectures"][0].get<std::string>());
    CHECK(get(tree, "Gemma3DecoderLayer_Sliding").count == sliding);
    CHECK(get(tree, "Gemma3DecoderLayer_Full").count == full);
    CHECK(get(tree, "q_norm_full").parent == "self_attn_full");
    const Module& vision = get(tree, "vision_tower");
    CHECK(vision.unsupported);
    CHECK(vision.parent == tree.modules[0].name);
    CHECK(layer_sum(tree) == sliding + full);
  }
}

TEST_CASE("Mixtral: every layer MoE under block_sparse_moe", "[arch]") {
  const std::string name = "mistralai__Mixtral-8x7B-v0.1";
  const int64_t layers = test::raw_config(name)["num_hidden_layers"].get<int64_t>();
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  CHECK(get(tree, "MixtralDecoderLayer").count == layers);
  CHECK(get(tree, "block_sparse_moe").parent == "MixtralDecoderLayer");
  CHECK(get(tree, "moe_gate").parent == "block_sparse_moe");
  CHECK(get(tree, "moe_experts").count == layers);
  CHECK(find(tree, "shared_experts") == nullptr);
}

TEST_CASE("Falcon: parallel attention and MLP; one norm (7B) or ln_attn + ln_mlp (180B)", "[arch]") {
  {
    const std::string name = "tiiuae__falcon-7b-instruct";
    const Json raw = test::raw_config(name);
    REQUIRE(raw["parallel_attn"].get<bool>());
    const ModuleTree tree = build_module_tree(test::parsed_config(name));
    CHECK(get(tree, "FalconDecoderLayer").count == raw["num_hidden_layers"].get<int64_t>());
    CHECK(get(tree, "FalconDecoderLayer").parent == "h");
    CHECK(children(tree, "FalconDecoderLayer") == std::vector<std::string>{"input_layernorm", "self_attention", "mlp"});
    CHECK(get(tree, "up_proj").parent == "mlp");  // gelu MLP, no gate
  }
  {
    const std::string name = "tiiuae__falcon-180B-chat";
    const Json raw = test::raw_config(name);
    REQUIRE(raw["new_decoder_architecture"].get<bool>());
    const ModuleTree tree = build_module_tree(test::parsed_config(name));
    CHECK(children(tree, "FalconDecoderLayer") ==
          std::vector<std::string>{"ln_attn", "ln_mlp", "self_attention", "mlp"});
  }
}

TEST_CASE("GPT-2: learned positions, no rotary, plain MLP, all layers supported", "[arch]") {
  const std::string name = "openai-community__gpt2-xl";
  const Json raw = test::raw_config(name);
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  CHECK(tree.modules[0].name == "GPT2LMHeadModel");
  CHECK(get(tree, "GPT2Block").count == raw["n_layer"].get<int64_t>());
  CHECK(get(tree, "GPT2Block").parent == "h");
  CHECK(find(tree, "embed_positions") != nullptr);
  CHECK(find(tree, "rotary_emb") == nullptr);
  CHECK(find(tree, "gate_up_proj") == nullptr);
  CHECK(get(tree, "up_proj").count == raw["n_layer"].get<int64_t>());
  for (const auto& m : tree.modules) CHECK_FALSE(m.unsupported);
  CHECK(get(tree, "input_layernorm").note.find("LayerNorm") != std::string::npos);
}

TEST_CASE("Nemotron-Super (DeciLM): one variant per (attention, FFN width) from block_configs", "[arch]") {
  const std::string name = "nvidia__Llama-3_3-Nemotron-Super-49B-v1";
  const Json raw = test::raw_config(name);
  const int64_t hidden = raw["hidden_size"].get<int64_t>();
  // DeciLM: intermediate = int(2 * ffn_mult * hidden / 3) rounded up to a multiple of 256.
  auto width = [&](double mult) {
    const int64_t w = static_cast<int64_t>(2.0 * mult * static_cast<double>(hidden) / 3.0);
    return (w + 255) / 256 * 256;
  };
  std::map<std::pair<bool, int64_t>, int64_t> groups;  // (has attention, width) -> layers
  for (const auto& b : raw["block_configs"]) {
    groups[{!b["attention"]["no_op"].get<bool>(), width(b["ffn"]["ffn_mult"].get<double>())}] += 1;
  }
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  const auto blocks = decoder_layer_blocks(tree);
  CHECK(blocks.size() == groups.size());
  for (const auto& [key, n] : groups) {
    const std::string block = std::string("DeciLMDecoderLayer_") + (key.first ? "Attn" : "NoAttn") + "_I" +
                              std::to_string(key.second);
    INFO(block);
    CHECK(get(tree, block).count == n);
    CHECK(get(tree, block).parent == "layers");
    const std::string suffix = std::string(key.first ? "attn" : "noattn") + "_i" + std::to_string(key.second);
    CHECK((find(tree, "self_attn_" + suffix) != nullptr) == key.first);
    CHECK(get(tree, "gate_up_proj_" + suffix).count == n);
  }
  CHECK(layer_sum(tree) == raw["num_hidden_layers"].get<int64_t>());
}

TEST_CASE("mllama: cross-attention layers from cross_attention_layers, the rest self-attention", "[arch]") {
  const std::string name = "meta-llama__Llama-3.2-90B-Vision-Instruct";
  const Json raw = test::raw_config(name);
  const int64_t layers = raw["text_config"]["num_hidden_layers"].get<int64_t>();
  const int64_t cross = static_cast<int64_t>(raw["text_config"]["cross_attention_layers"].size());
  const ModuleTree tree = build_module_tree(test::parsed_config(name));
  CHECK(get(tree, "MllamaCrossAttentionDecoderLayer").count == cross);
  CHECK(get(tree, "MllamaSelfAttentionDecoderLayer").count == layers - cross);
  CHECK(get(tree, "cross_attn").parent == "MllamaCrossAttentionDecoderLayer");
  CHECK(get(tree, "attn_cross").kind == kinds::kCrossAttention);
  CHECK(get(tree, "q_norm").parent == "cross_attn");  // only cross layers have q_norm: no suffix needed
  CHECK(layer_sum(tree) == layers);
}

TEST_CASE("A layer kind the tables do not know is emitted and flagged unsupported", "[arch]") {
  ModelConfig c;
  c.architecture = "LlamaForCausalLM";
  c.model_type = c.text_model_type = "llama";
  c.hidden_size = 1024;
  c.num_layers = 4;
  c.num_heads = 8;
  c.num_kv_heads = 8;
  c.head_dim = 128;
  c.intermediate_size = 4096;
  c.vocab_size = 1000;
  for (int i = 0; i < 4; ++i) {
    LayerSpec s;
    s.mixer = i == 3 ? MixerKind::kUnknown : MixerKind::kFullAttention;
    s.raw_kind = i == 3 ? "retention" : "full_attention";
    c.layers.push_back(s);
  }
  const ModuleTree tree = build_module_tree(c);
  const Module& unknown = get(tree, "LlamaDecoderLayer_retention");
  CHECK(unknown.count == 1);
  CHECK(unknown.unsupported);
  CHECK(unknown.note.find("retention") != std::string::npos);
  const Module& mixer = get(tree, "mixer_retention");
  CHECK(mixer.unsupported);
  CHECK(mixer.kind == kinds::kUnknownMixer);
  CHECK(get(tree, "LlamaDecoderLayer_Full").count == 3);
  CHECK_FALSE(get(tree, "LlamaDecoderLayer_Full").unsupported);
  CHECK(layer_sum(tree) == 4);
}

TEST_CASE("An architecture without a family row gets a generic template, flagged unsupported", "[arch]") {
  ModelConfig c;
  c.architecture = "FrobnicatorForCausalLM";
  c.model_type = c.text_model_type = "frobnicator";
  c.hidden_size = 512;
  c.num_layers = 6;
  c.num_heads = 8;
  c.num_kv_heads = 2;
  c.head_dim = 64;
  c.intermediate_size = 2048;
  const ModuleTree tree = build_module_tree(c);
  CHECK(tree.family == "generic");
  CHECK(tree.modules[0].name == "FrobnicatorForCausalLM");
  const Module& layer = get(tree, "FrobnicatorDecoderLayer");
  CHECK(layer.unsupported);
  CHECK(layer.count == 6);
  CHECK(layer.note.find("FrobnicatorForCausalLM") != std::string::npos);
  CHECK(get(tree, "FrobnicatorModel").parent == "FrobnicatorForCausalLM");
}

TEST_CASE("Llama 4 (hand-built config): local and global layers named as the entry", "[arch]") {
  // llama-4-scout-17b-16e: 48 layers, 16 experts top-1, one shared expert. HF Llama4TextConfig makes every
  // 4th layer a NoPE global layer (no_rope_layers), so 36 local + 12 global; the entry's 40 / 8 is one of
  // its wrong counts, so only its names and parents are compared.
  ModelConfig c;
  c.architecture = "Llama4ForConditionalGeneration";
  c.model_type = "llama4";
  c.text_model_type = "llama4_text";
  c.hidden_size = 5120;
  c.num_layers = 48;
  c.num_heads = 40;
  c.num_kv_heads = 8;
  c.head_dim = 128;
  c.intermediate_size = 8192;
  MoeConfig moe;
  moe.num_experts = 16;
  moe.experts_per_token = 1;
  moe.moe_intermediate_size = 8192;
  moe.num_shared_experts = 1;
  c.moe = moe;
  for (int i = 0; i < 48; ++i) {
    LayerSpec s;
    s.mixer = (i + 1) % 4 == 0 ? MixerKind::kFullAttention : MixerKind::kChunkedAttention;
    s.ffn = FfnKind::kMoe;
    c.layers.push_back(s);
  }
  const ModuleTree tree = build_module_tree(c);
  const Json entry = test::dataset_entry("llama-4-scout-17b-16e");
  for (const auto& m : entry["modules"]) {
    const std::string n = m["name"].get<std::string>();
    if (n == "Llama4ScoutForCausalLM" || n == "lm_head") continue;  // the entry renames the HF root class
    INFO(n);
    const Module& got = get(tree, n);
    const bool global = n.find("global") != std::string::npos || n.find("Global") != std::string::npos;
    const bool local = n.find("local") != std::string::npos || n.find("Local") != std::string::npos;
    if (global) CHECK(got.count == 12);
    if (local) CHECK(got.count == 36);
    if (!global && !local) CHECK(got.count == 1);
    if (m.value("parent", std::string()) != "Llama4ScoutForCausalLM") CHECK(got.parent == m.value("parent", std::string()));
  }
  CHECK(find(tree, "rotary_emb_global") == nullptr);  // NoPE global layers
  CHECK(find(tree, "rotary_emb_local") != nullptr);
}

TEST_CASE("Tree invariants on every fixture config", "[arch]") {
  const std::vector<std::string> fixtures = {
      "meta-llama__Llama-3.1-8B", "meta-llama__Llama-3.1-70B", "meta-llama__Llama-3.1-405B",
      "meta-llama__Llama-3.2-1B", "meta-llama__Llama-3.3-70B-Instruct", "meta-llama__Llama-2-7b-hf",
      "meta-llama__Llama-3.2-90B-Vision-Instruct", "Qwen__Qwen2.5-7B", "Qwen__Qwen2.5-72B", "Qwen__Qwen3-0.6B",
      "Qwen__Qwen3-8B", "Qwen__Qwen3-30B-A3B", "Qwen__Qwen3-235B-A22B", "Qwen__Qwen3-Coder-480B-A35B-Instruct",
      "Qwen__Qwen3-Next-80B-A3B-Thinking", "Qwen__Qwen3-VL-32B-Instruct", "Qwen__Qwen2.5-VL-7B-Instruct",
      "deepseek-ai__DeepSeek-R1", "deepseek-ai__DeepSeek-V3", "deepseek-ai__DeepSeek-V3.2",
      "moonshotai__Kimi-K2-Instruct", "mistralai__Mixtral-8x7B-v0.1", "mistralai__Mixtral-8x22B-v0.1",
      "mistralai__Devstral-Small-2507", "alpindale__WizardLM-2-8x22B", "google__gemma-2b-it", "google__gemma-2-9b-it",
      "google__gemma-3-4b-it", "google__gemma-3-27b-it", "google__medgemma-27b-it",
      "microsoft__Phi-3-mini-128k-instruct", "microsoft__phi-4", "tiiuae__falcon-7b-instruct", "tiiuae__falcon-180B-chat",
      "openai-community__gpt2-xl", "openai__gpt-oss-20b", "openai__gpt-oss-120b", "allenai__Olmo-3.1-32B-Instruct",
      "ibm-granite__granite-3.1-1b-a400m-instruct", "llava-hf__llava-1.5-7b-hf", "nvidia__Nemotron-H-56B-Base-8K",
      "nvidia__Llama-3_3-Nemotron-Super-49B-v1"};
  for (const auto& name : fixtures) {
    INFO(name);
    const ModelConfig c = test::parsed_config(name);
    const ModuleTree tree = build_module_tree(c);
    REQUIRE_FALSE(tree.modules.empty());
    CHECK(tree.family != "generic");
    CHECK(tree.modules[0].parent.empty());
    std::set<std::string> seen;
    for (const auto& m : tree.modules) {
      INFO(m.name);
      CHECK(seen.insert(m.name).second);                         // unique names (models.ts keys)
      if (&m != &tree.modules[0]) CHECK(seen.count(m.parent));   // parent exists and comes first
      CHECK(m.count > 0);
      CHECK((m.type == "block" || m.type == "layer"));
      CHECK_FALSE(m.kind.empty());
    }
    CHECK(layer_sum(tree) == c.num_layers);
    CHECK(get(tree, "lm_head").parent == tree.modules[0].name);
    CHECK(find(tree, "embed_tokens") != nullptr);
  }
}
