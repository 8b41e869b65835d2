// The family table. Each row: which configs it covers, the HF block classes, the container names,
// where the norms sit, how the router works, and how per-layer variants are named. Where FlashInfer-Bench's
// models.ts already has an entry for a family, the row follows its layout (llama-3.1-8b is the reference;
// deepseek-v3 / kimi-k2 hang the decoder layers off the root; qwen3-next names its variants _GDN/_GQA with
// suffixed children; nemotron-h has one class per layer kind; llama-4 uses _Local/_Global).
#include "arch/family_template.hpp"

#include <cctype>

#include "arch/module_kinds.hpp"

namespace hfmi {
namespace {

FamilyTemplate row(std::string family, std::vector<std::string> model_types, std::vector<std::string> architectures,
                   std::string model_class, std::string layers_block, std::string decoder_layer_class) {
  FamilyTemplate t;
  t.family = std::move(family);
  t.model_types = std::move(model_types);
  t.architectures = std::move(architectures);
  t.model_class = std::move(model_class);
  t.layers_block = std::move(layers_block);
  t.decoder_layer_class = std::move(decoder_layer_class);
  return t;
}

VariantStyle variant(MixerKind mixer, std::string block, std::string suffix) {
  VariantStyle v;
  v.mixer = mixer;
  v.block = std::move(block);
  v.suffix = std::move(suffix);
  return v;
}

VariantStyle cross_variant(std::string block, std::string suffix) {
  VariantStyle v = variant(MixerKind::kFullAttention, std::move(block), std::move(suffix));
  v.cross_attention = true;
  return v;
}

VariantStyle nope_variant(MixerKind mixer, std::string block, std::string suffix) {
  VariantStyle v = variant(mixer, std::move(block), std::move(suffix));
  v.rotary = false;
  return v;
}

// Sliding-window and full-attention layers (Gemma 2/3, gpt-oss, Olmo 3).
std::vector<VariantStyle> sliding_and_full() {
  return {variant(MixerKind::kSlidingAttention, "_Sliding", "sliding"),
          variant(MixerKind::kFullAttention, "_Full", "full")};
}

std::vector<FamilyTemplate> build_rows() {
  using VN = VariantNaming;
  return {
      // ---- dense GQA / MHA, pre-norm
      row("llama", {"llama"}, {"LlamaForCausalLM"}, "LlamaModel", "layers", "LlamaDecoderLayer"),
      row("mistral", {"mistral"}, {"MistralForCausalLM"}, "MistralModel", "layers", "MistralDecoderLayer"),
      row("qwen2", {"qwen2"}, {"Qwen2ForCausalLM"}, "Qwen2Model", "layers", "Qwen2DecoderLayer"),
      row("qwen2_5_vl", {"qwen2_5_vl", "qwen2_5_vl_text"}, {"Qwen2_5_VLForConditionalGeneration"},
          "Qwen2_5_VLTextModel", "layers", "Qwen2_5_VLDecoderLayer"),
      row("qwen2_vl", {"qwen2_vl", "qwen2_vl_text"}, {"Qwen2VLForConditionalGeneration"}, "Qwen2VLTextModel",
          "layers", "Qwen2VLDecoderLayer"),
      row("qwen3", {"qwen3"}, {"Qwen3ForCausalLM"}, "Qwen3Model", "layers", "Qwen3DecoderLayer"),
      row("qwen3_vl", {"qwen3_vl_text", "qwen3_vl"}, {"Qwen3VLForConditionalGeneration"}, "Qwen3VLTextModel",
          "layers", "Qwen3VLTextDecoderLayer"),
      row("phi3", {"phi3"}, {"Phi3ForCausalLM"}, "Phi3Model", "layers", "Phi3DecoderLayer"),
      row("gemma", {"gemma"}, {"GemmaForCausalLM"}, "GemmaModel", "layers", "GemmaDecoderLayer")
          .with_norm(NormFlavour::kGemmaRms),
      row("gemma2", {"gemma2"}, {"Gemma2ForCausalLM"}, "Gemma2Model", "layers", "Gemma2DecoderLayer")
          .with_norm(NormFlavour::kGemmaRms)
          .with_norm_layout(NormLayout::kSandwich)
          .with_variants(VN::kSuffixAll, sliding_and_full()),
      row("gemma3", {"gemma3_text", "gemma3"}, {"Gemma3ForCausalLM", "Gemma3ForConditionalGeneration"},
          "Gemma3TextModel", "layers", "Gemma3DecoderLayer")
          .with_norm(NormFlavour::kGemmaRms)
          .with_norm_layout(NormLayout::kSandwich)
          .with_variants(VN::kSuffixAll, sliding_and_full()),
      row("olmo3", {"olmo3"}, {"Olmo3ForCausalLM"}, "Olmo3Model", "layers", "Olmo3DecoderLayer")
          .with_norm_layout(NormLayout::kPost)
          .with_variants(VN::kSuffixAll, sliding_and_full()),
      row("olmo2", {"olmo2"}, {"Olmo2ForCausalLM"}, "Olmo2Model", "layers", "Olmo2DecoderLayer")
          .with_norm_layout(NormLayout::kPost),
      row("gpt2", {"gpt2"}, {"GPT2LMHeadModel", "GPT2Model"}, "GPT2Model", "h", "GPT2Block").without_rotary(),
      row("falcon", {"falcon", "RefinedWeb", "RefinedWebModel"}, {"FalconForCausalLM", "RWForCausalLM"},
          "FalconModel", "h", "FalconDecoderLayer")
          .with_attn_block("self_attention")
          .with_norm_layout(NormLayout::kParallel),
      // mllama: self-attention layers plus cross-attention layers over the image tokens.
      row("mllama", {"mllama_text_model", "mllama"}, {"MllamaForCausalLM", "MllamaForConditionalGeneration"},
          "MllamaTextModel", "layers", "MllamaSelfAttentionDecoderLayer")
          .with_variants(VN::kSuffixOnCollision,
                         {variant(MixerKind::kFullAttention, "MllamaSelfAttentionDecoderLayer", "self"),
                          cross_variant("MllamaCrossAttentionDecoderLayer", "cross")}),

      // ---- MoE
      row("mixtral", {"mixtral"}, {"MixtralForCausalLM"}, "MixtralModel", "layers", "MixtralDecoderLayer")
          .with_ffn("block_sparse_moe", "")
          .with_routing(MoeRouting::kRenormalize),
      row("granitemoe", {"granitemoe"}, {"GraniteMoeForCausalLM"}, "GraniteMoeModel", "layers",
          "GraniteMoeDecoderLayer")
          .with_ffn("block_sparse_moe", "")
          .with_routing(MoeRouting::kRenormalize),
      row("qwen3_moe", {"qwen3_moe"}, {"Qwen3MoeForCausalLM"}, "Qwen3MoeModel", "layers", "Qwen3MoeDecoderLayer")
          .with_routing(MoeRouting::kSoftmaxTopk),
      row("qwen2_moe", {"qwen2_moe"}, {"Qwen2MoeForCausalLM"}, "Qwen2MoeModel", "layers", "Qwen2MoeDecoderLayer")
          .with_shared("shared_expert")
          .with_routing(MoeRouting::kSoftmaxTopk),
      row("gpt_oss", {"gpt_oss"}, {"GptOssForCausalLM"}, "GptOssModel", "layers", "GptOssDecoderLayer")
          .with_ffn("mlp", "")
          .with_routing(MoeRouting::kRenormalize)
          .with_variants(VN::kSuffixAll, sliding_and_full()),
      row("llama4", {"llama4_text", "llama4"}, {"Llama4ForCausalLM", "Llama4ForConditionalGeneration"},
          "Llama4TextModel", "", "Llama4TextDecoderLayer")
          .with_ffn("feed_forward", "moe")
          .with_shared("shared_expert")
          .with_routing(MoeRouting::kLlama4)
          .with_variants(VN::kSuffixAll, {variant(MixerKind::kChunkedAttention, "_Local", "local"),
                                          nope_variant(MixerKind::kFullAttention, "_Global", "global")}),

      // ---- MLA (+ MoE with a few dense layers first)
      row("deepseek_v3", {"deepseek_v3"}, {"DeepseekV3ForCausalLM"}, "", "", "DeepseekV3DecoderLayer")
          .with_routing(MoeRouting::kDeepSeek)
          .with_rope_style("gptj"),
      row("kimi_k2", {"kimi_k2"}, {}, "", "", "KimiK2DecoderLayer")
          .with_root("KimiK2ForCausalLM")
          .with_routing(MoeRouting::kDeepSeek)
          .with_rope_style("gptj"),
      row("deepseek_v32", {"deepseek_v32"}, {"DeepseekV32ForCausalLM"}, "", "", "DeepseekV32DecoderLayer")
          .with_routing(MoeRouting::kDeepSeek)
          .with_rope_style("gptj")
          .with_dsa(),
      row("deepseek_v2", {"deepseek_v2"}, {"DeepseekV2ForCausalLM"}, "", "", "DeepseekV2DecoderLayer")
          .with_routing(MoeRouting::kNone)
          .with_rope_style("gptj"),

      // ---- hybrids
      row("qwen3_next", {"qwen3_next"}, {"Qwen3NextForCausalLM"}, "", "layers", "Qwen3NextDecoderLayer")
          .with_shared("shared_expert")
          .with_routing(MoeRouting::kSoftmaxTopk)
          .with_variants(VN::kSuffixAll, {variant(MixerKind::kLinearAttention, "_GDN", "gdn"),
                                          variant(MixerKind::kFullAttention, "_GQA", "gqa")}),
      row("nemotron_h", {"nemotron_h"}, {"NemotronHForCausalLM"}, "", "", "NemotronHDecoderLayer")
          .with_ffn_only_norm("input_layernorm", kinds::kInputNorm)
          .without_rotary()
          .with_variants(VN::kSuffixOnCollision,
                         {variant(MixerKind::kMamba, "NemotronHMambaDecoderLayer", "mamba"),
                          variant(MixerKind::kFullAttention, "NemotronHAttentionDecoderLayer", "attn"),
                          variant(MixerKind::kNone, "NemotronHMLPDecoderLayer", "mlp")}),
      // DeciLM / Llama-Nemotron (NAS): per-layer attention (or none) and FFN width; one variant per
      // distinct (attention, KV heads, FFN width).
      row("deci", {"nemotron-nas", "deci", "deci_lm"}, {"DeciLMForCausalLM"}, "DeciLMModel", "layers",
          "DeciLMDecoderLayer")
          .with_per_layer_widths(),
  };
}

bool contains(const std::vector<std::string>& names, const std::string& value) {
  if (value.empty()) return false;
  for (const std::string& n : names) {
    if (n == value) return true;
  }
  return false;
}

// "FooBarForCausalLM" -> "FooBar"; "" when no known suffix.
std::string architecture_prefix(const std::string& architecture) {
  for (const char* suffix : {"ForCausalLM", "ForConditionalGeneration", "LMHeadModel", "Model"}) {
    const std::string s(suffix);
    if (architecture.size() > s.size() && architecture.compare(architecture.size() - s.size(), s.size(), s) == 0) {
      return architecture.substr(0, architecture.size() - s.size());
    }
  }
  return architecture;
}

}  // namespace

const std::vector<FamilyTemplate>& family_templates() {
  static const std::vector<FamilyTemplate> rows = build_rows();
  return rows;
}

const FamilyTemplate* find_family_template(const ModelConfig& config) {
  const auto& rows = family_templates();
  for (const auto& r : rows) {
    if (contains(r.model_types, config.text_model_type)) return &r;
  }
  for (const auto& r : rows) {
    if (contains(r.model_types, config.model_type)) return &r;
  }
  for (const auto& r : rows) {
    if (contains(r.architectures, config.architecture)) return &r;
  }
  return nullptr;
}

const FamilyTemplate* family_template_by_name(const std::string& family) {
  for (const auto& r : family_templates()) {
    if (r.family == family) return &r;
  }
  return nullptr;
}

FamilyTemplate generic_family_template(const ModelConfig& config) {
  std::string prefix = architecture_prefix(config.architecture);
  if (prefix.empty()) {
    // No architecture either: a CamelCase name from model_type ("foo_bar" -> "FooBar").
    bool upper = true;
    for (char ch : config.model_type.empty() ? std::string("Generic") : config.model_type) {
      if (!std::isalnum(static_cast<unsigned char>(ch))) {
        upper = true;
        continue;
      }
      prefix += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
      upper = false;
    }
  }
  FamilyTemplate t = row("generic", {}, {}, prefix + "Model", "layers", prefix + "DecoderLayer");
  if (config.architecture.empty()) t.root_class = prefix + "ForCausalLM";
  t.note = "no family template for architecture '" + config.architecture + "' (model_type '" + config.model_type +
           "'): a generic Llama-like decoder layout is assumed";
  return t;
}

}  // namespace hfmi
