// Every size cap of the project, in one table: each body read from the network, each local file, and
// the largest model supported. Past a cap the answer is E_TOO_LARGE (or the decoder's coded error),
// never an out-of-memory. js/core/generated/limits.ts is generated from this table.
#pragma once
#include <cstddef>
#include <cstdint>

#include "policy/table_checks.hpp"

namespace hfmi {

enum class Limit {
  kConfigBytes,
  kModelInfoBytes,
  kIndexBytes,
  kDefinitionsBytes,
  kHeaderBytes,
  kUserFileBytes,
  kTensorsPerModel,
  kShardsPerModel,
  kShardNameBytes,
  kShardNameSegmentBytes,
  kIndexStringBytes,
  kIndexDepth,
  kCount,
};

struct LimitRow {
  Limit id;
  const char* name;    // camelCase key in the generated TypeScript
  uint64_t value;
  const char* unit;    // "bytes", "tensors", "shards", "levels"
  const char* reason;  // why this value
};

inline constexpr LimitRow kLimits[] = {
    {Limit::kConfigBytes, "configBytes", 16ull << 20, "bytes",
     "config.json (the largest real one, a VLM with a nested text/vision config, is under 100 KB)"},
    {Limit::kModelInfoBytes, "modelInfoBytes", 64ull << 20, "bytes",
     "api/models/{id}: the siblings list of a repo with tens of thousands of files"},
    {Limit::kIndexBytes, "indexBytes", 512ull << 20, "bytes",
     "model.safetensors.index.json, streamed (memory stays bounded); the largest real one is ~60 MB"},
    {Limit::kDefinitionsBytes, "definitionsBytes", 64ull << 20, "bytes",
     "--definitions FILE|URL (the bundled flashinfer-trace snapshot is under 1 MB)"},
    {Limit::kHeaderBytes, "headerBytes", 25'000'000, "bytes",
     "one safetensors header (HF's JS uses 25 MB; safetensors' own cap is 100 MB)"},
    {Limit::kUserFileBytes, "userFileBytes", 64ull << 20, "bytes",
     "a user's file we update or read whole (models.ts, models.json, --batch list)"},
    {Limit::kTensorsPerModel, "tensorsPerModel", 1'000'000, "tensors",
     "largest model supported: DeepSeek-V3 (163 shards) has 91,991 tensors; about 10x headroom, far below the WASM heap limit"},
    {Limit::kShardsPerModel, "shardsPerModel", 10'000, "shards",
     "largest model supported, in shard files (DeepSeek-V3 has 163); also the index parser's cap on distinct shards"},
    {Limit::kShardNameBytes, "shardNameBytes", 1024, "bytes", "a shard file's relative path"},
    {Limit::kShardNameSegmentBytes, "shardNameSegmentBytes", 255, "bytes",
     "one path segment of a shard name (NAME_MAX on every common file system)"},
    {Limit::kIndexStringBytes, "indexStringBytes", 64 * 1024, "bytes", "one string in the shard index"},
    {Limit::kIndexDepth, "indexDepth", 64, "levels", "JSON nesting in the shard index"},
};
static_assert(sizeof(kLimits) / sizeof(kLimits[0]) == static_cast<size_t>(Limit::kCount) && rows_follow_enum(kLimits),
              "kLimits needs one row per Limit, in enum order");

constexpr uint64_t limit(Limit l) { return kLimits[static_cast<size_t>(l)].value; }

}  // namespace hfmi
