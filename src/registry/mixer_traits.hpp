// The mixer-traits table: one row per MixerKind (config/model_config.hpp) with everything a consumer needs to
// know about a kind of token mixer, so no consumer re-derives it: its name, whether it is softmax attention,
// what it keeps per sequence (KV cache over the context, over a window or chunk, a fixed recurrent state, or
// nothing), how a decoder-layer variant with it is named, and its perf-model (Mantile) class.
#pragma once
#include "config/model_config.hpp"

namespace hfmi {

// What one layer of this mixer keeps per sequence while decoding.
enum class CacheRule : uint8_t {
  kKvFullContext,  // K and V for every past token
  kKvWindow,       // K and V for the last sliding_window tokens
  kKvChunk,        // K and V for the current attention chunk (Llama 4 local)
  kRecurrentState, // a fixed-size state (Mamba SSM + conv state, Gated DeltaNet state)
  kNone,           // nothing (no mixer)
  kUnknown,        // a kind the tables do not break down
};
const char* to_string(CacheRule r);

struct MixerTraits {
  MixerKind kind;
  const char* name;            // == to_string(kind)
  bool is_attention;           // softmax attention over K/V (full, sliding, chunked)
  CacheRule cache;
  const char* variant_block;   // default suffix of the decoder-layer class for a variant of this kind
  const char* variant_suffix;  // default module-name suffix
  const char* perf_class;      // Mantile layer class (emit/mantile_classes.hpp; "" = none: a gap report is
                               // written); an MHA layer takes AttentionLayer, an MLA one the mla_attention gap
  const char* perf_gap;        // the Mantile gap report (emit/mantile_gaps.hpp slug) when no class fits; "" = none
};

inline constexpr size_t kMixerKindCount = static_cast<size_t>(MixerKind::kUnknown) + 1;

const MixerTraits& mixer_traits(MixerKind kind);
inline bool is_attention(MixerKind kind) { return mixer_traits(kind).is_attention; }

}  // namespace hfmi
