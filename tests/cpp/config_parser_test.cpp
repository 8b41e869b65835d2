// parse_model_config on every real config in tests/fixtures/hf. Expected values are read off the config
// files themselves (or, where a key is absent, the HF config class default named in the comment).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "config/config_parser.hpp"
#include "config_fixtures.hpp"
#include "fixtures.hpp"

using namespace hfmi;

namespace {

struct Expect {
  const char* fixture;
  int64_t hidden, layers, heads, kv_heads, head_dim, vocab, intermediate;
  const char* attention;  // mha | gqa | mqa | mla
  bool tied;
  bool qk_norm;
  const char* architecture;
};

// Every fixture. head_dim: explicit key when present, else hidden/heads (MLA: qk_nope + qk_rope).
const Expect kExpect[] = {
    {"meta-llama__Llama-3.1-8B", 4096, 32, 32, 8, 128, 128256, 14336, "gqa", false, false, "LlamaForCausalLM"},
    {"meta-llama__Llama-3.1-70B", 8192, 80, 64, 8, 128, 128256, 28672, "gqa", false, false, "LlamaForCausalLM"},
    {"meta-llama__Llama-3.1-405B", 16384, 126, 128, 8, 128, 128256, 53248, "gqa", false, false, "LlamaForCausalLM"},
    {"meta-llama__Llama-3.3-70B-Instruct", 8192, 80, 64, 8, 128, 128256, 28672, "gqa", false, false,
     "LlamaForCausalLM"},
    // explicit head_dim 64 = 2048/32, tie_word_embeddings true
    {"meta-llama__Llama-3.2-1B", 2048, 16, 32, 8, 64, 128256, 8192, "gqa", true, false, "LlamaForCausalLM"},
    // Llama 2 7B: MHA (32 KV heads)
    {"meta-llama__Llama-2-7b-hf", 4096, 32, 32, 32, 128, 32000, 11008, "mha", false, false, "LlamaForCausalLM"},
    // mllama: text_config has 100 layers (80 self-attention + 20 cross-attention)
    {"meta-llama__Llama-3.2-90B-Vision-Instruct", 8192, 100, 64, 8, 128, 128256, 28672, "gqa", false, false,
     "MllamaForConditionalGeneration"},
    // Devstral: explicit head_dim 128 != 5120/32 = 160
    {"mistralai__Devstral-Small-2507", 5120, 40, 32, 8, 128, 131072, 32768, "gqa", false, false,
     "MistralForCausalLM"},
    {"mistralai__Mixtral-8x7B-v0.1", 4096, 32, 32, 8, 128, 32000, 14336, "gqa", false, false, "MixtralForCausalLM"},
    {"mistralai__Mixtral-8x22B-v0.1", 6144, 56, 48, 8, 128, 32000, 16384, "gqa", false, false, "MixtralForCausalLM"},
    {"alpindale__WizardLM-2-8x22B", 6144, 56, 48, 8, 128, 32000, 16384, "gqa", false, false, "MixtralForCausalLM"},
    {"Qwen__Qwen2.5-7B", 3584, 28, 28, 4, 128, 152064, 18944, "gqa", false, false, "Qwen2ForCausalLM"},
    {"Qwen__Qwen2.5-72B", 8192, 80, 64, 8, 128, 152064, 29568, "gqa", false, false, "Qwen2ForCausalLM"},
    {"Qwen__Qwen2.5-VL-7B-Instruct", 3584, 28, 28, 4, 128, 152064, 18944, "gqa", false, false,
     "Qwen2_5_VLForConditionalGeneration"},
    // Qwen3-0.6B: head_dim 128 != 1024/16 = 64; tied
    {"Qwen__Qwen3-0.6B", 1024, 28, 16, 8, 128, 151936, 3072, "gqa", true, true, "Qwen3ForCausalLM"},
    {"Qwen__Qwen3-8B", 4096, 36, 32, 8, 128, 151936, 12288, "gqa", false, true, "Qwen3ForCausalLM"},
    {"Qwen__Qwen3-30B-A3B", 2048, 48, 32, 4, 128, 151936, 6144, "gqa", false, true, "Qwen3MoeForCausalLM"},
    {"Qwen__Qwen3-235B-A22B", 4096, 94, 64, 4, 128, 151936, 12288, "gqa", false, true, "Qwen3MoeForCausalLM"},
    {"Qwen__Qwen3-Coder-480B-A35B-Instruct", 6144, 62, 96, 8, 128, 151936, 8192, "gqa", false, true,
     "Qwen3MoeForCausalLM"},
    {"Qwen__Qwen3-Next-80B-A3B-Thinking", 2048, 48, 16, 2, 256, 151936, 5120, "gqa", false, true,
     "Qwen3NextForCausalLM"},
    // Qwen3-VL: text params under text_config; tie_word_embeddings false at the root
    {"Qwen__Qwen3-VL-32B-Instruct", 5120, 64, 64, 8, 128, 151936, 25600, "gqa", false, true,
     "Qwen3VLForConditionalGeneration"},
    // GPT-2 XL: n_embd, n_layer, n_head, n_inner null -> 4 * 1600; GPT2Config ties embeddings by default
    {"openai-community__gpt2-xl", 1600, 48, 25, 25, 64, 50257, 6400, "mha", true, false, "GPT2LMHeadModel"},
    // Falcon-7B: multi_query -> 1 KV head, 71 heads of 4544/71 = 64; ffn 4 * hidden
    {"tiiuae__falcon-7b-instruct", 4544, 32, 71, 1, 64, 65024, 18176, "mqa", true, false, "FalconForCausalLM"},
    // Falcon-180B: new_decoder_architecture -> num_kv_heads 8 (multi_query ignored)
    {"tiiuae__falcon-180B-chat", 14848, 80, 232, 8, 64, 65024, 59392, "gqa", true, false, "FalconForCausalLM"},
    {"microsoft__Phi-3-mini-128k-instruct", 3072, 32, 32, 32, 96, 32064, 8192, "mha", false, false,
     "Phi3ForCausalLM"},
    {"microsoft__phi-4", 5120, 40, 40, 10, 128, 100352, 17920, "gqa", false, false, "Phi3ForCausalLM"},
    // Gemma 1: MQA (1 KV head); no tie key -> GemmaConfig default true
    {"google__gemma-2b-it", 2048, 18, 8, 1, 256, 256000, 16384, "mqa", true, false, "GemmaForCausalLM"},
    {"google__gemma-2-9b-it", 3584, 42, 16, 8, 256, 256000, 14336, "gqa", true, false, "Gemma2ForCausalLM"},
    // Gemma 3 4b: sparse text_config -> Gemma3TextConfig defaults: 8 heads, 4 KV heads, head_dim 256, vocab 262208
    {"google__gemma-3-4b-it", 2560, 34, 8, 4, 256, 262208, 10240, "gqa", true, true,
     "Gemma3ForConditionalGeneration"},
    // Gemma 3 27b: heads given, vocab from Gemma3TextConfig default 262208
    {"google__gemma-3-27b-it", 5376, 62, 32, 16, 128, 262208, 21504, "gqa", true, true,
     "Gemma3ForConditionalGeneration"},
    {"google__medgemma-27b-it", 5376, 62, 32, 16, 128, 262208, 21504, "gqa", true, true,
     "Gemma3ForConditionalGeneration"},
    {"ibm-granite__granite-3.1-1b-a400m-instruct", 1024, 24, 16, 8, 64, 49155, 512, "gqa", true, false,
     "GraniteMoeForCausalLM"},
    {"openai__gpt-oss-20b", 2880, 24, 64, 8, 64, 201088, 2880, "gqa", false, false, "GptOssForCausalLM"},
    {"openai__gpt-oss-120b", 2880, 36, 64, 8, 64, 201088, 2880, "gqa", false, false, "GptOssForCausalLM"},
    // MLA: head_dim reported as qk_nope 128 + qk_rope 64
    {"deepseek-ai__DeepSeek-V3", 7168, 61, 128, 128, 192, 129280, 18432, "mla", false, false,
     "DeepseekV3ForCausalLM"},
    {"deepseek-ai__DeepSeek-R1", 7168, 61, 128, 128, 192, 129280, 18432, "mla", false, false,
     "DeepseekV3ForCausalLM"},
    {"deepseek-ai__DeepSeek-V3.2", 7168, 61, 128, 128, 192, 129280, 18432, "mla", false, false,
     "DeepseekV32ForCausalLM"},
    {"moonshotai__Kimi-K2-Instruct", 7168, 61, 64, 64, 192, 163840, 18432, "mla", false, false,
     "DeepseekV3ForCausalLM"},
    // Nemotron-H: attention_head_dim 128
    {"nvidia__Nemotron-H-56B-Base-8K", 8192, 118, 64, 8, 128, 131072, 32768, "gqa", false, false,
     "NemotronHForCausalLM"},
    // DeciLM: num_key_value_heads null -> 64 / n_heads_in_group 8; intermediate null -> most common block width
    {"nvidia__Llama-3_3-Nemotron-Super-49B-v1", 8192, 80, 64, 8, 128, 128256, 28672, "gqa", false, false,
     "DeciLMForCausalLM"},
    {"allenai__Olmo-3.1-32B-Instruct", 5120, 64, 40, 8, 128, 100278, 27648, "gqa", false, true, "Olmo3ForCausalLM"},
    // llava: sparse text_config -> LlamaConfig defaults (4096 hidden, 32 layers, 32 heads, 11008), vocab 32064
    {"llava-hf__llava-1.5-7b-hf", 4096, 32, 32, 32, 128, 32064, 11008, "mha", false, false,
     "LlavaForConditionalGeneration"},
};

}  // namespace

TEST_CASE("every fixture config parses to its core dimensions", "[config]") {
  for (const Expect& e : kExpect) {
    SECTION(e.fixture) {
      const ModelConfig c = test::parsed_config(e.fixture);
      CHECK(c.architecture == e.architecture);
      CHECK(c.hidden_size == e.hidden);
      CHECK(c.num_layers == e.layers);
      CHECK(c.num_heads == e.heads);
      CHECK(c.num_kv_heads == e.kv_heads);
      CHECK(c.head_dim == e.head_dim);
      CHECK(c.vocab_size == e.vocab);
      CHECK(c.intermediate_size == e.intermediate);
      CHECK(std::string(to_string(c.attention_type)) == e.attention);
      CHECK(c.tie_word_embeddings == e.tied);
      CHECK(c.qk_norm == e.qk_norm);
      CHECK(static_cast<int64_t>(c.layers.size()) == e.layers);
      CHECK(c.raw.is_object());
    }
  }
}

TEST_CASE("every fixture file in tests/fixtures/hf is covered by the table", "[config]") {
  namespace fs = std::filesystem;
  const std::string suffix = ".config.json";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(HFMI_FIXTURES_DIR) / "hf")) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    ++files;
    const std::string stem = name.substr(0, name.size() - suffix.size());
    const bool listed = std::any_of(std::begin(kExpect), std::end(kExpect),
                                    [&](const Expect& e) { return stem == e.fixture; });
    INFO(stem);
    CHECK(listed);
  }
  CHECK(files == static_cast<int>(sizeof(kExpect) / sizeof(kExpect[0])));
}

TEST_CASE("Llama-3.1-8B: the README job's numbers", "[config]") {
  const ModelConfig c = test::parsed_config("meta-llama__Llama-3.1-8B");
  CHECK(c.model_type == "llama");
  CHECK(c.num_layers == 32);
  CHECK(c.num_heads == 32);
  CHECK(c.num_kv_heads == 8);
  CHECK(c.head_dim == 128);
  CHECK(c.attention_type == AttentionType::kGqa);
  CHECK_FALSE(c.moe.has_value());
  CHECK(c.hidden_act == "silu");
  CHECK(c.norm_type == "rmsnorm");
  CHECK(c.norm_eps == Approx(1e-5));
  CHECK(c.rope_theta == Approx(500000.0));
  CHECK(c.rope_scaling_type == "llama3");
  CHECK(c.max_position_embeddings == 131072);
  CHECK(c.torch_dtype == "bfloat16");
  CHECK(c.gated_mlp);
  CHECK_FALSE(c.attention_bias);
  CHECK_FALSE(c.multimodal);
  CHECK(c.sources.at("hidden_size") == "config:$.hidden_size");
  CHECK(c.sources.at("num_kv_heads") == "config:$.num_key_value_heads");
  CHECK(c.sources.at("head_dim") == "derived:hidden_size/num_attention_heads");
  for (const auto& L : c.layers) {
    CHECK(L.mixer == MixerKind::kFullAttention);
    CHECK(L.ffn == FfnKind::kDense);
    CHECK(L.intermediate_size == 14336);
    CHECK(L.num_kv_heads == 8);
  }
}

TEST_CASE("GPT-2 dialect: n_* keys, learned positions, LayerNorm, biases", "[config]") {
  const ModelConfig c = test::parsed_config("openai-community__gpt2-xl");
  CHECK(c.sources.at("hidden_size") == "config:$.n_embd");
  CHECK(c.sources.at("num_layers") == "config:$.n_layer");
  CHECK(c.sources.at("num_heads") == "config:$.n_head");
  CHECK(c.sources.at("max_position_embeddings") == "config:$.n_positions");
  CHECK(c.max_position_embeddings == 1024);
  CHECK(c.sources.at("intermediate_size") == "derived:4*hidden_size");  // n_inner is null
  CHECK(c.sources.at("tie_word_embeddings") == "default:GPT2Config");
  CHECK(c.hidden_act == "gelu_new");
  CHECK(c.norm_type == "layernorm");
  CHECK(c.norm_has_bias);
  CHECK(c.learned_position_embeddings);
  CHECK(c.attention_bias);
  CHECK(c.mlp_bias);
  CHECK_FALSE(c.gated_mlp);
}

TEST_CASE("Falcon dialect: multi_query, new_decoder_architecture, parallel attention, norms", "[config]") {
  const ModelConfig f7 = test::parsed_config("tiiuae__falcon-7b-instruct");
  CHECK(f7.sources.at("num_kv_heads").find("derived:multi_query") == 0);
  CHECK(f7.parallel_attention);
  CHECK(f7.norms_per_layer == 1);  // one input_layernorm (parallel_attn, old architecture)
  CHECK(f7.norm_type == "layernorm");
  CHECK_FALSE(f7.attention_bias);  // "bias": false
  CHECK_FALSE(f7.gated_mlp);
  CHECK(f7.sources.at("intermediate_size") == "derived:4*hidden_size");
  CHECK(f7.sources.at("tie_word_embeddings") == "default:FalconConfig");
  const ModelConfig f180 = test::parsed_config("tiiuae__falcon-180B-chat");
  CHECK(f180.sources.at("num_kv_heads") == "config:$.num_kv_heads");
  CHECK(f180.norms_per_layer == 2);  // ln_attn + ln_mlp
  CHECK(f180.parallel_attention);
}

TEST_CASE("Qwen2 bias on q,k,v only; Qwen3 qk-norm and explicit head_dim", "[config]") {
  const ModelConfig q2 = test::parsed_config("Qwen__Qwen2.5-7B");
  CHECK(q2.qkv_bias);
  CHECK_FALSE(q2.attention_bias);
  CHECK_FALSE(q2.qk_norm);
  // sliding_window 131072 is present but use_sliding_window is false: no sliding layers
  for (const auto& L : q2.layers) CHECK(L.mixer == MixerKind::kFullAttention);
  const ModelConfig q3 = test::parsed_config("Qwen__Qwen3-0.6B");
  CHECK(q3.qk_norm);
  CHECK_FALSE(q3.qkv_bias);
  CHECK(q3.sources.at("head_dim") == "config:$.head_dim");
  CHECK(q3.tie_word_embeddings);
}

TEST_CASE("Gemma 3 sparse text_config relies on Gemma3TextConfig defaults, with sources", "[config]") {
  const ModelConfig c = test::parsed_config("google__gemma-3-4b-it");
  CHECK(c.model_type == "gemma3");
  CHECK(c.text_model_type == "gemma3_text");
  CHECK(c.sources.at("hidden_size") == "config:$.text_config.hidden_size");
  CHECK(c.sources.at("num_heads") == "default:Gemma3TextConfig");
  CHECK(c.sources.at("num_kv_heads") == "default:Gemma3TextConfig");
  CHECK(c.sources.at("head_dim") == "default:Gemma3TextConfig");
  CHECK(c.sources.at("vocab_size") == "default:Gemma3TextConfig");
  CHECK(c.sources.at("norm_eps") == "default:Gemma3TextConfig");
  CHECK(c.sources.at("tie_word_embeddings") == "default:Gemma3TextConfig");
  CHECK(c.norm_eps == Approx(1e-6));
  CHECK(c.sliding_window == 1024);  // from the text_config, not the 4096 default
  CHECK(c.norms_per_layer == 4);
  CHECK(c.hidden_act == "gelu_pytorch_tanh");
  CHECK(c.multimodal);
  CHECK(c.vision.present);
  CHECK(c.vision.model_type == "siglip_vision_model");
  CHECK(c.vision.hidden_size == 1152);
  CHECK(c.vision.num_layers == 27);
  CHECK(c.vision.num_heads == 16);
  CHECK(c.vision.intermediate_size == 4304);
  CHECK(c.vision.patch_size == 14);
  CHECK(c.vision.image_size == 896);
}

TEST_CASE("llava: sparse text_config takes LlamaConfig defaults", "[config]") {
  const ModelConfig c = test::parsed_config("llava-hf__llava-1.5-7b-hf");
  CHECK(c.text_model_type == "llama");
  CHECK(c.sources.at("hidden_size") == "default:LlamaConfig");
  CHECK(c.sources.at("num_layers") == "default:LlamaConfig");
  CHECK(c.sources.at("intermediate_size") == "default:LlamaConfig");
  CHECK(c.sources.at("vocab_size") == "config:$.text_config.vocab_size");
  CHECK(c.sources.at("norm_eps") == "config:$.text_config.rms_norm_eps");
  CHECK(c.sources.at("tie_word_embeddings") == "config:$.tie_word_embeddings");  // root fallback
  CHECK(c.max_position_embeddings == 4096);
  CHECK(c.torch_dtype == "float16");
  CHECK(c.vision.model_type == "clip_vision_model");
  CHECK(c.vision.image_size == 336);
}

TEST_CASE("Qwen2.5-VL keeps text params at the root; Qwen3-VL nests them", "[config]") {
  const ModelConfig q25 = test::parsed_config("Qwen__Qwen2.5-VL-7B-Instruct");
  CHECK(q25.sources.at("hidden_size") == "config:$.hidden_size");
  CHECK(q25.multimodal);
  CHECK(q25.vision.hidden_size == 1280);
  CHECK(q25.vision.num_layers == 32);  // "depth"
  CHECK(q25.vision.num_heads == 16);   // "num_heads"
  CHECK(q25.rope_scaling_type == "mrope");
  const ModelConfig q3 = test::parsed_config("Qwen__Qwen3-VL-32B-Instruct");
  CHECK(q3.sources.at("hidden_size") == "config:$.text_config.hidden_size");
  CHECK(q3.sources.at("torch_dtype") == "config:$.text_config.dtype");
  CHECK(q3.torch_dtype == "bfloat16");
  CHECK(q3.vision.num_layers == 27);
}

TEST_CASE("Mixtral / Granite / gpt-oss MoE fields", "[config]") {
  const ModelConfig mx = test::parsed_config("mistralai__Mixtral-8x7B-v0.1");
  REQUIRE(mx.moe);
  CHECK(mx.moe->num_experts == 8);  // num_local_experts
  CHECK(mx.moe->experts_per_token == 2);
  CHECK(mx.moe->moe_intermediate_size == 14336);  // experts use intermediate_size
  CHECK(mx.sources.at("moe.moe_intermediate_size") == "derived:intermediate_size");
  CHECK(mx.moe->num_shared_experts == 0);
  CHECK(mx.sliding_window == 0);  // "sliding_window": null overrides MixtralConfig's default

  const ModelConfig g = test::parsed_config("ibm-granite__granite-3.1-1b-a400m-instruct");
  REQUIRE(g.moe);
  CHECK(g.moe->num_experts == 32);
  CHECK(g.moe->experts_per_token == 8);
  CHECK(g.moe->moe_intermediate_size == 512);

  const ModelConfig oss = test::parsed_config("openai__gpt-oss-20b");
  REQUIRE(oss.moe);
  CHECK(oss.moe->num_experts == 32);
  CHECK(oss.moe->experts_per_token == 4);
  CHECK(oss.moe->router_bias);
  CHECK(oss.moe->expert_bias);
  CHECK_FALSE(oss.moe->score_correction_bias);
  CHECK(oss.attention_sinks);
  CHECK(oss.attention_bias);
  CHECK(oss.sliding_window == 128);
  CHECK(oss.quantization.method == "mxfp4");
  CHECK(oss.quantization.bits == 4);
  REQUIRE(oss.quantization.modules_to_not_convert.size() == 4);
  CHECK(oss.quantization.modules_to_not_convert[3] == "lm_head");
  const ModelConfig oss120 = test::parsed_config("openai__gpt-oss-120b");
  CHECK(oss120.moe->num_experts == 128);
}

TEST_CASE("Qwen3-MoE fields", "[config]") {
  const ModelConfig c = test::parsed_config("Qwen__Qwen3-30B-A3B");
  REQUIRE(c.moe);
  CHECK(c.moe->num_experts == 128);
  CHECK(c.moe->experts_per_token == 8);
  CHECK(c.moe->moe_intermediate_size == 768);
  CHECK(c.moe->norm_topk_prob);
  CHECK(c.moe->num_shared_experts == 0);
  const ModelConfig coder = test::parsed_config("Qwen__Qwen3-Coder-480B-A35B-Instruct");
  CHECK(coder.moe->num_experts == 160);
  CHECK(coder.moe->moe_intermediate_size == 2560);
  CHECK(coder.moe->shared_expert_intermediate_size == 0);  // explicit 0: no shared expert
  CHECK(coder.moe->num_shared_experts == 0);
  const ModelConfig big = test::parsed_config("Qwen__Qwen3-235B-A22B");
  CHECK(big.moe->moe_intermediate_size == 1536);
}

TEST_CASE("Qwen3-Next: linear attention, shared expert, partial rotary", "[config]") {
  const ModelConfig c = test::parsed_config("Qwen__Qwen3-Next-80B-A3B-Thinking");
  REQUIRE(c.moe);
  CHECK(c.moe->num_experts == 512);
  CHECK(c.moe->experts_per_token == 10);
  CHECK(c.moe->moe_intermediate_size == 512);
  CHECK(c.moe->shared_expert_intermediate_size == 512);
  CHECK(c.moe->num_shared_experts == 1);
  CHECK(c.moe->shared_expert_gate);
  REQUIRE(c.linear_attention);
  CHECK(c.linear_attention->num_key_heads == 16);
  CHECK(c.linear_attention->num_value_heads == 32);
  CHECK(c.linear_attention->key_head_dim == 128);
  CHECK(c.linear_attention->value_head_dim == 128);
  CHECK(c.linear_attention->conv_kernel_dim == 4);
  CHECK(c.partial_rotary_dim == 64);  // 256 * 0.25
  CHECK(c.attention_output_gate);
}

TEST_CASE("DeepSeek-V3 / R1 / V3.2 and Kimi-K2: MLA, MoE routing, MTP, FP8", "[config]") {
  for (const char* name : {"deepseek-ai__DeepSeek-V3", "deepseek-ai__DeepSeek-R1", "deepseek-ai__DeepSeek-V3.2"}) {
    INFO(name);
    const ModelConfig c = test::parsed_config(name);
    REQUIRE(c.mla);
    CHECK(c.mla->q_lora_rank == 1536);
    CHECK(c.mla->kv_lora_rank == 512);
    CHECK(c.mla->qk_nope_head_dim == 128);
    CHECK(c.mla->qk_rope_head_dim == 64);
    CHECK(c.mla->v_head_dim == 128);
    REQUIRE(c.moe);
    CHECK(c.moe->num_experts == 256);  // n_routed_experts
    CHECK(c.moe->experts_per_token == 8);
    CHECK(c.moe->moe_intermediate_size == 2048);
    CHECK(c.moe->num_shared_experts == 1);
    CHECK(c.moe->shared_expert_intermediate_size == 2048);
    CHECK(c.moe->n_group == 8);
    CHECK(c.moe->topk_group == 4);
    CHECK(c.moe->scoring_func == "sigmoid");
    CHECK(c.moe->norm_topk_prob);
    CHECK(c.moe->router_bias);
    CHECK(c.moe->score_correction_bias);
    CHECK(c.num_mtp_layers == 1);
    CHECK(c.quantization.method == "fp8");
    CHECK(c.quantization.fmt == "e4m3");
    CHECK(c.quantization.weight_block_size == std::vector<int64_t>{128, 128});
    CHECK(c.rope_scaling_type == "yarn");
  }
  const ModelConfig v32 = test::parsed_config("deepseek-ai__DeepSeek-V3.2");
  CHECK(v32.index_n_heads == 64);
  CHECK(v32.index_head_dim == 128);
  CHECK(v32.index_topk == 2048);
  const ModelConfig kimi = test::parsed_config("moonshotai__Kimi-K2-Instruct");
  CHECK(kimi.model_type == "kimi_k2");
  CHECK(kimi.moe->num_experts == 384);
  CHECK(kimi.moe->n_group == 1);
  CHECK(kimi.moe->topk_group == 1);
  CHECK(kimi.num_mtp_layers == 0);
  CHECK(kimi.sources.at("num_mtp_layers") == "config:$.num_nextn_predict_layers");
}

TEST_CASE("Nemotron-H: Mamba2 fields and the bare Infinity", "[config]") {
  const ModelConfig c = test::parsed_config("nvidia__Nemotron-H-56B-Base-8K");
  REQUIRE(c.mamba);
  CHECK(c.mamba->num_heads == 256);
  CHECK(c.mamba->head_dim == 64);
  CHECK(c.mamba->state_size == 256);
  CHECK(c.mamba->n_groups == 8);
  CHECK(c.mamba->conv_kernel == 4);
  CHECK(c.mamba->expand == 2);
  CHECK(c.mamba->conv_bias);
  CHECK_FALSE(c.mamba->proj_bias);
  CHECK(c.hidden_act == "relu2");
  CHECK_FALSE(c.gated_mlp);
  CHECK(c.norms_per_layer == 1);
  CHECK(c.head_dim == 128);
  CHECK(c.sources.at("head_dim") == "config:$.attention_head_dim");
}

TEST_CASE("Gemma 2: sliding window, 4 norms per layer", "[config]") {
  const ModelConfig c = test::parsed_config("google__gemma-2-9b-it");
  CHECK(c.sliding_window == 4096);
  CHECK(c.norms_per_layer == 4);
  CHECK(c.tie_word_embeddings);
  CHECK(c.sources.at("tie_word_embeddings") == "default:Gemma2Config");
  CHECK(c.hidden_act == "gelu_pytorch_tanh");
}

TEST_CASE("Mistral null sliding_window disables the MistralConfig default window", "[config]") {
  const ModelConfig c = test::parsed_config("mistralai__Devstral-Small-2507");
  CHECK(c.sliding_window == 0);
  for (const auto& L : c.layers) CHECK(L.mixer == MixerKind::kFullAttention);
  CHECK(c.rope_theta == Approx(1e9));
  // Without a sliding_window key, MistralConfig's default 4096 applies to every layer.
  auto r = parse_model_config(R"({"model_type":"mistral","hidden_size":64,"num_attention_heads":4,
      "num_key_value_heads":2,"num_hidden_layers":2,"intermediate_size":128,"vocab_size":100})");
  REQUIRE(r.ok());
  CHECK(r.value().sliding_window == 4096);
  CHECK(r.value().sources.at("sliding_window") == "default:MistralConfig");
  CHECK(r.value().layers[0].mixer == MixerKind::kSlidingAttention);
  CHECK(r.value().layers[1].sliding_window == 4096);
}

TEST_CASE("Olmo 3: dtype key, qk-norm over the full projection", "[config]") {
  const ModelConfig c = test::parsed_config("allenai__Olmo-3.1-32B-Instruct");
  CHECK(c.torch_dtype == "bfloat16");
  CHECK(c.sources.at("torch_dtype") == "config:$.dtype");
  CHECK(c.qk_norm);
  CHECK(c.qk_norm_full_width);
  CHECK(c.rope_scaling_type == "yarn");
  CHECK(c.sliding_window == 4096);
}

TEST_CASE("Phi-3 and mllama details", "[config]") {
  const ModelConfig phi = test::parsed_config("microsoft__Phi-3-mini-128k-instruct");
  CHECK(phi.rope_scaling_type == "su");
  CHECK(phi.max_position_embeddings == 131072);
  const ModelConfig ml = test::parsed_config("meta-llama__Llama-3.2-90B-Vision-Instruct");
  CHECK(ml.text_model_type == "mllama_text_model");
  CHECK(ml.multimodal);
  CHECK(ml.vision.hidden_size == 1280);
  CHECK(ml.vision.num_heads == 16);  // "attention_heads"
  CHECK(ml.vision.num_layers == 32);
}

TEST_CASE("unknown families parse with a warning and generic anatomy", "[config]") {
  auto r = parse_model_config(R"({"model_type":"brand_new","hidden_size":256,"num_hidden_layers":2,
      "num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":512,"vocab_size":1000})");
  REQUIRE(r.ok());
  CHECK(r.value().num_kv_heads == 2);
  CHECK(r.value().attention_type == AttentionType::kGqa);
  REQUIRE_FALSE(r.value().warnings.empty());
  CHECK(r.value().warnings[0].find("brand_new") != std::string::npos);
  // The config has no tie_word_embeddings and an unknown class may override PretrainedConfig's True (Llama,
  // Mistral, Qwen2 say False), so the value is unknown: null with a coded warning at its path, not a guess.
  const auto& nulls = r.value().null_fields;
  CHECK(std::find(nulls.begin(), nulls.end(), "tie_word_embeddings") != nulls.end());
  bool coded = false;
  for (const auto& i : r.value().issues)
    coded = coded || (i.code == "W_MISSING_FIELD" && i.path == "$.tie_word_embeddings");
  CHECK(coded);
  CHECK(r.value().sources.count("tie_word_embeddings") == 0);
}

TEST_CASE("enum spellings are stable", "[config]") {
  CHECK(std::string(to_string(AttentionType::kMha)) == "mha");
  CHECK(std::string(to_string(AttentionType::kGqa)) == "gqa");
  CHECK(std::string(to_string(AttentionType::kMqa)) == "mqa");
  CHECK(std::string(to_string(AttentionType::kMla)) == "mla");
  CHECK(std::string(to_string(MixerKind::kFullAttention)) == "full_attention");
  CHECK(std::string(to_string(MixerKind::kSlidingAttention)) == "sliding_attention");
  CHECK(std::string(to_string(MixerKind::kChunkedAttention)) == "chunked_attention");
  CHECK(std::string(to_string(MixerKind::kLinearAttention)) == "linear_attention");
  CHECK(std::string(to_string(MixerKind::kMamba)) == "mamba");
  CHECK(std::string(to_string(MixerKind::kNone)) == "none");
  CHECK(std::string(to_string(MixerKind::kUnknown)) == "unknown");
  CHECK(std::string(to_string(FfnKind::kDense)) == "dense");
  CHECK(std::string(to_string(FfnKind::kMoe)) == "moe");
  CHECK(std::string(to_string(FfnKind::kNone)) == "none");
}
