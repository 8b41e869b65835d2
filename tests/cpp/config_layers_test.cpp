// Per-layer plans (ModelConfig::layers). Expected counts are derived in the test from the config files'
// own keys (first_k_dense_replace, layer_types, hybrid_override_pattern, block_configs, ...).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "config/config_parser.hpp"
#include "config/layer_patterns.hpp"
#include "core/lenient_json.hpp"
#include "config_fixtures.hpp"
#include "fixtures.hpp"

using namespace hfmi;

namespace {

Json raw_fixture(const std::string& name) {
  auto r = parse_lenient_json(test::hf_config(name), codes::kBadConfig);
  REQUIRE(r.ok());
  return r.value();
}

int64_t count_ffn(const ModelConfig& c, FfnKind k) {
  return std::count_if(c.layers.begin(), c.layers.end(), [&](const LayerSpec& L) { return L.ffn == k; });
}
int64_t count_mixer(const ModelConfig& c, MixerKind k) {
  return std::count_if(c.layers.begin(), c.layers.end(), [&](const LayerSpec& L) { return L.mixer == k; });
}

}  // namespace

TEST_CASE("DeepSeek-V3 / R1 / V3.2: first_k_dense_replace 3 -> 3 dense + 58 MoE", "[config]") {
  for (const char* name : {"deepseek-ai__DeepSeek-V3", "deepseek-ai__DeepSeek-R1", "deepseek-ai__DeepSeek-V3.2"}) {
    INFO(name);
    const ModelConfig c = test::parsed_config(name);
    const Json raw = raw_fixture(name);
    const int64_t k = raw["first_k_dense_replace"].get<int64_t>();       // 3
    const int64_t n = raw["num_hidden_layers"].get<int64_t>();            // 61
    CHECK(count_ffn(c, FfnKind::kDense) == k);
    CHECK(count_ffn(c, FfnKind::kMoe) == n - k);
    CHECK(count_ffn(c, FfnKind::kDense) == 3);
    CHECK(count_ffn(c, FfnKind::kMoe) == 58);
    for (int64_t i = 0; i < n; ++i) {
      CHECK(c.layers[i].ffn == (i < k ? FfnKind::kDense : FfnKind::kMoe));
      CHECK(c.layers[i].intermediate_size == (i < k ? 18432 : 2048));
    }
    CHECK(c.sources.at("layers.ffn") == "derived:first_k_dense_replace,moe_layer_freq");
  }
}

TEST_CASE("Kimi-K2: 1 dense + 60 MoE", "[config]") {
  const ModelConfig c = test::parsed_config("moonshotai__Kimi-K2-Instruct");
  CHECK(count_ffn(c, FfnKind::kDense) == 1);
  CHECK(count_ffn(c, FfnKind::kMoe) == 60);
  CHECK(c.layers[0].ffn == FfnKind::kDense);
}

TEST_CASE("gpt-oss: layer_types give 12 sliding + 12 full (20b), 18 + 18 (120b)", "[config]") {
  for (const char* name : {"openai__gpt-oss-20b", "openai__gpt-oss-120b"}) {
    INFO(name);
    const ModelConfig c = test::parsed_config(name);
    const Json raw = raw_fixture(name);
    int64_t sliding = 0, full = 0;
    for (const auto& t : raw["layer_types"]) (t == "sliding_attention" ? sliding : full)++;
    CHECK(count_mixer(c, MixerKind::kSlidingAttention) == sliding);
    CHECK(count_mixer(c, MixerKind::kFullAttention) == full);
    CHECK(count_ffn(c, FfnKind::kMoe) == raw["num_hidden_layers"].get<int64_t>());
    CHECK(c.layers[0].mixer == MixerKind::kSlidingAttention);
    CHECK(c.layers[0].sliding_window == 128);
    CHECK(c.layers[1].mixer == MixerKind::kFullAttention);
    CHECK(c.layers[1].sliding_window == 0);
    CHECK(c.sources.at("layers.mixer") == "config:$.layer_types");
  }
  CHECK(count_mixer(test::parsed_config("openai__gpt-oss-20b"), MixerKind::kSlidingAttention) == 12);
  CHECK(count_mixer(test::parsed_config("openai__gpt-oss-20b"), MixerKind::kFullAttention) == 12);
}

TEST_CASE("Gemma 3 27b: 62 layers, 5:1 sliding:full from sliding_window_pattern's default 6", "[config]") {
  const ModelConfig c = test::parsed_config("google__gemma-3-27b-it");
  REQUIRE(c.layers.size() == 62);
  for (int64_t i = 0; i < 62; ++i) {
    // Gemma3TextConfig: layer i is sliding unless (i + 1) % 6 == 0
    CHECK(c.layers[i].mixer == ((i + 1) % 6 == 0 ? MixerKind::kFullAttention : MixerKind::kSlidingAttention));
  }
  CHECK(count_mixer(c, MixerKind::kFullAttention) == 62 / 6);  // 10
  CHECK(count_mixer(c, MixerKind::kSlidingAttention) == 62 - 62 / 6);  // 52
  CHECK(c.layers[0].sliding_window == 1024);
  CHECK(c.sources.at("layers.mixer").find("sliding_window_pattern") != std::string::npos);
}

TEST_CASE("medgemma: the explicit layer_types agree with the Gemma 3 pattern rule", "[config]") {
  const ModelConfig med = test::parsed_config("google__medgemma-27b-it");
  const ModelConfig g27 = test::parsed_config("google__gemma-3-27b-it");
  const Json raw = raw_fixture("google__medgemma-27b-it");
  REQUIRE(med.layers.size() == raw["text_config"]["layer_types"].size());
  for (size_t i = 0; i < med.layers.size(); ++i) {
    CHECK(med.layers[i].raw_kind == raw["text_config"]["layer_types"][i].get<std::string>());
    CHECK(med.layers[i].mixer == g27.layers[i].mixer);
  }
  CHECK(med.sources.at("layers.mixer") == "config:$.text_config.layer_types");
}

TEST_CASE("Gemma 2: alternating sliding (even) / full (odd) layers", "[config]") {
  const ModelConfig c = test::parsed_config("google__gemma-2-9b-it");
  for (size_t i = 0; i < c.layers.size(); ++i) {
    CHECK(c.layers[i].mixer == (i % 2 == 0 ? MixerKind::kSlidingAttention : MixerKind::kFullAttention));
  }
  CHECK(count_mixer(c, MixerKind::kSlidingAttention) == 21);
  CHECK(count_mixer(c, MixerKind::kFullAttention) == 21);
}

TEST_CASE("Gemma 3 4b (sparse): 34 layers -> 5 full + 29 sliding", "[config]") {
  const ModelConfig c = test::parsed_config("google__gemma-3-4b-it");
  CHECK(count_mixer(c, MixerKind::kFullAttention) == 34 / 6);
  CHECK(count_mixer(c, MixerKind::kSlidingAttention) == 34 - 34 / 6);
}

TEST_CASE("Qwen3-Next: full_attention_interval 4 -> 36 linear + 12 full, all MoE", "[config]") {
  const ModelConfig c = test::parsed_config("Qwen__Qwen3-Next-80B-A3B-Thinking");
  const Json raw = raw_fixture("Qwen__Qwen3-Next-80B-A3B-Thinking");
  const int64_t n = raw["num_hidden_layers"].get<int64_t>();
  const int64_t every = raw["full_attention_interval"].get<int64_t>();
  CHECK(count_mixer(c, MixerKind::kFullAttention) == n / every);
  CHECK(count_mixer(c, MixerKind::kLinearAttention) == n - n / every);
  CHECK(count_mixer(c, MixerKind::kLinearAttention) == 36);
  CHECK(count_mixer(c, MixerKind::kFullAttention) == 12);
  CHECK(c.layers[3].mixer == MixerKind::kFullAttention);
  CHECK(c.layers[0].mixer == MixerKind::kLinearAttention);
  CHECK(count_ffn(c, FfnKind::kMoe) == 48);
  CHECK(c.layers[0].num_kv_heads == 0);  // no attention KV in linear layers
  CHECK(c.layers[3].num_kv_heads == 2);
}

TEST_CASE("Qwen3-Next with explicit layer_types uses them", "[config]") {
  Json raw = raw_fixture("Qwen__Qwen3-Next-80B-A3B-Thinking");
  raw["num_hidden_layers"] = 4;
  raw["layer_types"] = {"full_attention", "linear_attention", "linear_attention", "full_attention"};
  auto r = parse_model_config(raw.dump());
  REQUIRE(r.ok());
  CHECK(r.value().layers[0].mixer == MixerKind::kFullAttention);
  CHECK(r.value().layers[1].mixer == MixerKind::kLinearAttention);
  CHECK(r.value().layers[3].mixer == MixerKind::kFullAttention);
}

TEST_CASE("Nemotron-H: M / * / - counts come from hybrid_override_pattern", "[config]") {
  const ModelConfig c = test::parsed_config("nvidia__Nemotron-H-56B-Base-8K");
  const Json raw = raw_fixture("nvidia__Nemotron-H-56B-Base-8K");
  const std::string pattern = raw["hybrid_override_pattern"].get<std::string>();
  const auto m = std::count(pattern.begin(), pattern.end(), 'M');
  const auto star = std::count(pattern.begin(), pattern.end(), '*');
  const auto dash = std::count(pattern.begin(), pattern.end(), '-');
  REQUIRE(static_cast<int64_t>(pattern.size()) == c.num_layers);
  CHECK(m + star + dash == c.num_layers);
  CHECK(count_mixer(c, MixerKind::kMamba) == m);
  CHECK(count_mixer(c, MixerKind::kFullAttention) == star);
  CHECK(count_mixer(c, MixerKind::kNone) == dash);
  CHECK(count_ffn(c, FfnKind::kDense) == dash);
  CHECK(count_ffn(c, FfnKind::kNone) == m + star);
  for (size_t i = 0; i < pattern.size(); ++i) CHECK(c.layers[i].raw_kind == std::string(1, pattern[i]));
}

TEST_CASE("Qwen3-30B-A3B: decoder_sparse_step 1, mlp_only_layers [] -> 48 MoE layers", "[config]") {
  const ModelConfig c = test::parsed_config("Qwen__Qwen3-30B-A3B");
  CHECK(count_ffn(c, FfnKind::kMoe) == 48);
  CHECK(count_ffn(c, FfnKind::kDense) == 0);
  CHECK(c.layers[0].intermediate_size == 768);
}

TEST_CASE("MoE placement keys: mlp_only_layers, decoder_sparse_step, interleave, moe_layer_freq", "[config]") {
  Json raw = raw_fixture("Qwen__Qwen3-30B-A3B");
  raw["num_hidden_layers"] = 6;
  raw["mlp_only_layers"] = {0, 5};
  raw["decoder_sparse_step"] = 2;  // MoE where (i + 1) % 2 == 0: 1, 3, 5 -> minus mlp_only 5 -> 1, 3
  auto r = parse_model_config(raw.dump());
  REQUIRE(r.ok());
  std::vector<FfnKind> want = {FfnKind::kDense, FfnKind::kMoe,   FfnKind::kDense,
                               FfnKind::kMoe,   FfnKind::kDense, FfnKind::kDense};
  for (size_t i = 0; i < want.size(); ++i) CHECK(r.value().layers[i].ffn == want[i]);
  CHECK(r.value().layers[0].intermediate_size == 6144);
  CHECK(r.value().layers[1].intermediate_size == 768);

  Json ds = raw_fixture("deepseek-ai__DeepSeek-V3");
  ds["num_hidden_layers"] = 7;
  ds["first_k_dense_replace"] = 1;
  ds["moe_layer_freq"] = 2;  // MoE where i >= 1 and i % 2 == 0: 2, 4, 6
  auto d = parse_model_config(ds.dump());
  REQUIRE(d.ok());
  for (int64_t i = 0; i < 7; ++i) {
    CHECK(d.value().layers[i].ffn == ((i >= 1 && i % 2 == 0) ? FfnKind::kMoe : FfnKind::kDense));
  }

  auto l4 = parse_model_config(R"({"model_type":"llama4_text","hidden_size":64,"num_hidden_layers":4,
      "num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":128,"intermediate_size_mlp":256,
      "vocab_size":100,"num_local_experts":16,"num_experts_per_tok":1,"moe_intermediate_size":32,
      "interleave_moe_layer_step":2})");
  REQUIRE(l4.ok());
  CHECK(l4.value().layers[0].ffn == FfnKind::kDense);
  CHECK(l4.value().layers[1].ffn == FfnKind::kMoe);
  CHECK(l4.value().layers[2].ffn == FfnKind::kDense);
  CHECK(l4.value().layers[3].ffn == FfnKind::kMoe);
}

TEST_CASE("Olmo 3: 48 sliding + 16 full from layer_types", "[config]") {
  const ModelConfig c = test::parsed_config("allenai__Olmo-3.1-32B-Instruct");
  const Json raw = raw_fixture("allenai__Olmo-3.1-32B-Instruct");
  int64_t sliding = 0;
  for (const auto& t : raw["layer_types"]) sliding += t == "sliding_attention";
  CHECK(count_mixer(c, MixerKind::kSlidingAttention) == sliding);
  CHECK(count_mixer(c, MixerKind::kFullAttention) == c.num_layers - sliding);
  CHECK(c.layers[0].sliding_window == 4096);
}

TEST_CASE("mllama: cross_attention_layers mark 20 of 100 layers", "[config]") {
  const ModelConfig c = test::parsed_config("meta-llama__Llama-3.2-90B-Vision-Instruct");
  const Json raw = raw_fixture("meta-llama__Llama-3.2-90B-Vision-Instruct");
  const auto& cross = raw["text_config"]["cross_attention_layers"];
  const auto n = std::count_if(c.layers.begin(), c.layers.end(), [](const LayerSpec& L) { return L.cross_attention; });
  CHECK(n == static_cast<int64_t>(cross.size()));
  for (const auto& i : cross) CHECK(c.layers[i.get<size_t>()].cross_attention);
  CHECK_FALSE(c.layers[0].cross_attention);
}

TEST_CASE("Nemotron-Super (DeciLM): per-layer FFN width and attention no_op from block_configs", "[config]") {
  const ModelConfig c = test::parsed_config("nvidia__Llama-3_3-Nemotron-Super-49B-v1");
  const Json raw = raw_fixture("nvidia__Llama-3_3-Nemotron-Super-49B-v1");
  const auto& blocks = raw["block_configs"];
  REQUIRE(c.layers.size() == blocks.size());
  int64_t no_op = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const bool skip = blocks[i]["attention"]["no_op"].get<bool>();
    no_op += skip;
    CHECK(c.layers[i].mixer == (skip ? MixerKind::kNone : MixerKind::kFullAttention));
    if (!skip) CHECK(c.layers[i].num_kv_heads == 64 / blocks[i]["attention"]["n_heads_in_group"].get<int64_t>());
    // DeciLM: _ffn_mult_to_intermediate_size = find_multiple(int(2 * mult * hidden / 3), 256)
    const double mult = blocks[i]["ffn"]["ffn_mult"].get<double>();
    int64_t width = static_cast<int64_t>(2 * mult * 8192 / 3);
    if (width % 256) width += 256 - width % 256;
    CHECK(c.layers[i].intermediate_size == width);
  }
  CHECK(count_mixer(c, MixerKind::kNone) == no_op);
  CHECK(decilm_intermediate_size(5.25, 8192) == 28672);  // 2*5.25*8192/3 = 28672 (a multiple of 256)
  CHECK(decilm_intermediate_size(1.3125, 8192) == 7168);
  CHECK(decilm_intermediate_size(0.5, 8192) == 2816);    // 2730.67 -> 2730 -> 2816
}

TEST_CASE("Mixtral: no sliding, every layer MoE", "[config]") {
  const ModelConfig c = test::parsed_config("mistralai__Mixtral-8x22B-v0.1");
  CHECK(count_ffn(c, FfnKind::kMoe) == 56);
  CHECK(count_mixer(c, MixerKind::kFullAttention) == 56);
  CHECK(c.sources.at("layers.ffn") == "derived:num_experts (every layer MoE)");
}
