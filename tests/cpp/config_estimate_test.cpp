// Config-only parameter counts against published numbers and checkpoint sizes. Every expected value names
// its source; none is copied from this code's output.
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "config_fixtures.hpp"
#include "fixtures.hpp"
#include "params/config_estimate.hpp"

using namespace hfmi;

namespace {

ConfigEstimate estimate_fixture(const std::string& name) { return estimate_parameters(test::parsed_config(name)); }

// metadata.total_size of a fixture index file (bytes of all stored tensors).
int64_t index_total_size(const std::string& file) {
  auto r = parse_lenient_json(test::fixture("hf/" + file), codes::kBadIndex);
  REQUIRE(r.ok());
  return r.value()["metadata"]["total_size"].get<int64_t>();
}

int64_t component(const ConfigEstimate& e, const char* key) {
  const auto it = e.by_component.find(key);
  return it == e.by_component.end() ? 0 : it->second;
}

int64_t sum_components_without_mtp(const ConfigEstimate& e) {
  int64_t s = 0;
  for (const auto& [k, n] : e.by_component) {
    if (k != "mtp") s += n;
  }
  return s;
}

}  // namespace

TEST_CASE("Llama-3.1-8B: 8,030,261,248 parameters", "[estimate]") {
  // PROVENANCE.md "Parameter counts": Llama-3.1-8B 8,030,261,248 (CALC, published "8B").
  const ConfigEstimate e = estimate_fixture("meta-llama__Llama-3.1-8B");
  CHECK(e.total == 8'030'261'248);
  CHECK(e.active == e.total);
  CHECK(e.mtp_layers == 0);
  CHECK(component(e, "embeddings") == 128256LL * 4096);  // vocab x hidden
  CHECK(component(e, "lm_head") == 128256LL * 4096);     // untied
  // per layer q 4096x4096, k/v 4096x1024, o 4096x4096
  CHECK(component(e, "attention") == 32LL * (2 * 4096 * 4096 + 2 * 4096 * 1024));
  CHECK(component(e, "dense_mlp") == 32LL * 3 * 4096 * 14336);
  CHECK(component(e, "norms") == 32LL * 2 * 4096 + 4096);
  CHECK(sum_components_without_mtp(e) == e.total);
}

TEST_CASE("Qwen2.5-7B: 7,615,616,512 (qkv bias included)", "[estimate]") {
  // PROVENANCE.md: Qwen2.5-7B 7,615,616,512 (CALC; Qwen publishes "7.61B").
  const ConfigEstimate e = estimate_fixture("Qwen__Qwen2.5-7B");
  CHECK(e.total == 7'615'616'512);
  // q,k,v biases: 28 layers x (3584 + 2 x 512)
  const ModelConfig c = test::parsed_config("Qwen__Qwen2.5-7B");
  CHECK(c.qkv_bias);
}

TEST_CASE("Mixtral-8x7B: 46,702,792,704 total / 12,879,925,248 active", "[estimate]") {
  // PROVENANCE.md: CALC, published "46.7B total, 12.9B active".
  const ConfigEstimate e = estimate_fixture("mistralai__Mixtral-8x7B-v0.1");
  CHECK(e.total == 46'702'792'704);
  CHECK(e.active == 12'879'925'248);
  CHECK(component(e, "router") == 32LL * 4096 * 8);
  CHECK(component(e, "routed_experts") == 32LL * 8 * 3 * 4096 * 14336);
}

TEST_CASE("DeepSeek-V3 and R1: 671,026,419,200 total / 37,552,282,624 active, MTP apart", "[estimate]") {
  // PROVENANCE.md: main model without the MTP layer, CALC; published "671B total, 37B activated";
  // the repo's "685B" adds the ~14B MTP module.
  for (const char* name : {"deepseek-ai__DeepSeek-V3", "deepseek-ai__DeepSeek-R1"}) {
    INFO(name);
    const ConfigEstimate e = estimate_fixture(name);
    CHECK(e.total == 671'026'419'200);
    CHECK(e.active == 37'552'282'624);
    CHECK(e.mtp_layers > 0);
    CHECK(component(e, "mtp") == e.mtp_layers);
    // 671B + the MTP module rounds to the published 685B (within 1B).
    CHECK(std::llabs(e.total + e.mtp_layers - 685'000'000'000LL) < 1'000'000'000LL);
    CHECK(sum_components_without_mtp(e) == e.total);
    // e_score_correction_bias: 256 per MoE layer, 58 MoE layers
    CHECK(component(e, "router") == 58LL * (7168 * 256 + 256));
  }
}

TEST_CASE("Kimi-K2 and DeepSeek-V3.2: plausible against their published sizes", "[estimate]") {
  // Kimi-K2 model card: "1 trillion total parameters, 32 billion activated".
  const ConfigEstimate kimi = estimate_fixture("moonshotai__Kimi-K2-Instruct");
  CHECK(kimi.total > 1'000'000'000'000LL);
  CHECK(kimi.total < 1'050'000'000'000LL);
  CHECK(kimi.active > 32'000'000'000LL);
  CHECK(kimi.active < 33'500'000'000LL);
  CHECK(kimi.mtp_layers == 0);  // num_nextn_predict_layers 0
  // V3.2 = V3 + the indexer per layer: wq_b 1536x(64x128) + wk 7168x128 + k_norm 2x128 + weights_proj 7168x64
  const ConfigEstimate v32 = estimate_fixture("deepseek-ai__DeepSeek-V3.2");
  const int64_t indexer = 1536LL * 64 * 128 + 7168LL * 128 + 2 * 128 + 7168LL * 64;
  CHECK(v32.total == 671'026'419'200 + 61 * indexer);
}

TEST_CASE("gemma-2-9b: 9,241,705,984 = index total_size / 2", "[estimate]") {
  // PROVENANCE.md: IDX = CALC 9,241,705,984; bf16 index total_size 18483411968.
  const ConfigEstimate e = estimate_fixture("google__gemma-2-9b-it");
  CHECK(e.total == 9'241'705'984);
  CHECK(e.total == index_total_size("google__gemma-2-9b-it.safetensors.index.json") / 2);
  CHECK(component(e, "lm_head") == 0);  // tied
  CHECK(component(e, "norms") == 42LL * 4 * 3584 + 3584);  // Gemma's 4 norms per layer + final
}

TEST_CASE("Phi-3-mini-128k: 3,821,079,552 = index total_size / 2", "[estimate]") {
  const ConfigEstimate e = estimate_fixture("microsoft__Phi-3-mini-128k-instruct");
  CHECK(e.total == 3'821'079'552);  // PROVENANCE.md IDX = CALC
  CHECK(e.total == index_total_size("microsoft__Phi-3-mini-128k-instruct.safetensors.index.json") / 2);
}

TEST_CASE("gemma-2b-it: 5012344832 / 2 = 2,506,172,416 (tied, MQA)", "[estimate]") {
  const ConfigEstimate e = estimate_fixture("google__gemma-2b-it");
  CHECK(e.total == 2'506'172'416);  // index total_size 5012344832 bf16
  CHECK(e.total == index_total_size("google__gemma-2b-it.safetensors.index.json") / 2);
}

TEST_CASE("Devstral-Small-2507: 47144806400 / 2 = 23,572,403,200", "[estimate]") {
  // index metadata total_parameters 23572403200 and total_size 47144806400 (bf16, untied).
  const ConfigEstimate e = estimate_fixture("mistralai__Devstral-Small-2507");
  CHECK(e.total == 23'572'403'200);
  CHECK(e.total == index_total_size("mistralai__Devstral-Small-2507.safetensors.index.json") / 2);
}

TEST_CASE("Mixtral-8x22B and WizardLM-2-8x22B: 281241268224 / 2 = 140,620,634,112", "[estimate]") {
  const int64_t idx = index_total_size("alpindale__WizardLM-2-8x22B.safetensors.index.json") / 2;
  CHECK(idx == 140'620'634'112);
  CHECK(estimate_fixture("alpindale__WizardLM-2-8x22B").total == idx);
  CHECK(estimate_fixture("mistralai__Mixtral-8x22B-v0.1").total == idx);
}

TEST_CASE("Falcon: config ties lm_head; the checkpoints also store lm_head.weight", "[estimate]") {
  // FalconConfig leaves tie_word_embeddings at PretrainedConfig's default (true), so the model has one
  // vocab x hidden matrix. Both checkpoints nevertheless store `lm_head.weight` (it is in their weight_map),
  // so total_size / 2 = estimate + vocab x hidden.
  const ConfigEstimate f7 = estimate_fixture("tiiuae__falcon-7b-instruct");
  const int64_t f7_idx = index_total_size("tiiuae__falcon-7b-instruct.pytorch_model.bin.index.json") / 2;
  CHECK(f7_idx == 7'217'189'760);  // 14434379520 / 2
  CHECK(f7.total + 65024LL * 4544 == f7_idx);
  CHECK(component(f7, "lm_head") == 0);
  // layout: query_key_value 4544 x (71 + 2) x 64, dense 4544^2, dense_h_to_4h / 4h_to_h 2 x 4544 x 18176,
  // one input_layernorm (w + b) per layer, ln_f, word_embeddings
  const int64_t f7_layer = 4544LL * 73 * 64 + 4544LL * 4544 + 2LL * 4544 * 18176 + 2 * 4544;
  CHECK(f7.total == 32 * f7_layer + 2 * 4544 + 65024LL * 4544);

  const ConfigEstimate f180 = estimate_fixture("tiiuae__falcon-180B-chat");
  const int64_t f180_idx = index_total_size("tiiuae__falcon-180B-chat.safetensors.index.json") / 2;
  CHECK(f180_idx == 179'522'565'120);  // 359045130240 / 2
  CHECK(f180.total + 65024LL * 14848 == f180_idx);
  // new_decoder_architecture: ln_attn + ln_mlp, 8 KV heads
  const int64_t f180_layer = 14848LL * (232 + 16) * 64 + 14848LL * 14848 + 2LL * 14848 * 59392 + 4 * 14848;
  CHECK(f180.total == 80 * f180_layer + 2 * 14848 + 65024LL * 14848);
}

TEST_CASE("GPT-2 small: 124,439,808 from its published hyperparameters", "[estimate]") {
  // GPT-2 small (openai-community/gpt2): n_embd 768, n_layer 12, n_head 12, vocab 50257, n_positions 1024,
  // n_inner null. PROVENANCE.md: 124,439,808 (the Hub's 137M adds 12 x 1024^2 attn.bias buffers).
  auto r = parse_model_config(R"({"architectures":["GPT2LMHeadModel"],"model_type":"gpt2","n_embd":768,
      "n_layer":12,"n_head":12,"vocab_size":50257,"n_positions":1024,"n_ctx":1024,"n_inner":null,
      "activation_function":"gelu_new","layer_norm_epsilon":1e-05})");
  REQUIRE(r.ok());
  const ConfigEstimate e = estimate_parameters(r.value());
  CHECK(e.total == 124'439'808);
  CHECK(component(e, "position_embeddings") == 1024LL * 768);
  CHECK(component(e, "lm_head") == 0);
}

TEST_CASE("gpt2-xl: 1,557,611,200 (published)", "[estimate]") {
  // openai-community/gpt2-xl: the published 1.5B model's exact count 1,557,611,200.
  CHECK(estimate_fixture("openai-community__gpt2-xl").total == 1'557'611'200);
}

TEST_CASE("gpt-oss-20b: BF16 1,804,459,584 + MXFP4 19,110,297,600 = 20,914,757,184", "[estimate]") {
  // Published split of the gpt-oss-20b checkpoint (issue 4): BF16 parameters + MXFP4 expert parameters.
  const ConfigEstimate e = estimate_fixture("openai__gpt-oss-20b");
  CHECK(e.total == 1'804'459'584LL + 19'110'297'600LL);
  // The MXFP4 part is exactly the expert weight matrices: 24 layers x 32 experts x (2880 x 5760 + 2880 x 2880).
  CHECK(24LL * 32 * (2880 * 5760 + 2880 * 2880) == 19'110'297'600LL);
  // Everything else (attention incl. sinks, router, expert biases, norms, embeddings) is BF16.
  const int64_t expert_biases = 24LL * 32 * (5760 + 2880);
  CHECK(e.total - component(e, "routed_experts") + expert_biases == 1'804'459'584LL);
  CHECK(e.active < e.total);
}

TEST_CASE("llava-1.5-7b: Llama-2-7b text shape with vocab 32064, plus CLIP ViT-L/336 and projector", "[estimate]") {
  // Text part: Llama-2-7b layout (LlamaConfig defaults: 4096 hidden, 32 layers, 11008 FFN) with vocab 32064:
  //   2 x 32064 x 4096 (embed + lm_head) + 32 x (4 x 4096^2 + 3 x 4096 x 11008 + 2 x 4096) + 4096
  const int64_t text = 2LL * 32064 * 4096 + 32LL * (4LL * 4096 * 4096 + 3LL * 4096 * 11008 + 2 * 4096) + 4096;
  const ConfigEstimate e = estimate_fixture("llava-hf__llava-1.5-7b-hf");
  REQUIRE(e.vision_estimated);
  CHECK(e.total - component(e, "vision") == text);
  // Whole checkpoint: index total_size 14126854144 (fp16) / 2 = 7,063,427,072.
  const int64_t idx = index_total_size("llava-hf__llava-1.5-7b-hf.safetensors.index.json") / 2;
  CHECK(idx == 7'063'427'072);
  CHECK(e.total == idx);
  // CLIP ViT-L/14 at 336 px: 303,507,456 (CLIPVisionModel incl. class/position embeddings and both LayerNorms),
  // projector 1024x4096 + 4096 + 4096x4096 + 4096.
  CHECK(component(e, "vision") == 303'507'456LL + (1024LL * 4096 + 4096 + 4096LL * 4096 + 4096));
}

TEST_CASE("medgemma-27b: text estimate below the checkpoint; with SigLIP it matches total_size / 2", "[estimate]") {
  // index: total_size 54864813280 -> 27,432,406,640 parameters (bf16) including the vision tower;
  // metadata total_parameters counts the tied lm_head twice (PROVENANCE.md), so it is not used.
  const int64_t idx = index_total_size("google__medgemma-27b-it.safetensors.index.json") / 2;
  CHECK(idx == 27'432'406'640);
  const ConfigEstimate e = estimate_fixture("google__medgemma-27b-it");
  REQUIRE(e.vision_estimated);
  CHECK(e.total - component(e, "vision") < idx);
  CHECK(e.total == idx);
  // gemma-3-27b-it has the same shapes (sparse config + Gemma3TextConfig defaults).
  CHECK(estimate_fixture("google__gemma-3-27b-it").total == idx);
}

TEST_CASE("published sizes of other fixtures (within rounding)", "[estimate]") {
  struct Published {
    const char* fixture;
    double total_b;   // published total, billions
    double active_b;  // published active, billions (0 = dense)
    double tol_b;
  };
  const Published rows[] = {
      {"Qwen__Qwen3-30B-A3B", 30.5, 3.3, 0.1},        // model card: 30.5B total, 3.3B activated
      {"Qwen__Qwen3-235B-A22B", 235, 22, 0.5},        // model card: 235B total, 22B activated
      {"Qwen__Qwen3-8B", 8.2, 0, 0.05},               // model card: 8.2B
      {"Qwen__Qwen3-0.6B", 0.6, 0, 0.05},             // model card: 0.6B (0.44B non-embedding)
      {"meta-llama__Llama-3.1-70B", 70.6, 0, 0.1},    // "70B"; 70.55B
      {"meta-llama__Llama-3.1-405B", 405.9, 0, 0.1},  // "405B"
      {"meta-llama__Llama-2-7b-hf", 6.74, 0, 0.01},   // Llama 2 paper: 6.74B
      {"microsoft__phi-4", 14.7, 0, 0.1},             // model card: 14B, Hub 14.7B
      {"openai__gpt-oss-120b", 116.8, 5.7, 0.2},      // model card: 117B total (5.1B active without embeddings)
      {"google__gemma-3-4b-it", 4.3, 0, 0.05},        // Hub: 4.3B incl. SigLIP
      {"Qwen__Qwen3-Coder-480B-A35B-Instruct", 480, 35, 0.6},
  };
  for (const Published& p : rows) {
    INFO(p.fixture);
    const ConfigEstimate e = estimate_fixture(p.fixture);
    CHECK(static_cast<double>(e.total) / 1e9 == Approx(p.total_b).margin(p.tol_b));
    if (p.active_b > 0) CHECK(static_cast<double>(e.active) / 1e9 == Approx(p.active_b).margin(p.tol_b));
    else CHECK(e.active == e.total);
  }
}

TEST_CASE("Qwen3 qk-norm and tied embeddings in the count", "[estimate]") {
  const ConfigEstimate e = estimate_fixture("Qwen__Qwen3-0.6B");
  // per layer: q 1024 x 2048, k/v 1024 x 1024, o 2048 x 1024, q_norm + k_norm 2 x 128
  CHECK(component(e, "attention") == 28LL * (1024 * 2048 + 2 * 1024 * 1024 + 2048 * 1024 + 2 * 128));
  CHECK(component(e, "lm_head") == 0);
  CHECK(component(e, "embeddings") == 151936LL * 1024);
}

TEST_CASE("hybrid and linear-attention components are reported", "[estimate]") {
  const ConfigEstimate nh = estimate_fixture("nvidia__Nemotron-H-56B-Base-8K");
  CHECK(component(nh, "mamba") > 0);
  CHECK(component(nh, "attention") > 0);
  CHECK(component(nh, "dense_mlp") == 54LL * 2 * 8192 * 32768);  // 54 '-' layers, relu2 up/down
  // Mamba2 mixer: I = 256 x 64 = 16384, conv = I + 2 x 8 x 256 = 20480
  const int64_t mixer = 8192LL * (16384 + 20480 + 256) + 20480LL * 4 + 20480 + 3 * 256 + 16384 + 16384LL * 8192;
  CHECK(component(nh, "mamba") == 54 * mixer);
  CHECK(component(nh, "norms") == 118LL * 8192 + 8192);  // one norm per block + final
  CHECK(nh.total > 55'000'000'000LL);
  CHECK(nh.total < 57'000'000'000LL);  // "56B"

  const ConfigEstimate qn = estimate_fixture("Qwen__Qwen3-Next-80B-A3B-Thinking");
  CHECK(component(qn, "linear_attention") > 0);
  CHECK(component(qn, "shared_experts") == 48LL * (3 * 2048 * 512 + 2048));  // + shared_expert_gate
  CHECK(qn.total > 79'000'000'000LL);
  CHECK(qn.total < 82'000'000'000LL);  // "80B"
  CHECK(qn.active < 4'000'000'000LL);  // "A3B" (+ embeddings)

  const ConfigEstimate ns = estimate_fixture("nvidia__Llama-3_3-Nemotron-Super-49B-v1");
  CHECK(ns.total > 49'000'000'000LL);
  CHECK(ns.total < 50'000'000'000LL);  // "49B"
}

TEST_CASE("VLMs whose vision tower is not estimated say so", "[estimate]") {
  const ConfigEstimate e = estimate_fixture("Qwen__Qwen3-VL-32B-Instruct");
  CHECK_FALSE(e.vision_estimated);
  CHECK(component(e, "vision") == 0);
  bool noted = false;
  for (const auto& n : e.notes) noted = noted || n.find("vision") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("estimates of absurd but accepted configs saturate instead of overflowing", "[estimate]") {
  auto r = parse_model_config(R"({"model_type":"mixtral","hidden_size":1000000,"intermediate_size":10000000,
      "num_local_experts":1000000,"num_experts_per_tok":1,"num_hidden_layers":10000,"num_attention_heads":1000,
      "num_key_value_heads":1000,"vocab_size":100000000})");
  REQUIRE(r.ok());
  const ConfigEstimate e = estimate_parameters(r.value());
  CHECK(e.total == std::numeric_limits<int64_t>::max());
  CHECK(e.active >= 0);
  CHECK_FALSE(e.notes.empty());
}
