// The header size estimate against the real index files: the tensor count config.json implies must be
// close to the number of tensors the published index lists (weight_map entries), for every family
// with a real index in tests/fixtures/hf.
#include <catch2/catch.hpp>

#include <string>

#include "config_fixtures.hpp"
#include "params/header_size_estimate.hpp"

using namespace hfmi;
using namespace hfmi::test;

TEST_CASE("header size estimate: tensor counts within 2% of the real indexes", "[estimate]") {
  for (const char* model : {"alpindale__WizardLM-2-8x22B", "google__gemma-2-9b-it", "google__gemma-2b-it",
                            "google__medgemma-27b-it", "llava-hf__llava-1.5-7b-hf", "microsoft__Phi-3-mini-128k-instruct",
                            "mistralai__Devstral-Small-2507", "tiiuae__falcon-180B-chat"}) {
    const Json index = Json::parse(fixture(std::string("hf/") + model + ".safetensors.index.json"));
    const auto real = static_cast<int64_t>(index["weight_map"].size());
    const HeaderSizeEstimate e = estimate_header_size(parsed_config(model));
    INFO(model << ": estimate " << e.tensors << ", index " << real);
    CHECK(e.tensors >= real * 98 / 100);
    CHECK(e.tensors <= real * 102 / 100);
    CHECK(e.bytes == e.tensors * kHeaderBytesPerTensor + 64);
  }
}

TEST_CASE("header size estimate: MoE experts and FP8 scales count; fused experts do not multiply", "[estimate]") {
  // DeepSeek-V3: 61 layers (3 dense, 58 with 256 routed experts + 1 shared), 1 MTP layer, FP8 with a
  // weight_scale_inv beside every linear weight: the fixture repo's tensors.json lists 91,991 tensors
  // (its byte totals are checked against the published counts: tests/fixtures/repos/README.md).
  const HeaderSizeEstimate ds = estimate_header_size(parsed_config("deepseek-ai__DeepSeek-V3"));
  CHECK(ds.tensors >= 91'991 * 98 / 100);
  CHECK(ds.tensors <= 91'991 * 102 / 100);
  // gpt-oss stores each layer's experts fused (gate_up_proj_blocks, ...): hundreds of tensors, not thousands.
  const HeaderSizeEstimate oss = estimate_header_size(parsed_config("openai__gpt-oss-20b"));
  CHECK(oss.tensors < 1'000);
  // A dense model without quantization: Llama-3.1-8B's 291 tensors (32 layers x 9, embed, norm, lm_head).
  CHECK(estimate_header_size(parsed_config("meta-llama__Llama-3.1-8B")).tensors == 32 * 9 + 3);
}

TEST_CASE("header size estimate: an empty config gives a small positive estimate", "[estimate]") {
  const HeaderSizeEstimate e = estimate_header_size(ModelConfig{});
  CHECK(e.tensors > 0);
  CHECK(e.bytes > 0);
}
