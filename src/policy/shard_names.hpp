// The one shard-name policy: which file names from an index, a model info's siblings or a local folder
// may be requested or opened. js/core/generated/shard_names.ts carries the same rule parameters, and
// tests/fixtures/policy/shard_names.json holds the cases both languages must answer alike.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace hfmi {

struct ShardSuffix {
  const char* suffix;
  bool pytorch_bin;  // a pytorch_model*.bin shard (named by pytorch_model.bin.index.json)
};

inline constexpr ShardSuffix kShardSuffixes[] = {{".safetensors", false}, {".bin", true}};
// Besides control characters (C0, DEL, C1): URL and drive-letter tricks, Windows separators.
inline constexpr const char* kForbiddenShardChars = "\\%?#:";

// Why `name` is refused, or "" when it is a safe relative file name: not empty, not absolute, at most
// limit(kShardNameBytes) bytes and limit(kShardNameSegmentBytes) per segment, no "..", no empty or "."
// segment, no control character, none of kForbiddenShardChars, ending in one of kShardSuffixes.
std::string shard_name_problem(std::string_view name);

// True when the name ends in ".bin" (a PyTorch shard).
bool is_pytorch_bin_shard(std::string_view name);

}  // namespace hfmi
