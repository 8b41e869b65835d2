#include "params/gguf_tensors.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "gguf/gguf_tensor_names.hpp"

namespace hfmi {

namespace {

// Gemma 2/3 and other "sandwich norm" blocks have both post_attention_norm (HF post_attention_layernorm)
// and ffn_norm, which is then HF's pre_feedforward_layernorm (elsewhere ffn_norm is post_attention_layernorm).
bool has_sandwich_norms(const GgufHeader& part) {
  for (const GgufTensorInfo& t : part.tensors)
    if (t.name.find(".post_attention_norm.") != std::string::npos) return true;
  return false;
}

std::string hf_name(const std::string& gguf, bool sandwich) {
  constexpr std::string_view kFfnNorm = ".ffn_norm.";
  const size_t at = gguf.find(kFfnNorm);
  const size_t layer_end = gguf.rfind("blk.", 0) == 0 ? gguf.find('.', 4) : std::string::npos;
  if (!sandwich || at == std::string::npos || at != layer_end) return gguf_tensor_hf_name(gguf);
  return "model.layers." + gguf.substr(4, layer_end - 4) + ".pre_feedforward_layernorm" + gguf.substr(at + kFfnNorm.size() - 1);
}

}  // namespace

std::vector<TensorInfo> gguf_session_tensors(const GgufHeader& part) {
  std::vector<TensorInfo> out;
  out.reserve(part.tensors.size());
  const bool sandwich = has_sandwich_norms(part);
  for (const GgufTensorInfo& t : part.tensors) {
    TensorInfo ti;
    ti.name = hf_name(t.name, sandwich);
    ti.dtype = t.type->name;
    // The decoder bounds the dims' product by 2^53 (gguf_limits.hpp); a dim beside a zero one is not
    // bounded, so it is clamped to stay a non-negative int64.
    for (auto d = t.dims.rbegin(); d != t.dims.rend(); ++d)
      ti.shape.push_back(static_cast<int64_t>(std::min<uint64_t>(*d, INT64_MAX)));
    ti.begin = t.offset;
    ti.end = t.offset + t.bytes;
    ti.shard = part.file;
    out.push_back(std::move(ti));
  }
  return out;
}

std::vector<TensorInfo> gguf_session_tensors(const std::vector<const GgufHeader*>& parts) {
  std::vector<TensorInfo> out;
  for (const GgufHeader* h : parts) {
    std::vector<TensorInfo> part = gguf_session_tensors(*h);
    out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return out;
}

}  // namespace hfmi
