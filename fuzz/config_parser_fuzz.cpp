// libFuzzer target: parse_model_config on arbitrary bytes, then estimate_parameters on every accepted
// config. Any crash, sanitizer report, escaped exception or inconsistent estimate is a bug.
// Seeds: fuzz/corpus/config_parser/ (copies of tests/fixtures/hf/*.config.json).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/config_parser.hpp"
#include "params/config_estimate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto parsed = hfmi::parse_model_config(bytes);
  if (!parsed.ok()) {
    if (parsed.error().code.empty()) std::abort();  // every error carries a code
    return 0;
  }
  const hfmi::ModelConfig& cfg = parsed.value();
  if (static_cast<int64_t>(cfg.layers.size()) != cfg.num_layers) std::abort();
  const hfmi::ConfigEstimate e = hfmi::estimate_parameters(cfg);
  if (e.total < 0 || e.active < 0 || e.active > e.total || e.mtp_layers < 0) std::abort();
  return 0;
}
