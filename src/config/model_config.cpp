// Stable spellings of the ModelConfig enums (used in model_architecture.json and reports).
#include "config/model_config.hpp"

#include "registry/mixer_traits.hpp"

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

const char* to_string(MixerKind k) { return mixer_traits(k).name; }  // registry/mixer_traits.cpp

const char* to_string(FfnKind k) {
  switch (k) {
    case FfnKind::kDense: return "dense";
    case FfnKind::kMoe: return "moe";
    case FfnKind::kNone: return "none";
  }
  return "unknown";
}

}  // namespace hfmi
