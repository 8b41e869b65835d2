#include "registry/mixer_traits.hpp"

#include <iterator>

namespace hfmi {
namespace {

constexpr MixerTraits kTraits[] = {
    {MixerKind::kFullAttention, "full_attention", true, CacheRule::kKvFullContext, "_Full", "full",
     "GroupedQueryAttentionLayer", ""},
    {MixerKind::kSlidingAttention, "sliding_attention", true, CacheRule::kKvWindow, "_Sliding", "sliding",
     "SlidingWindowAttentionLayer", ""},
    {MixerKind::kChunkedAttention, "chunked_attention", true, CacheRule::kKvChunk, "_Local", "local", "",
     "chunked_attention"},
    {MixerKind::kLinearAttention, "linear_attention", false, CacheRule::kRecurrentState, "_Linear", "linear", "",
     "gated_deltanet"},
    {MixerKind::kMamba, "mamba", false, CacheRule::kRecurrentState, "_Mamba", "mamba", "", "mamba2"},
    {MixerKind::kMamba1, "mamba1", false, CacheRule::kRecurrentState, "_Mamba", "mamba", "", "mamba1"},
    {MixerKind::kNone, "none", false, CacheRule::kNone, "_MLP", "mlp", "", ""},
    {MixerKind::kUnknown, "unknown", false, CacheRule::kUnknown, "_Unknown", "unknown", "", "unknown_mixer"},
};
static_assert(std::size(kTraits) == kMixerKindCount, "every MixerKind needs one row in kTraits");

constexpr bool traits_in_order() {
  for (size_t i = 0; i < std::size(kTraits); ++i) {
    if (static_cast<size_t>(kTraits[i].kind) != i) return false;
  }
  return true;
}
static_assert(traits_in_order(), "kTraits must list the mixer kinds in MixerKind order");

}  // namespace

const char* to_string(CacheRule r) {
  switch (r) {
    case CacheRule::kKvFullContext: return "kv_full_context";
    case CacheRule::kKvWindow: return "kv_window";
    case CacheRule::kKvChunk: return "kv_chunk";
    case CacheRule::kRecurrentState: return "recurrent_state";
    case CacheRule::kNone: return "none";
    case CacheRule::kUnknown: return "unknown";
  }
  return "unknown";
}

const MixerTraits& mixer_traits(MixerKind kind) {
  const size_t i = static_cast<size_t>(kind);
  return kTraits[i < kMixerKindCount ? i : kMixerKindCount - 1];
}

}  // namespace hfmi
