// The layout column of the family registry: how a model family's module tree is laid out (block classes, container
// names, norm placement, routing, names of per-layer variants). The rows live in registry/family_table.cpp;
// build_module_tree() (module_tree_builder.hpp) reads them, and naming/ reads the routing and norm flavour.
#pragma once
#include <string>
#include <vector>

#include "config/model_config.hpp"

namespace hfmi {

// Which fused-MoE Definition family fits the router (naming/ turns it into names).
enum class MoeRouting {
  kNone,         // no dataset family fits (e.g. DeepSeek-V2 group-limited greedy, Qwen2-MoE without renorm)
  kDeepSeek,     // sigmoid + grouped top-k with correction bias: moe_fp8_block_scale_ds_routing_*
  kRenormalize,  // top-k then softmax over the chosen (Mixtral, Granite-MoE, gpt-oss): *_renorm_*
  kSoftmaxTopk,  // softmax then top-k; the same as renormalize only when norm_topk_prob (Qwen-MoE family)
  kLlama4,       // sigmoid top-1 (Llama 4): trtllm_*_moe_*
};

// RMSNorm flavour: Gemma scales by (1 + weight), a different kernel (gemma_rmsnorm). LayerNorm models
// are told apart by ModelConfig::norm_type.
enum class NormFlavour { kRms, kGemmaRms };

// Where the norms of a decoder layer sit.
enum class NormLayout {
  kPre,       // input_layernorm, mixer, post_attention_layernorm, ffn (Llama)
  kSandwich,  // input_layernorm, mixer, post_attention_layernorm, pre_feedforward_layernorm, ffn,
              // post_feedforward_layernorm (Gemma 2/3)
  kPost,      // mixer, post_attention_layernorm, ffn, post_feedforward_layernorm (Olmo 2/3)
  kParallel,  // norm(s), then mixer and ffn side by side (Falcon, GPT-J); ln_attn + ln_mlp when 2 norms
};

// How module names inside sibling decoder-layer variants are kept unique (models.ts keys are unique).
enum class VariantNaming {
  kSuffixAll,          // every module inside a variant gets `_<suffix>` (qwen3-next, llama-4 entries)
  kSuffixOnCollision,  // only names that occur in more than one variant get it (nemotron-h entry)
};

// The name of one kind of decoder layer when a model has several.
struct VariantStyle {
  MixerKind mixer = MixerKind::kFullAttention;
  bool cross_attention = false;
  std::string block;   // "_GDN" is appended to the decoder-layer class; a name without a leading '_' replaces it
  std::string suffix;  // module-name suffix, without the '_' ("gdn")
  bool rotary = true;  // false: this variant has no position encoding (Llama 4 global layers are NoPE)
};

// Which decoder-layer variant names a family uses (expanded to VariantStyle lists by family_templates.cpp;
// a switch without default, so a new set must be named there).
enum class VariantSet {
  kNone,          // one layer kind, or default names (_Full, _Sliding, _Mamba, ...)
  kSlidingFull,   // _Sliding / _Full (Gemma 2/3, gpt-oss, Olmo 3)
  kMllama,        // MllamaSelfAttentionDecoderLayer / MllamaCrossAttentionDecoderLayer
  kLlama4,        // _Local (chunked) / _Global (NoPE)
  kGdnGqa,        // _GDN / _GQA (Qwen3-Next)
  kNemotronH,     // one class per layer kind (Mamba, Attention, MLP)
};

// The layout column of a registry row: a literal (constexpr) form of FamilyTemplate, so the whole family
// table is checked at compile time. family_templates() expands each row into a FamilyTemplate.
struct LayoutRow {
  const char* root_class = "";            // "" = config.architecture
  const char* model_class = "";           // inner model block; "" = none
  const char* layers_block = "layers";
  const char* decoder_layer_class = "";
  const char* attn_block = "self_attn";
  const char* ffn_block = "mlp";
  const char* moe_block = "moe";
  const char* shared_block = "shared_experts";
  MoeRouting routing = MoeRouting::kNone;
  NormFlavour norm = NormFlavour::kRms;
  NormLayout norm_layout = NormLayout::kPre;
  const char* ffn_only_norm = "post_attention_layernorm";
  const char* ffn_only_norm_kind = "residual_norm";
  bool rotary = true;
  const char* rope_style = "neox";
  VariantNaming variant_naming = VariantNaming::kSuffixAll;
  VariantSet variants = VariantSet::kNone;
  bool per_layer_widths = false;
  bool dsa = false;

  constexpr LayoutRow with_root(const char* v) const { LayoutRow r = *this; r.root_class = v; return r; }
  constexpr LayoutRow with_attn_block(const char* v) const { LayoutRow r = *this; r.attn_block = v; return r; }
  constexpr LayoutRow with_ffn(const char* ffn, const char* moe) const {
    LayoutRow r = *this; r.ffn_block = ffn; r.moe_block = moe; return r;
  }
  constexpr LayoutRow with_shared(const char* v) const { LayoutRow r = *this; r.shared_block = v; return r; }
  constexpr LayoutRow with_routing(MoeRouting v) const { LayoutRow r = *this; r.routing = v; return r; }
  constexpr LayoutRow with_norm(NormFlavour v) const { LayoutRow r = *this; r.norm = v; return r; }
  constexpr LayoutRow with_norm_layout(NormLayout v) const { LayoutRow r = *this; r.norm_layout = v; return r; }
  constexpr LayoutRow with_ffn_only_norm(const char* name, const char* kind) const {
    LayoutRow r = *this; r.ffn_only_norm = name; r.ffn_only_norm_kind = kind; return r;
  }
  constexpr LayoutRow without_rotary() const { LayoutRow r = *this; r.rotary = false; return r; }
  constexpr LayoutRow with_rope_style(const char* v) const { LayoutRow r = *this; r.rope_style = v; return r; }
  constexpr LayoutRow with_variants(VariantNaming naming, VariantSet v) const {
    LayoutRow r = *this; r.variant_naming = naming; r.variants = v; return r;
  }
  constexpr LayoutRow with_per_layer_widths() const { LayoutRow r = *this; r.per_layer_widths = true; return r; }
  constexpr LayoutRow with_dsa() const { LayoutRow r = *this; r.dsa = true; return r; }
};

// A layout row: inner model block, decoder-layer container, decoder-layer class.
constexpr LayoutRow layout(const char* model_class, const char* layers_block, const char* decoder_layer_class) {
  LayoutRow r;
  r.model_class = model_class;
  r.layers_block = layers_block;
  r.decoder_layer_class = decoder_layer_class;
  return r;
}

struct FamilyTemplate {
  std::string family;                     // ModuleTree::family
  std::vector<std::string> model_types;   // text model_type values of the family (then the root model_type)
  std::vector<std::string> architectures; // architectures[0] values, matched when no model_type matches
  std::string root_class;                 // "" = config.architecture; set only where the dataset renames it
  std::string model_class;                // inner model block ("LlamaModel"); "" = none (DeepSeek entry layout)
  std::string layers_block;               // "layers" | "h" | "" (decoder layers hang off the model block)
  std::string decoder_layer_class;        // "LlamaDecoderLayer"
  std::string attn_block = "self_attn";
  std::string cross_attn_block = "cross_attn";
  std::string ffn_block = "mlp";
  std::string moe_block = "moe";          // routed experts' block inside ffn_block; "" = directly in ffn_block
  std::string shared_block = "shared_experts";
  MoeRouting routing = MoeRouting::kNone;
  NormFlavour norm = NormFlavour::kRms;
  NormLayout norm_layout = NormLayout::kPre;
  std::string ffn_only_norm = "post_attention_layernorm";  // the norm of a layer that has an FFN but no mixer
  std::string ffn_only_norm_kind = "residual_norm";        // its kind (arch/module_kinds.hpp)
  bool rotary = true;                     // rotary position embedding in attention
  std::string rope_style = "neox";        // rope_with_cos_sin_cache_<style>_style (neox | gptj)
  VariantNaming variant_naming = VariantNaming::kSuffixAll;
  std::vector<VariantStyle> variants;     // decoder-layer variant names, in emission order
  bool per_layer_widths = false;          // DeciLM: variants also split by FFN width and KV heads
  bool dsa = false;                       // DeepSeek-V3.2 sparse attention (indexer + sparse MLA)
  std::string note;                       // remark copied to the decoder-layer blocks

  // Chained setters, so a row in the table reads as one expression.
  FamilyTemplate& with_root(std::string v) { root_class = std::move(v); return *this; }
  FamilyTemplate& with_attn_block(std::string v) { attn_block = std::move(v); return *this; }
  FamilyTemplate& with_ffn(std::string ffn, std::string moe) { ffn_block = std::move(ffn); moe_block = std::move(moe); return *this; }
  FamilyTemplate& with_shared(std::string v) { shared_block = std::move(v); return *this; }
  FamilyTemplate& with_routing(MoeRouting v) { routing = v; return *this; }
  FamilyTemplate& with_norm(NormFlavour v) { norm = v; return *this; }
  FamilyTemplate& with_norm_layout(NormLayout v) { norm_layout = v; return *this; }
  FamilyTemplate& with_ffn_only_norm(std::string name, std::string kind) { ffn_only_norm = std::move(name); ffn_only_norm_kind = std::move(kind); return *this; }
  FamilyTemplate& without_rotary() { rotary = false; return *this; }
  FamilyTemplate& with_rope_style(std::string v) { rope_style = std::move(v); return *this; }
  FamilyTemplate& with_variants(VariantNaming naming, std::vector<VariantStyle> v) { variant_naming = naming; variants = std::move(v); return *this; }
  FamilyTemplate& with_per_layer_widths() { per_layer_widths = true; return *this; }
  FamilyTemplate& with_dsa() { dsa = true; return *this; }
  FamilyTemplate& with_note(std::string v) { note = std::move(v); return *this; }
};

// All rows, one per registered family (FamilyId order), expanded from the registry's layout column.
const std::vector<FamilyTemplate>& family_templates();

// The row of the config's family (ModelConfig::family_id, else resolved from its model_type / architecture);
// nullptr for an unknown family.
const FamilyTemplate* find_family_template(const ModelConfig& config);

// The row whose `family` is `family` (naming/ uses it for ModuleTree::family); nullptr when none.
const FamilyTemplate* family_template_by_name(const std::string& family);

// The template for an architecture without a row: Llama-like layout, class names derived from the
// architecture ("FooForCausalLM" -> "FooModel", "FooDecoderLayer"). family = "generic".
FamilyTemplate generic_family_template(const ModelConfig& config);

}  // namespace hfmi
