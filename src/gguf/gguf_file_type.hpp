// general.file_type: llama.cpp's `enum llama_ftype` (include/llama.h), the quantization a file was
// made with ("Q4_K_M"), as distinct from the mix of ggml types its tensors really have.
#pragma once
#include <cstdint>
#include <string>

namespace hfmi {

// "Q4_K_M" for 15, "MOSTLY_Q4_1_SOME_F16 (removed)" for removed ids, "" for an id llama.cpp never had.
std::string gguf_file_type_name(int64_t file_type);

}  // namespace hfmi
