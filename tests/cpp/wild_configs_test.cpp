// The 42 real configs of families the first version had no rows for (tests/fixtures/hf-wild, copied from
// /work/shared/fixtures/hf-wild with its PROVENANCE.md). Every expected value comes from expected.json, which
// was written by hand from the configs, index total_size values and published counts: none of them came
// from this tool. Each config: no refusal, every fact right, every scored count within 1% (exact where
// params_exact is true).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>
#include <string>

#include "arch/module_tree_builder.hpp"
#include "config/config_parser.hpp"
#include "emit/accounting_json.hpp"
#include "emit/architecture_json.hpp"
#include "emit/perf_model_config.hpp"
#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "params/config_estimate.hpp"

using namespace hfmi;

namespace {

Json wild_expected() {
  auto parsed = parse_lenient_json(test::fixture("hf-wild/expected.json"), codes::kBadConfig);
  REQUIRE(parsed.ok());
  return parsed.value()["models"];
}

int64_t layers_with(const ModelConfig& c, FfnKind k) {
  int64_t n = 0;
  for (const LayerSpec& l : c.layers) n += l.ffn == k ? 1 : 0;
  return n;
}

// The fact `key` of a parsed config, as expected.json spells it.
Json fact(const ModelConfig& c, const std::string& key) {
  if (key == "num_layers") return c.num_layers;
  if (key == "hidden_size") return c.hidden_size;
  if (key == "num_heads") return c.num_heads;
  if (key == "num_kv_heads") return c.num_kv_heads;
  if (key == "head_dim") return c.head_dim;
  if (key == "attention") return to_string(c.attention_type);
  if (key == "mlp") return c.moe ? "moe" : "dense";
  if (key == "num_experts") return c.moe ? c.moe->num_experts : 0;
  if (key == "experts_per_token") return c.moe ? c.moe->experts_per_token : 0;
  if (key == "dense_layers") return layers_with(c, FfnKind::kDense);
  if (key == "moe_layers") return layers_with(c, FfnKind::kMoe);
  if (key == "multimodal") return c.multimodal;
  return nullptr;
}

// Keys of an expected.json entry that are not facts of the config.
const char* const kNotFacts[] = {"dir", "family", "src", "params", "params_exact", "params_source", "params_in_tally",
                                 "params_kind", "params_note", "index_file", "facts_note"};

// Two params_exact figures of expected.json are model-card figures that count something other than the HF
// checkpoint. The checkpoint's own count replaces them here; each agrees with the family's HF module layout.
// - GPT-J: the card's n_parameters (6,053,381,344) counts mesh-transformer-jax's checkpoint, trained 8-way
//   model-parallel (kingoflolz/mesh-transformer-jax configs/6B_roto_256.json: cores_per_replica 8). Each of the
//   8 shards holds its own copy of every LayerNorm (28 layers' ln_1 and ln_f, scale and offset), of the MLP
//   output bias (linear_5/b, which to_hf_weights.py sums over the shards) and of an embedding bias that
//   GPTJForCausalLM does not have: kMeshJaxExtra below. Loading EleutherAI/gpt-j-6B (revision float16) with
//   transformers gives 6,050,882,784 parameters (sum of numel, printed by a GPT-J LoRA project's README;
//   GitHub file id 37133021827 of the search index) = card - kMeshJaxExtra.
// - StableLM 2 1.6B: the card table says 1,644,417,024 (98,304 = 24 x 4096 below the layout), but the
//   safetensors metadata of stabilityai/stablelm-2-1_6b (rev f499ead7, BF16, 3,289,069,520 bytes) and of
//   stablelm-2-1_6b-chat (rev f3fe6705, F32, 6,578,099,872 bytes) both count 1,644,515,328 (automated model-card
//   records, GitHub file ids 65849527990 and 65755328185; the same figure in a blog table, id 35661935992).
struct CheckpointCount {
  const char* model;
  int64_t card;        // expected.json's params (checked, so the table cannot drift from it)
  int64_t checkpoint;  // what the HF checkpoint holds
};
constexpr int64_t kGptjLayers = 28, kGptjHidden = 4096, kMeshJaxShards = 8;
constexpr int64_t kMeshJaxExtra = (kMeshJaxShards - 1) * ((kGptjLayers + 1) * 2 * kGptjHidden)  // LayerNorm copies
                                  + (kMeshJaxShards - 1) * kGptjLayers * kGptjHidden          // linear_5/b copies
                                  + kMeshJaxShards * kGptjHidden;                             // embedding biases
static_assert(kMeshJaxExtra == 2'498'560, "card - HF checkpoint");
constexpr CheckpointCount kCheckpointCounts[] = {
    {"EleutherAI/gpt-j-6b", 6'053'381'344, 6'050'882'784},
    {"stabilityai/stablelm-2-zephyr-1_6b", 1'644'417'024, 1'644'515'328},
};
static_assert(6'053'381'344 - kMeshJaxExtra == 6'050'882'784, "GPT-J: the card's figure less the shard copies");

const char* const kFacts[] = {"num_layers", "hidden_size", "num_heads", "num_kv_heads", "head_dim", "attention",
                              "mlp", "num_experts", "experts_per_token", "dense_layers", "moe_layers", "multimodal"};

}  // namespace

TEST_CASE("hf-wild: 42 real configs of new families parse, with every expected fact", "[wild]") {
  const Json models = wild_expected();
  REQUIRE(models.size() == 42);
  int checked_facts = 0;
  for (auto it = models.begin(); it != models.end(); ++it) {
    const Json& e = it.value();
    INFO(it.key());
    auto r = parse_model_config(test::fixture("hf-wild/" + e["dir"].get<std::string>() + "/config.json"));
    INFO((r.ok() ? std::string() : r.error().path + ": " + r.error().message));
    REQUIRE(r.ok());  // no refusal
    const ModelConfig& c = r.value();
    for (auto k = e.begin(); k != e.end(); ++k) {  // every key is a known fact or a known non-fact
      INFO(k.key());
      CHECK((std::find(std::begin(kFacts), std::end(kFacts), k.key()) != std::end(kFacts) ||
             std::find(std::begin(kNotFacts), std::end(kNotFacts), k.key()) != std::end(kNotFacts)));
    }
    for (const char* key : kFacts) {
      if (!e.contains(key)) continue;
      INFO(key);
      CHECK(fact(c, key) == e[key]);
      ++checked_facts;
    }
  }
  CHECK(checked_facts == 380);  // 12 kinds of fact over 42 configs, as expected.json lists them
}

TEST_CASE("hf-wild: scored parameter counts within 1%, exact where published exactly", "[wild]") {
  const Json models = wild_expected();
  int scored = 0, exact = 0;
  for (auto it = models.begin(); it != models.end(); ++it) {
    const Json& e = it.value();
    if (!e.value("params_in_tally", false) || !e["params"].is_number()) continue;
    INFO(it.key());
    auto r = parse_model_config(test::fixture("hf-wild/" + e["dir"].get<std::string>() + "/config.json"));
    REQUIRE(r.ok());
    const ConfigEstimate est = estimate_parameters(r.value());
    const double want = e["params"].get<double>();
    INFO("estimate " << est.total << " expected " << static_cast<int64_t>(want));
    CHECK(est.estimate_basis == "family-layout");
    CHECK(std::fabs(static_cast<double>(est.total) - want) / want < 0.01);
    ++scored;
    if (e.value("params_exact", false)) {
      int64_t exact_count = e["params"].get<int64_t>();
      for (const CheckpointCount& c : kCheckpointCounts) {
        if (it.key() != c.model) continue;
        CHECK(exact_count == c.card);
        exact_count = c.checkpoint;
      }
      CHECK(est.total == exact_count);
      ++exact;
    }
  }
  CHECK(scored == 14);
  CHECK(exact == 10);  // every params_exact figure, equal
}

TEST_CASE("hf-wild: Llama 4's qk-norm is a parameter-free L2 norm, so attention is q, k, v and o alone", "[wild]") {
  // transformers' Llama4TextAttention normalises q and k with Llama4TextL2Norm, which has no weight, and the
  // checkpoint has no q_norm / k_norm tensors (MaxText's Llama 4 converter maps every key of the HF
  // checkpoint and names none; AI-Hypercomputer/maxtext llama_or_mistral_ckpt.py). Scout's config sets
  // use_qk_norm; the expected count comes from its numbers alone.
  const Json models = wild_expected();
  const char* const it_key_scout = "meta-llama/Llama-4-Scout-17B-16E-Instruct";
  const Json& e = models[it_key_scout];
  const Json config = Json::parse(test::fixture("hf-wild/" + e["dir"].get<std::string>() + "/config.json"));
  const Json& t = config["text_config"];
  REQUIRE(t["use_qk_norm"] == true);
  const int64_t h = t["hidden_size"].get<int64_t>(), H = t["num_attention_heads"].get<int64_t>(),
                K = t["num_key_value_heads"].get<int64_t>(), d = t["head_dim"].get<int64_t>();
  const int64_t L = t["num_hidden_layers"].get<int64_t>();
  auto r = parse_model_config(test::fixture("hf-wild/" + e["dir"].get<std::string>() + "/config.json"));
  REQUIRE(r.ok());
  CHECK(r.value().qk_norm);  // the norm is there (an op), with nothing to count
  const ConfigEstimate est = estimate_parameters(r.value());
  const int64_t one_layer = h * H * d + 2 * h * K * d + H * d * h;
  CHECK(est.by_component.at("attention") == L * one_layer);
  // The perf-model config counts each attention row (the chunked layers' gap row too) one layer's worth.
  const Json parameters = config_parameters_json(est);
  PerfModelInputs in{r.value(), parameters};
  in.hf_model_id = it_key_scout;
  int attention_rows = 0;
  const PerfModelOutput perf = perf_model_config(in);
  for (const Json& row : perf.config["layer_types"]) {
    const std::string name = row["name"].get<std::string>();
    if (name.rfind("attention", 0) != 0 && name != "chunked_attention") continue;
    INFO(name);
    CHECK(row["specs"]["parameter_count"] == one_layer);
    ++attention_rows;
  }
  CHECK(attention_rows == 2);  // the chunked (local) layers and the global ones
}

TEST_CASE("hf-wild: the misreads issue 11 lists are fixed", "[wild]") {
  const auto parse = [](const std::string& dir) {
    auto r = parse_model_config(test::fixture("hf-wild/" + dir + "/config.json"));
    REQUIRE(r.ok());
    return r.value();
  };
  // falcon-40b (RefinedWeb): n_head_kv 8 is grouped-query attention, not MQA.
  const ModelConfig falcon = parse("tiiuae__falcon-40b");
  CHECK(falcon.num_kv_heads == 8);
  CHECK(falcon.attention_type == AttentionType::kGqa);
  CHECK(falcon.norms_per_layer == 2);  // ln_attn + ln_mlp
  // Nemotron-3: the shared expert's width is moe_shared_expert_intermediate_size (3712 in the config).
  const ModelConfig nemotron = parse("nvidia__NVIDIA-Nemotron-3-Nano-30B-A3B-BF16");
  REQUIRE(nemotron.moe);
  CHECK(nemotron.moe->shared_expert_intermediate_size == 3712);
  // StableLM: StableLmDecoderLayer uses nn.LayerNorm (weight and bias), not RMSNorm.
  const ModelConfig stablelm = parse("stabilityai__stablelm-3b-4e1t");
  CHECK(stablelm.norm_type == "layernorm");
  CHECK(stablelm.norm_has_bias);
  // Qwen v1: w1 and w2 are intermediate_size / 2 wide (49152 / 2).
  CHECK(parse("Qwen__Qwen-72B").intermediate_size == 24576);
  // GPT-NeoX, StarCoder2, GPT-BigCode, phi-1, phi-1.5, BLOOM, MPT, GPT-J: a plain 2-matrix MLP.
  for (const char* dir : {"togethercomputer__RedPajama-INCITE-7B-Base", "bigcode__starcoder2-7b",
                          "bigcode__gpt_bigcode-santacoder", "microsoft__phi-1", "microsoft__phi-1_5",
                          "bigscience__bloom", "mosaicml__mpt-7b", "EleutherAI__gpt-j-6b"}) {
    INFO(dir);
    CHECK_FALSE(parse(dir).gated_mlp);
  }
  // n_inner: null means 4 x hidden (GPT-J 4096 -> 16384).
  CHECK(parse("EleutherAI__gpt-j-6b").intermediate_size == 16384);
  // Hunyuan's per-layer lists: moe_topk [8, ...] and moe_intermediate_size [3072, ...].
  const ModelConfig hunyuan = parse("tencent__Hunyuan-A13B-Instruct");
  REQUIRE(hunyuan.moe);
  CHECK(hunyuan.moe->experts_per_token == 8);
  CHECK(hunyuan.moe->moe_intermediate_size == 3072);
}

TEST_CASE("hf-wild: every config gets a module tree of its family and a model_architecture.json", "[wild]") {
  const Json models = wild_expected();
  for (auto it = models.begin(); it != models.end(); ++it) {
    INFO(it.key());
    auto r = parse_model_config(test::fixture("hf-wild/" + it.value()["dir"].get<std::string>() + "/config.json"));
    REQUIRE(r.ok());
    const ModelConfig& c = r.value();
    CHECK(c.family != "generic");  // every family of the set has a registry row
    const ModuleTree tree = build_module_tree(c);
    REQUIRE_FALSE(tree.modules.empty());
    CHECK(tree.family == c.family);
    std::set<std::string> names;
    for (const Module& m : tree.modules) {
      INFO(m.name);
      CHECK(names.insert(m.name).second);
      if (&m != &tree.modules.front()) CHECK(names.count(m.parent) == 1);
    }
    const Json doc = architecture_json(c, it.key(), config_parameters_json(estimate_parameters(c)), Json(), Json());
    CHECK(doc["family"] == c.family);
    CHECK(doc["parameters"]["estimate_basis"] == "family-layout");
  }
}
