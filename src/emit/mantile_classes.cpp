#include "emit/mantile_classes.hpp"

namespace hfmi {
namespace {

constexpr std::array<MantileClassRow, static_cast<size_t>(MantileClass::kCount)> kClasses = {{
    {MantileClass::kAttention, "AttentionLayer", {{{"hidden_size", nullptr}, {"num_heads", nullptr}, {"head_dim", nullptr}}}, true},
    {MantileClass::kGroupedQueryAttention, "GroupedQueryAttentionLayer",
     {{{"hidden_size", nullptr}, {"num_heads", nullptr}, {"num_kv_heads", nullptr}, {"head_dim", nullptr}}}, true},
    {MantileClass::kSlidingWindowAttention, "SlidingWindowAttentionLayer",
     {{{"hidden_size", nullptr}, {"num_query_heads", nullptr}, {"num_kv_heads", nullptr}, {"head_dim", nullptr},
       {"sliding_window", nullptr}, {"num_sinks", "0"}, {"has_bias", "false"}}}, true},
    {MantileClass::kMlp, "MLPLayer", {{{"hidden_size", nullptr}, {"intermediate_size", nullptr}, {"num_projections", "2"}}}, true},
    {MantileClass::kGatedMlp, "GatedMLPLayer", {{{"hidden_size", nullptr}, {"intermediate_size", nullptr}}}, true},
    {MantileClass::kMoe, "MoELayer",
     {{{"hidden_size", nullptr}, {"intermediate_size", nullptr}, {"num_experts", nullptr}, {"top_k", nullptr},
       {"num_shared_experts", "0"}, {"num_projections", "2"}, {"has_bias", "false"}}}, true},
    {MantileClass::kNorm, "NormLayer", {{{"hidden_size", nullptr}, {"has_bias", "false"}}}, true},
    {MantileClass::kEmbedding, "EmbeddingLayer", {{{"vocab_size", nullptr}, {"hidden_size", nullptr}}}, false},
}};

constexpr bool rows_in_enum_order() {
  for (size_t i = 0; i < kClasses.size(); ++i)
    if (static_cast<size_t>(kClasses[i].cls) != i) return false;
  return true;
}
static_assert(rows_in_enum_order(), "kClasses must have one row per MantileClass, in enum order");

}  // namespace

const MantileClassRow& mantile_class(MantileClass c) { return kClasses[static_cast<size_t>(c)]; }

std::optional<MantileClass> mantile_class_named(std::string_view name) {
  for (const MantileClassRow& r : kClasses)
    if (name == r.name) return r.cls;
  return std::nullopt;
}

}  // namespace hfmi
