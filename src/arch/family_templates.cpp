// The layout column of the family registry, expanded into FamilyTemplate rows (one per FamilyId), and the
// generic template for families without a row. The rows themselves live in registry/family_table.cpp.
#include "arch/family_template.hpp"

#include <cctype>

#include "arch/module_kinds.hpp"
#include "core/static_list.hpp"
#include "registry/family_registry.hpp"

namespace hfmi {
namespace {

// One decoder-layer variant name, as a plain row (variant_styles() turns a set's rows into VariantStyles).
struct VariantRow {
  MixerKind mixer;
  const char* block;
  const char* suffix;
  bool cross_attention = false;
  bool rotary = true;
};

// Sliding-window and full-attention layers (Gemma 2/3, gpt-oss, Olmo 3).
constexpr VariantRow kSlidingFull[] = {{MixerKind::kSlidingAttention, "_Sliding", "sliding"},
                                       {MixerKind::kFullAttention, "_Full", "full"}};
constexpr VariantRow kMllama[] = {{MixerKind::kFullAttention, "MllamaSelfAttentionDecoderLayer", "self"},
                                  {MixerKind::kFullAttention, "MllamaCrossAttentionDecoderLayer", "cross", true}};
constexpr VariantRow kLlama4[] = {{MixerKind::kChunkedAttention, "_Local", "local"},
                                  {MixerKind::kFullAttention, "_Global", "global", false, /*rotary=*/false}};
constexpr VariantRow kGdnGqa[] = {{MixerKind::kLinearAttention, "_GDN", "gdn"},
                                  {MixerKind::kFullAttention, "_GQA", "gqa"}};
constexpr VariantRow kNemotronH[] = {{MixerKind::kMamba, "NemotronHMambaDecoderLayer", "mamba"},
                                     {MixerKind::kFullAttention, "NemotronHAttentionDecoderLayer", "attn"},
                                     {MixerKind::kNone, "NemotronHMLPDecoderLayer", "mlp"}};

StaticList<VariantRow> variant_rows(VariantSet set) {
  switch (set) {
    case VariantSet::kNone: return {};
    case VariantSet::kSlidingFull: return static_list(kSlidingFull);
    case VariantSet::kMllama: return static_list(kMllama);
    case VariantSet::kLlama4: return static_list(kLlama4);
    case VariantSet::kGdnGqa: return static_list(kGdnGqa);
    case VariantSet::kNemotronH: return static_list(kNemotronH);
  }
  return {};
}

std::vector<VariantStyle> variant_styles(VariantSet set) {
  std::vector<VariantStyle> out;
  for (const VariantRow& r : variant_rows(set)) {
    VariantStyle v;
    v.mixer = r.mixer;
    v.cross_attention = r.cross_attention;
    v.block = r.block;
    v.suffix = r.suffix;
    v.rotary = r.rotary;
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<std::string> words(const char* list) {
  std::vector<std::string> out;
  std::string cur;
  for (const char* p = list; *p; ++p) {
    if (*p == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += *p;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// A registry row's layout column, expanded into t (a default FamilyTemplate).
void expand_row(const FamilyRow& r, FamilyTemplate& t) {
  const LayoutRow& l = r.layout;
  t.family = r.name;
  t.model_types = words(r.model_types);
  for (std::string& w : words(r.wrapper_types)) t.model_types.push_back(std::move(w));
  t.architectures = words(r.architectures);
  t.model_class = l.model_class;
  t.layers_block = l.layers_block;
  t.decoder_layer_class = l.decoder_layer_class;
  t.root_class = l.root_class;
  t.attn_block = l.attn_block;
  t.ffn_block = l.ffn_block;
  t.moe_block = l.moe_block;
  t.shared_block = l.shared_block;
  t.routing = l.routing;
  t.norm = l.norm;
  t.norm_layout = l.norm_layout;
  t.ffn_only_norm = l.ffn_only_norm;
  t.ffn_only_norm_kind = l.ffn_only_norm_kind;
  t.rotary = l.rotary && (r.dialect.flags & kAlibi) == 0;
  t.rope_style = l.rope_style;
  t.variant_naming = l.variant_naming;
  t.variants = variant_styles(l.variants);
  t.per_layer_widths = l.per_layer_widths;
  t.dsa = l.dsa;
}

std::vector<FamilyTemplate> build_rows() {
  std::vector<FamilyTemplate> out(kFamilyCount);
  for (size_t i = 0; i < kFamilyCount; ++i) expand_row(family_rows()[i], out[i]);
  return out;
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
  const FamilyId id = config.family_id ? *config.family_id
                                       : resolve_family(config.text_model_type, config.model_type, config.architecture);
  if (id == FamilyId::kGeneric) return nullptr;
  return &family_templates()[static_cast<size_t>(id)];
}

const FamilyTemplate* family_template_by_name(const std::string& family) {
  const FamilyId id = family_by_name(family);
  return id == FamilyId::kGeneric ? nullptr : &family_templates()[static_cast<size_t>(id)];
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
  FamilyTemplate t;
  t.family = "generic";
  t.model_class = prefix + "Model";
  t.layers_block = "layers";
  t.decoder_layer_class = prefix + "DecoderLayer";
  if (config.architecture.empty()) t.root_class = prefix + "ForCausalLM";
  t.note = "no family template for architecture '" + config.architecture + "' (model_type '" + config.model_type +
           "'): a generic Llama-like decoder layout is assumed";
  return t;
}

}  // namespace hfmi
