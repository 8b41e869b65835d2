// Streaming parser for model.safetensors.index.json (and pytorch_model.bin.index.json, same shape):
//   {"metadata": {"total_size": N, "total_parameters": P, ...}, "weight_map": {"tensor": "file", ...}}
// Bytes arrive in chunks of any size, split at any byte. Memory stays bounded on a 60 MB / 500k-entry
// index: tensor names are not kept (only 64-bit hashes, to catch duplicates), and only the distinct
// shard names are. Keys may come in any order; unknown keys are skipped, whatever their values.
//
// Duplicate detection compares 64-bit hashes of the decoded names, so two different names collide
// with probability about n^2 / 2^65 (1e-8 for 500k tensors): a false "duplicate" error is possible in
// principle, a missed duplicate is not.
//
// Errors are E_BAD_INDEX with a JSON path: invalid JSON, wrong types, duplicate tensor names, shard
// names that could escape the repository ("$.weight_map['tensor']"), and caps (a string over 64 KB,
// nesting deeper than 64, more than 10,000 distinct shards). After an error every call returns it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "policy/limits.hpp"
#include "policy/shard_names.hpp"

namespace hfmi {

struct ShardIndex {
  std::vector<std::string> shards;  // unique, in first-seen order
  uint64_t tensor_count = 0;        // entries of weight_map
  std::optional<uint64_t> total_size;        // metadata.total_size
  std::optional<uint64_t> total_parameters;  // metadata.total_parameters
  bool pytorch_bin = false;         // shard names end in ".bin" (pytorch_model.bin.index.json)
};

inline constexpr size_t kMaxIndexStringBytes = limit(Limit::kIndexStringBytes);
inline constexpr int kMaxIndexDepth = static_cast<int>(limit(Limit::kIndexDepth));
inline constexpr size_t kMaxIndexShards = limit(Limit::kShardsPerModel);
// Shard names are judged by the one policy, shard_name_problem (policy/shard_names.hpp).

class ShardIndexParser {
 public:
  ShardIndexParser();
  ~ShardIndexParser();
  ShardIndexParser(const ShardIndexParser&) = delete;
  ShardIndexParser& operator=(const ShardIndexParser&) = delete;

  // Consumes the next chunk. Returns true once the whole JSON document has been read.
  Result<bool> feed(std::string_view chunk);
  // The result; E_BAD_INDEX if the document is incomplete, has no weight_map, or an earlier error.
  Result<ShardIndex> finish();
  // Bytes the parser currently holds (hashes, shard names, the partial token, the nesting stack).
  size_t retained_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hfmi
