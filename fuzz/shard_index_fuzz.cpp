// libFuzzer target: the streaming index parser. The first two bytes choose two split points, so the
// rest of the input is fed in three chunks cut at arbitrary bytes. The same input fed in one piece must
// give the same outcome (the parser may not depend on chunk boundaries).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "safetensors/shard_index.hpp"

namespace {

hfmi::Result<hfmi::ShardIndex> parse(std::string_view text, size_t a, size_t b) {
  hfmi::ShardIndexParser p;
  const std::string_view parts[3] = {text.substr(0, a), text.substr(a, b - a), text.substr(b)};
  for (std::string_view part : parts) {
    auto r = p.feed(part);
    if (!r.ok()) {
      auto again = p.feed("}");  // errors are sticky
      if (again.ok()) std::abort();
      return r.error();
    }
  }
  if (p.retained_bytes() > 64u * 1024 * 1024) std::abort();
  return p.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  size_t a = text.empty() ? 0 : data[0] % (text.size() + 1);
  size_t b = text.empty() ? 0 : data[1] % (text.size() + 1);
  if (a > b) std::swap(a, b);

  auto split = parse(text, a, b);
  auto whole = parse(text, text.size(), text.size());
  if (split.ok() != whole.ok()) std::abort();
  if (split.ok()) {
    if (split->shards != whole->shards || split->tensor_count != whole->tensor_count ||
        split->total_size != whole->total_size || split->total_parameters != whole->total_parameters) {
      std::abort();
    }
    for (const auto& s : split->shards) {
      if (!hfmi::shard_name_problem(s).empty()) std::abort();
    }
  } else if (split.error().code != whole.error().code || split.error().path != whole.error().path) {
    std::abort();
  }
  return 0;
}
