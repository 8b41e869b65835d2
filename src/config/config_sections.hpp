// Decoders for the config's nested sections that are not language-model dimensions:
// quantization_config (GPTQ/AWQ/FP8/MXFP4/bitsandbytes/compressed-tensors) and vision_config.
#pragma once
#include <string>

#include "config/model_config.hpp"
#include "core/error.hpp"

namespace hfmi {

// `q` is the quantization_config object found at `path`.
Result<QuantizationConfig> decode_quantization(const Json& q, const std::string& path);

// `v` is the vision_config object found at `path`.
Result<VisionConfig> decode_vision(const Json& v, const std::string& path);

}  // namespace hfmi
