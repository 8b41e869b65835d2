// Hostile and malformed configs: every case returns E_BAD_CONFIG with the JSON path of the bad field.
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"
#include "fixtures.hpp"
#include "params/config_estimate.hpp"

using namespace hfmi;

namespace {

// A minimal valid Llama config; cases replace one key.
std::string llama_with(const std::string& key, const std::string& value_json) {
  Json j = Json::parse(R"({"architectures":["LlamaForCausalLM"],"model_type":"llama","hidden_size":4096,
      "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"intermediate_size":14336,
      "vocab_size":128256})");
  if (value_json.empty()) {
    j.erase(key);
  } else {
    j[key] = Json::parse(value_json);
  }
  return j.dump();
}

struct Hostile {
  const char* name;
  std::string bytes;
  const char* path;
};

}  // namespace

TEST_CASE("hostile configs return E_BAD_CONFIG with the offending path", "[config]") {
  const std::string deep = std::string(300, '[') + std::string(300, ']');
  const Hostile cases[] = {
      {"non-JSON bytes", "\x89PNG\r\n\x1a\n", "$"},
      {"empty input", "", "$"},
      {"truncated JSON", R"({"hidden_size": 40)", "$"},
      {"root is an array", "[1, 2, 3]", "$"},
      {"root is a string", R"("config")", "$"},
      {"root is null", "null", "$"},
      {"deep nesting", deep, "$"},
      {"hidden_size as string", llama_with("hidden_size", R"("4096")"), "$.hidden_size"},
      {"hidden_size as bool", llama_with("hidden_size", "true"), "$.hidden_size"},
      {"hidden_size fractional", llama_with("hidden_size", "4096.5"), "$.hidden_size"},
      {"hidden_size negative", llama_with("hidden_size", "-1"), "$.hidden_size"},
      {"hidden_size 1e300", llama_with("hidden_size", "1e300"), "$.hidden_size"},
      {"hidden_size huge integer", llama_with("hidden_size", "18446744073709551615"), "$.hidden_size"},
      {"hidden_size above cap", llama_with("hidden_size", "1000001"), "$.hidden_size"},
      {"hidden_size zero", llama_with("hidden_size", "0"), "$.hidden_size"},
      {"hidden_size object", llama_with("hidden_size", "{}"), "$.hidden_size"},
      {"layers above cap", llama_with("num_hidden_layers", "10001"), "$.num_hidden_layers"},
      {"layers zero", llama_with("num_hidden_layers", "0"), "$.num_hidden_layers"},
      {"zero heads", llama_with("num_attention_heads", "0"), "$.num_attention_heads"},
      {"heads as array", llama_with("num_attention_heads", "[32]"), "$.num_attention_heads"},
      {"vocab above cap", llama_with("vocab_size", "100000001"), "$.vocab_size"},
      {"vocab -1", llama_with("vocab_size", "-1"), "$.vocab_size"},
      {"kv heads not dividing heads", llama_with("num_key_value_heads", "5"), "$.num_key_value_heads"},
      {"kv heads above heads", llama_with("num_key_value_heads", "64"), "$.num_key_value_heads"},
      {"kv heads zero", llama_with("num_key_value_heads", "0"), "$.num_key_value_heads"},
      {"hidden not divisible by heads", llama_with("hidden_size", "4097"), "$.num_attention_heads"},
      {"intermediate as string", llama_with("intermediate_size", R"("big")"), "$.intermediate_size"},
      {"tie flag as string", llama_with("tie_word_embeddings", R"("yes")"), "$.tie_word_embeddings"},
      {"dtype as number", llama_with("torch_dtype", "16"), "$.torch_dtype"},
      {"rms eps as string", llama_with("rms_norm_eps", R"("1e-5")"), "$.rms_norm_eps"},
      {"rms eps beyond double", R"({"model_type":"llama","rms_norm_eps":1e999})", "$"},  // not representable
      {"rms eps Infinity", R"({"model_type":"llama","rms_norm_eps":Infinity})", "$.rms_norm_eps"},
      {"hidden_size Infinity", R"({"model_type":"llama","hidden_size":Infinity})", "$.hidden_size"},
      {"NaN hidden_size (null -> default) and -Infinity KV heads", R"({"model_type":"llama","hidden_size":NaN,
          "num_key_value_heads":-Infinity})", "$.num_key_value_heads"},
      {"model_type as number", llama_with("model_type", "7"), "$.model_type"},
      {"architectures as string", llama_with("architectures", R"("LlamaForCausalLM")"), "$.architectures"},
      {"architectures with a number", llama_with("architectures", "[1]"), "$.architectures[0]"},
      {"text_config as array", llama_with("text_config", "[]"), "$.text_config"},
      {"vision_config as string", llama_with("vision_config", R"("clip")"), "$.vision_config"},
      {"layer_types too short", llama_with("layer_types", R"(["full_attention"])"), "$.layer_types"},
      {"layer_types with a number", llama_with("layer_types", "[1]"), "$.layer_types[0]"},
      {"experts above cap", llama_with("num_local_experts", "1000001"), "$.num_local_experts"},
      {"quantization_config as list", llama_with("quantization_config", "[]"), "$.quantization_config"},
      {"quantization bits as string", llama_with("quantization_config", R"({"quant_method":"gptq","bits":"4"})"),
       "$.quantization_config.bits"},
      {"nested text_config bad hidden", R"({"model_type":"llava","text_config":{"model_type":"llama","hidden_size":-4}})",
       "$.text_config.hidden_size"},
      {"nested text_config zero heads",
       R"({"model_type":"gemma3","text_config":{"model_type":"gemma3_text","num_attention_heads":0}})",
       "$.text_config.num_attention_heads"},
      {"hybrid pattern length mismatch",
       R"({"model_type":"nemotron_h","num_hidden_layers":3,"hybrid_override_pattern":"M-"})",
       "$.hybrid_override_pattern"},
      {"block_configs length mismatch", R"({"model_type":"nemotron-nas","num_hidden_layers":2,"block_configs":[]})",
       "$.block_configs"},
      {"block_configs ffn_mult as string",
       R"({"model_type":"nemotron-nas","num_hidden_layers":1,"block_configs":[
           {"attention":{"no_op":true},"ffn":{"ffn_mult":"x"}}]})",
       "$.block_configs[0].ffn.ffn_mult"},
      {"block_configs n_heads_in_group not dividing",
       R"({"model_type":"nemotron-nas","num_hidden_layers":1,"block_configs":[
           {"attention":{"n_heads_in_group":5},"ffn":{"ffn_mult":1.0}}]})",
       "$.block_configs[0].attention.n_heads_in_group"},
      {"mlp_only_layers out of range", llama_with("mlp_only_layers", "[40]"), "$.mlp_only_layers[0]"},
      {"moe_layer_freq zero",
       R"({"model_type":"deepseek_v3","moe_layer_freq":0})", "$.moe_layer_freq"},
      {"decoder_sparse_step zero", R"({"model_type":"qwen3_moe","decoder_sparse_step":0})", "$.decoder_sparse_step"},
      {"experts_per_token above experts", R"({"model_type":"mixtral","num_experts_per_tok":9})",
       "$.num_experts_per_tok"},
      {"n_group not dividing experts", R"({"model_type":"deepseek_v3","n_group":7})", "$.n_group"},
      {"cross_attention_layers out of range",
       R"({"model_type":"mllama","text_config":{"num_hidden_layers":4,"cross_attention_layers":[4]}})",
       "$.text_config.cross_attention_layers[0]"},
      {"partial_rotary_factor above 1", R"({"model_type":"phi3","partial_rotary_factor":2.0})",
       "$.partial_rotary_factor"},
  };
  for (const Hostile& h : cases) {
    SECTION(h.name) {
      auto r = parse_model_config(h.bytes);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == "E_BAD_CONFIG");
      CHECK(r.error().path == h.path);
      CHECK_FALSE(r.error().message.empty());
    }
  }
}

TEST_CASE("missing keys with no default are warnings with a path, not refusals (issue 11)", "[config]") {
  // These three were refusals before issue 11; a missing field is now a W_MISSING_FIELD warning, the value
  // is unknown (0 in ModelConfig, null in the report) and the estimate says it is incomplete.
  const std::string unknown_base = R"({"model_type":"no_such_family","hidden_size":64,"num_hidden_layers":2,
      "num_attention_heads":4,"intermediate_size":128,"vocab_size":100})";
  for (const char* key : {"hidden_size", "vocab_size", "intermediate_size"}) {
    SECTION(key) {
      Json j = Json::parse(unknown_base);
      j.erase(key);
      auto r = parse_model_config(j.dump());
      REQUIRE(r.ok());
      bool warned = false;
      for (const auto& i : r.value().issues) {
        warned = warned || (i.code == "W_MISSING_FIELD" && i.path == std::string("$.") + key);
      }
      CHECK(warned);
      CHECK_FALSE(estimate_parameters(r.value()).complete);
    }
  }
}

TEST_CASE("HF defaults fill a config that only names its family", "[config]") {
  // LlamaConfig() defaults: 4096 hidden, 32 layers, 32 heads (KV = heads), 11008 FFN, vocab 32000.
  auto r = parse_model_config(R"({"model_type":"llama"})");
  REQUIRE(r.ok());
  CHECK(r.value().hidden_size == 4096);
  CHECK(r.value().num_layers == 32);
  CHECK(r.value().num_kv_heads == 32);
  CHECK(r.value().intermediate_size == 11008);
  CHECK(r.value().vocab_size == 32000);
  CHECK(r.value().sources.at("hidden_size") == "default:LlamaConfig");
  CHECK(r.value().sources.at("num_kv_heads") == "derived:num_attention_heads");
}

TEST_CASE("integral floats are accepted as counts; null means not set", "[config]") {
  auto r = parse_model_config(llama_with("hidden_size", "4096.0"));
  REQUIRE(r.ok());
  CHECK(r.value().hidden_size == 4096);
  auto n = parse_model_config(llama_with("num_key_value_heads", "null"));
  REQUIRE(n.ok());
  CHECK(n.value().num_kv_heads == 32);
}

TEST_CASE("inputs at the caps parse or fail cleanly, and their estimates stay consistent", "[config]") {
  // Size-at-the-cap inputs that stress the overflow paths checked by fuzz/config_parser_fuzz.cpp
  // (the fuzz runs found no crash; these pin the invariants it asserts).
  const char* inputs[] = {
      R"({"model_type":"nemotron_h","hybrid_override_pattern":"MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM","mamba_num_heads":1000000,"mamba_head_dim":100000,"ssm_state_size":100000,"n_groups":1})",
      R"({"model_type":"deepseek_v3","num_hidden_layers":10000,"n_routed_experts":1000000,"moe_intermediate_size":10000000,"hidden_size":1000000,"num_attention_heads":100000,"num_key_value_heads":100000,"num_experts_per_tok":1})",
      R"({"model_type":"gpt2","n_embd":1000000,"n_positions":1000000000000,"n_head":1,"n_layer":1})",
  };
  for (const char* in : inputs) {
    auto r = parse_model_config(in);
    if (r.ok()) {
      const ConfigEstimate e = estimate_parameters(r.value());
      CHECK(e.total >= 0);
      CHECK(e.active >= 0);
      CHECK(e.active <= e.total);
    } else {
      CHECK(r.error().code == "E_BAD_CONFIG");
    }
  }
}
