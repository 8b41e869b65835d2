// Exact accounting of one GGUF file (or the parts of one split file) from its tensor infos: parameters
// and bytes per ggml type and per component (the same component rules as safetensors, through
// gguf_tensor_hf_name), the true bits per weight, the quantization it was made with (general.file_type)
// and the real mix of types. Parameters are elements: a Q4_K tensor of 4096 x 4096 holds 16,777,216
// parameters in 16,777,216 / 256 * 144 bytes.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/model_config.hpp"
#include "core/error.hpp"
#include "gguf/gguf_header.hpp"
#include "params/tensor_accounting.hpp"

namespace hfmi {

struct GgufTypeShare {
  int64_t tensors = 0;
  int64_t parameters = 0;
  int64_t bytes = 0;
  double bits_per_weight = 0;  // of this type, from the ggml table
};

struct GgufFileAccount {
  std::string file;                 // the first part's name
  int64_t parts = 1;
  int64_t file_type = -1;           // general.file_type, -1 when absent
  std::string file_type_name;       // "Q4_K_M"; "" when absent or unknown
  std::string dominant_type;        // the ggml type holding the most parameters
  double dominant_share = 0;        // its share of the parameters, 0..1
  std::string quantization;         // file_type_name, else dominant_type
  std::map<std::string, GgufTypeShare> by_type;  // ggml type name -> share
  int64_t parameters = 0;           // every element of every tensor
  int64_t tensor_bytes = 0;         // bytes of tensor data (sum over the tensor infos)
  int64_t file_bytes = 0;           // sum over parts of data_start + data_bytes (the files' sizes)
  double bits_per_weight = 0;       // tensor_bytes * 8 / parameters
  ParamReport params;               // components, layers, active (by_dtype keyed by ggml type names)
  std::vector<TensorInfo> tensors;  // the tensor infos as TensorInfo (HF names, HF shape order, ggml type as dtype)
};

// `parts` are the headers of one file or of every part of a split file, complete, in part order.
Result<GgufFileAccount> account_gguf(const std::vector<const GgufHeader*>& parts, const ModelConfig& config);

}  // namespace hfmi
