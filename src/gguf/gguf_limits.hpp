// The GGUF decoder's limits, each with its reason. Checked before anything is allocated.
#pragma once
#include <cstdint>

namespace hfmi {

// GGUF versions read: 2 (64-bit counts, 2023-08) and 3 (adds big-endian files). Version 1 used 32-bit
// counts and lengths and is refused, as by current ggml.
inline constexpr uint32_t kGgufMinVersion = 2;
inline constexpr uint32_t kGgufMaxVersion = 3;
// Header bytes: real headers with a 256K vocabulary and merges stay under 30 MB.
inline constexpr uint64_t kMaxGgufHeaderBytes = 256ull << 20;
// One string (a key, a chat template, a token): the longest real chat templates are ~60 KB.
inline constexpr uint64_t kMaxGgufStringLength = 16ull << 20;
// Keys are short dotted names ("llama.attention.head_count_kv").
inline constexpr uint64_t kMaxGgufKeyLength = 1024;
// One array's elements: vocabularies reach 262,144 tokens and merge lists ~1M.
inline constexpr uint64_t kMaxGgufArrayLength = 1ull << 24;
// Arrays nested inside arrays (the format allows it; real files use depth 1).
inline constexpr int kMaxGgufArrayDepth = 4;
// Arrays up to this length are materialised (per-layer hparams); longer ones are walked and counted.
inline constexpr uint64_t kMaxInlineArrayLength = 1024;
// Key/values and tensors: DeepSeek-V3 has 1,025 tensors, split parts fewer.
inline constexpr uint64_t kMaxGgufKvCount = 1ull << 16;
inline constexpr uint64_t kMaxGgufTensorCount = 1ull << 20;
// GGML_MAX_DIMS, and GGML_MAX_NAME (a tensor name must be shorter).
inline constexpr uint32_t kMaxGgufDims = 4;
inline constexpr uint64_t kMaxGgufTensorName = 64;
// Element counts above 2^53 are refused (exact in a JavaScript number, far from int64 overflow).
inline constexpr uint64_t kMaxGgufElements = uint64_t{1} << 53;
// general.alignment: a power of two, at most 1 MiB.
inline constexpr uint64_t kMaxGgufAlignment = 1ull << 20;

}  // namespace hfmi
