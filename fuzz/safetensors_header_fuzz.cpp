// libFuzzer target: decode_safetensors_header on arbitrary bytes. The first byte picks the file size
// mode (unknown / exact data end / random), so every validation branch is reachable. Invariants checked
// on success: tensors are contiguous from 0, inside the file when known, the accounting of the
// decoded tensors neither crashes nor overflows, and nlohmann/json (a conforming parser, the oracle
// for the hand-written reader) accepts the same JSON text with the same tensor names.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config/model_config.hpp"
#include "params/memory.hpp"
#include "params/tensor_accounting.hpp"
#include "safetensors/safetensors_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 3;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  uint64_t file_size = 0;
  if (mode == 1) {
    file_size = bytes.size();
  } else if (mode == 2) {
    file_size = bytes.size() + static_cast<uint64_t>(data[0]) * 4096;
  }
  (void)hfmi::safetensors_prefix_length(bytes);
  auto r = hfmi::decode_safetensors_header(bytes, file_size, "fuzz.safetensors");
  if (!r.ok()) {
    if (r.error().code.empty() || r.error().message.empty()) std::abort();
    return 0;
  }
  // Differential check: what the reader accepted is JSON, with the same keys.
  const auto prefix = hfmi::safetensors_prefix_length(bytes);
  if (!prefix.ok()) std::abort();
  const std::string_view text = bytes.substr(8, prefix.value() - 8);
  const nlohmann::json oracle = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (oracle.is_discarded()) std::abort();
  if (!oracle.is_object() || oracle.size() != r->tensors.size() + (oracle.contains("__metadata__") ? 1 : 0)) std::abort();
  for (const hfmi::TensorInfo& t : r->tensors)
    if (!oracle.contains(t.name)) std::abort();

  uint64_t expected = 0;
  for (const hfmi::TensorInfo& t : r->tensors) {
    if (t.begin != expected || t.end < t.begin) std::abort();
    expected = t.end;
  }
  if (file_size != 0 && r->data_end > file_size) std::abort();

  hfmi::ModelConfig config;
  config.num_layers = 2;
  const hfmi::ParamReport report = hfmi::account_parameters(r->tensors, config);
  if (report.total < 0 || report.buffers < 0 || report.quant_aux_elements < 0) std::abort();
  (void)hfmi::memory_report(report, config);
  return 0;
}
