// KV cache and weight memory. Expected numbers are worked out by hand in the comments, from the
// fixture configs' dimensions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "config/config_parser.hpp"
#include "fixtures.hpp"
#include "params/memory.hpp"

using namespace hfmi;

namespace {
ModelConfig config_of(const std::string& org_name) {
  auto c = parse_model_config(test::hf_config(org_name));
  REQUIRE(c.ok());
  return c.value();
}
}  // namespace

TEST_CASE("kv cache: Llama-3.1-8B GQA, 2*8*128*32*2 bytes per token", "[memory]") {
  const KvCacheReport r = kv_cache(config_of("meta-llama__Llama-3.1-8B"), 8192);
  CHECK(r.bytes_per_token == 131072);
  CHECK(r.bytes_per_token_full_attention == 131072);
  CHECK(r.context_bytes == 131072LL * 8192);  // 1 GiB
  CHECK(r.state_bytes == 0);
  CHECK(r.total_bytes == 1073741824);
  CHECK(r.full_attention_layers == 32);
  CHECK(r.windowed_layers == 0);
  // fp8 cache: half.
  CHECK(kv_cache(config_of("meta-llama__Llama-3.1-8B"), 8192, 1).bytes_per_token == 65536);
}

TEST_CASE("kv cache: DeepSeek-V3 MLA, (512+64)*61*2 bytes per token", "[memory]") {
  const KvCacheReport r = kv_cache(config_of("deepseek-ai__DeepSeek-V3"), 4096);
  CHECK(r.bytes_per_token == 70272);
  CHECK(r.context_bytes == 70272LL * 4096);
  CHECK(r.full_attention_layers == 61);
}

TEST_CASE("kv cache: falcon-7b MQA, 2*1*64*32*2 bytes per token", "[memory]") {
  CHECK(kv_cache(config_of("tiiuae__falcon-7b-instruct"), 2048).bytes_per_token == 8192);
}

TEST_CASE("kv cache: gpt-oss-20b sliding layers capped at 128 tokens", "[memory]") {
  const ModelConfig c = config_of("openai__gpt-oss-20b");
  // 24 layers alternating sliding (window 128) / full; 8 KV heads x 64 dims x 2 (K,V) x 2 bytes = 2048 per layer.
  const KvCacheReport r = kv_cache(c, 8192);
  CHECK(r.bytes_per_token == 24 * 2048);
  CHECK(r.bytes_per_token_full_attention == 12 * 2048);
  CHECK(r.context_bytes == 12LL * 2048 * 8192 + 12LL * 2048 * 128);  // 204,472,320
  CHECK(r.windowed_layers == 12);
  CHECK(r.full_attention_layers == 12);
  // Shorter than the window: every layer stores every token.
  CHECK(kv_cache(c, 100).context_bytes == 24LL * 2048 * 100);
  CHECK(kv_cache(c, 0).context_bytes == 0);
}

TEST_CASE("kv cache: gemma-2-9b alternates 4096-token sliding and global layers", "[memory]") {
  // 42 layers, 8 KV heads x 256 dims: 2*8*256*2 = 8192 bytes per layer per token.
  const KvCacheReport r = kv_cache(config_of("google__gemma-2-9b-it"), 8192);
  CHECK(r.bytes_per_token == 42 * 8192);
  CHECK(r.context_bytes == 21LL * 8192 * 8192 + 21LL * 8192 * 4096);
}

TEST_CASE("kv cache: Qwen3-Next linear-attention state is constant, attention layers per token", "[memory]") {
  const ModelConfig c = config_of("Qwen__Qwen3-Next-80B-A3B-Thinking");
  const KvCacheReport r = kv_cache(c, 1000);
  // 12 full-attention layers: 2 KV heads x 256 dims x 2 x 2 bytes = 2048 per layer.
  CHECK(r.full_attention_layers == 12);
  CHECK(r.bytes_per_token == 12 * 2048);
  // 36 Gated DeltaNet layers: conv (4-1)*(2*16*128 + 32*128) = 24576, recurrent 32*128*128 = 524288.
  CHECK(r.state_layers == 36);
  CHECK(r.state_bytes == 36LL * (24576 + 524288) * 2);
  CHECK(r.total_bytes == 12LL * 2048 * 1000 + r.state_bytes);
  // The state does not grow with the context.
  CHECK(kv_cache(c, 2000).state_bytes == r.state_bytes);
}

TEST_CASE("kv cache: Nemotron-H Mamba2 state, MLP-only layers contribute nothing", "[memory]") {
  const std::string raw = test::hf_config("nvidia__Nemotron-H-56B-Base-8K");
  const ModelConfig c = config_of("nvidia__Nemotron-H-56B-Base-8K");
  // Count the layer kinds from the pattern string itself.
  const auto j = parse_lenient_json(raw, "E");
  REQUIRE(j.ok());
  const std::string pattern = j.value()["hybrid_override_pattern"].get<std::string>();
  const int64_t mamba = std::count(pattern.begin(), pattern.end(), 'M');
  const int64_t attention = std::count(pattern.begin(), pattern.end(), '*');
  const int64_t mlp = std::count(pattern.begin(), pattern.end(), '-');
  const KvCacheReport r = kv_cache(c, 8192);
  CHECK(r.state_layers == mamba);
  CHECK(r.full_attention_layers == attention);
  CHECK(r.no_cache_layers == mlp);
  // Attention: 8 KV heads x 128 x 2 x 2 bytes = 4096 per layer per token.
  CHECK(r.bytes_per_token == attention * 4096);
  // Mamba2: inner 256*64 = 16384; conv (4-1)*(16384 + 2*8*256) = 61440; ssm 256*64*256 = 4194304.
  CHECK(r.state_bytes == mamba * (61440 + 4194304) * 2);
}

TEST_CASE("kv cache: no layer list, cross-attention layers, absurd sizes do not overflow", "[memory]") {
  ModelConfig c;
  c.num_layers = 4;
  c.num_heads = 8;
  c.num_kv_heads = 0;  // MHA by default
  c.hidden_size = 512;
  const KvCacheReport r = kv_cache(c, 10);
  CHECK(r.bytes_per_token == 4 * 2 * 8 * 64 * 2);
  CHECK_FALSE(r.notes.empty());

  c.layers.assign(4, LayerSpec{});
  c.layers[1].cross_attention = true;
  c.layers[2].num_kv_heads = 2;  // per-layer KV heads (DeciLM)
  const KvCacheReport x = kv_cache(c, 10);
  CHECK(x.no_cache_layers == 1);
  CHECK(x.bytes_per_token == 2 * (2 * 8 * 64 * 2) + 2 * 2 * 64 * 2);

  ModelConfig huge;
  huge.num_layers = 1;
  huge.num_heads = 1;
  huge.head_dim = int64_t{1} << 40;
  huge.num_kv_heads = 1;
  const KvCacheReport h = kv_cache(huge, int64_t{1} << 40);
  CHECK(h.context_bytes == INT64_MAX);
  bool noted = false;
  for (const auto& n : h.notes) noted = noted || n.find("overflow") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("memory report: stored bytes, standard precisions, largest decoder layer", "[memory]") {
  ParamReport p;
  p.total = 1001;
  p.stored_bytes = 5000;
  p.stored_bytes_by_dtype = {{"BF16", 4000}, {"F32", 1000}};
  p.by_layer = {{0, 10}, {1, 30}, {2, 1000}};              // layer 2 is an MTP layer
  p.stored_bytes_by_layer = {{0, 500}, {1, 60}, {2, 4000}};
  p.buffers = 7;
  ModelConfig c;
  c.num_layers = 2;
  const MemoryReport m = memory_report(p, c);
  CHECK(m.weight_bytes_stored == 5000);
  CHECK(m.stored_bytes_by_dtype.at("F32") == 1000);
  CHECK(m.fp32_bytes == 4004);
  CHECK(m.bf16_bytes == 2002);
  CHECK(m.fp8_bytes == 1001);
  CHECK(m.int4_bytes == 501);
  CHECK(m.largest_layer_by_params == 1);
  CHECK(m.largest_layer_params == 30);
  CHECK(m.largest_layer_by_bytes == 0);
  CHECK(m.largest_layer_bytes == 500);
  CHECK_FALSE(m.notes.empty());

  const MemoryReport empty = memory_report(ParamReport{}, ModelConfig{});
  CHECK(empty.largest_layer_by_params == -1);
  CHECK(empty.fp32_bytes == 0);
}
