// What consumers read from the registry instead of keeping their own tables.
// 1. The header size estimate reads a family's fused storage from the registry (FusedStorage of its row, or of its
// tensor scheme): for the families whose checkpoints fuse q/k/v (GPT-NeoX, BLOOM, MPT, phi-2's MixFormer,
// Qwen v1, Falcon), the tensor count config.json implies must be within 2% of the parameter tensors their real
// index lists (tests/fixtures/structure: weight_map entries, less GPT-NeoX's causal-mask and rotary buffers).
// 2. The perf-model config takes each mixer kind's Mantile class or gap report from the mixer-traits table: every
// row names exactly one that Mantile's tables know (or none, for a layer without a mixer).
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "emit/mantile_classes.hpp"
#include "emit/mantile_gaps.hpp"
#include "params/header_size_estimate.hpp"
#include "registry/mixer_traits.hpp"

using namespace hfmi;

namespace {

bool is_buffer(const std::string& name) {
  for (const char* suffix : {".attention.bias", ".attention.masked_bias", "inv_freq"}) {
    const std::string s = suffix;
    if (name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("header size estimate: fused-QKV families within 2% of their real index", "[structure][estimate]") {
  const std::pair<const char*, const char*> models[] = {
      {"togethercomputer__RedPajama-INCITE-7B-Base", "pytorch_model.bin.index.json"},
      {"bigscience__bloom", "model.safetensors.index.json"},
      {"mosaicml__mpt-7b", "pytorch_model.bin.index.json"},
      {"microsoft__phi-2", "pytorch_model.bin.index.json"},
      {"Qwen__Qwen-72B", "model.safetensors.index.json"},
      {"tiiuae__falcon-40b", "pytorch_model.bin.index.json"},
  };
  for (const auto& [dir, index_file] : models) {
    INFO(dir);
    const Json index = Json::parse(test::fixture(std::string("structure/") + dir + "/" + index_file));
    int64_t real = 0;
    for (const auto& [name, shard] : index["weight_map"].items()) real += is_buffer(name) ? 0 : 1;
    auto c = parse_model_config(test::fixture(std::string("structure/") + dir + "/config.json"));
    REQUIRE(c.ok());
    const HeaderSizeEstimate e = estimate_header_size(c.value());
    INFO("estimate " << e.tensors << ", index " << real);
    CHECK(e.tensors >= real * 98 / 100);
    CHECK(e.tensors <= real * 102 / 100);
  }
}

TEST_CASE("mixer traits: every kind names one Mantile class or one gap report", "[structure][registry]") {
  for (size_t i = 0; i < kMixerKindCount; ++i) {
    const MixerTraits& t = mixer_traits(static_cast<MixerKind>(i));
    INFO(t.name);
    const bool cls = mantile_class_named(t.perf_class).has_value();
    const bool gap = gap_kind_named(t.perf_gap).has_value();
    CHECK((t.perf_class[0] == 0 || cls));  // a name is one Mantile knows
    CHECK((t.perf_gap[0] == 0 || gap));
    CHECK(cls + gap == (t.kind == MixerKind::kNone ? 0 : 1));
    if (cls) CHECK(t.is_attention);  // only softmax attention has a Mantile class
  }
}
