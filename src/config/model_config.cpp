// Stable spellings of the ModelConfig enums (used in model_architecture.json and reports).
#include "config/model_config.hpp"

namespace hfmi {

const char* to_string(AttentionType t) {
  switch (t) {
    case AttentionType::kMha: return "mha";
    case AttentionType::kGqa: return "gqa";
    case AttentionType::kMqa: return "mqa";
    case AttentionType::kMla: return "mla";
  }
  return "unknown";
}

const char* to_string(MixerKind k) {
  switch (k) {
    case MixerKind::kFullAttention: return "full_attention";
    case MixerKind::kSlidingAttention: return "sliding_attention";
    case MixerKind::kChunkedAttention: return "chunked_attention";
    case MixerKind::kLinearAttention: return "linear_attention";
    case MixerKind::kMamba: return "mamba";
    case MixerKind::kNone: return "none";
    case MixerKind::kUnknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(FfnKind k) {
  switch (k) {
    case FfnKind::kDense: return "dense";
    case FfnKind::kMoe: return "moe";
    case FfnKind::kNone: return "none";
  }
  return "unknown";
}

}  // namespace hfmi
