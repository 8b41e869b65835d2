// A GGUF file's tensor infos as the session's tensor list, exactly as safetensors headers give it:
//   - names: llama.cpp's written as HF checkpoint names (gguf_tensor_hf_name), so the component, layer
//     and structure rules of safetensors apply unchanged;
//   - shape: GGUF dims reversed (ggml's dims[0] is the innermost, HF's last);
//   - dtype: the ggml type name ("Q4_K", "F32"): no storage rule knows these names, so every tensor is a
//     parameter counted 1:1 by its shape (ggml blocks carry their scales inside);
//   - bytes: [offset, offset + ggml_nbytes) of the data section, from the ggml type table's block rules;
//   - shard: the part file the tensor is in.
// The parts of a split file are given together, once each, in part order.
#pragma once
#include <vector>

#include "gguf/gguf_header.hpp"
#include "safetensors/safetensors_header.hpp"

namespace hfmi {

std::vector<TensorInfo> gguf_session_tensors(const GgufHeader& part);
std::vector<TensorInfo> gguf_session_tensors(const std::vector<const GgufHeader*>& parts);

}  // namespace hfmi
