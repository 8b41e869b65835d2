// A GGUF repository: the headers of its .gguf files, split parts grouped into one file
// ("<stem>-00001-of-00003.gguf" ...), each file analysed (gguf_analysis.hpp), one row per quantization.
// The memory to load one file is its tensor bytes plus the KV cache (f16) for the context length; a row
// fits a GPU when that is at most the given GPU memory.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/lenient_json.hpp"
#include "gguf/gguf_header.hpp"

namespace hfmi {

// "m-Q4_K_M-00002-of-00003.gguf" -> {"m-Q4_K_M", 2, 3}; a file that is not a split part -> {stem, 1, 1}.
struct GgufSplitName {
  std::string group;  // the file without the part suffix (with ".gguf" when not split)
  int64_t part = 1, count = 1;
  bool split = false;
};
GgufSplitName gguf_split_name(std::string_view file);

struct GgufRepoOptions {
  int64_t context_length = 0;    // 0: the model's context_length
  int64_t gpu_memory_bytes = 0;  // 0: no fits column
  std::string config_json;       // the repo's config.json, or ""
};

class GgufRepo {
 public:
  // Decodes one file's prefix. Returns {complete, header_bytes, estimated_header_bytes, ...}; an incomplete
  // header is kept only as a size hint (add the file again with more bytes).
  Result<Json> add_part(const std::string& file, std::string_view bytes, uint64_t file_size);
  // {gguf: [row per file, sorted by tensor bytes], architecture: {...}, notes: [...]}. architecture is
  // the lead file's (the most parameters; the first such group by name): its implied config, counts, and
  // "files", its parts in order, which a session reads as its tensors (ImportSession::add_gguf_header).
  Result<Json> analyze(const GgufRepoOptions& options) const;

 private:
  std::vector<GgufHeader> headers_;
};

}  // namespace hfmi
