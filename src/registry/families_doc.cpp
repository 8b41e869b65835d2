#include "registry/families_doc.hpp"

#include <string>
#include <vector>

#include "registry/mixer_traits.hpp"

namespace hfmi {
namespace {

uint32_t bit(MixerKind k) { return 1u << static_cast<unsigned>(k); }

const char* routing_name(MoeRouting r) {
  switch (r) {
    case MoeRouting::kNone: return "";
    case MoeRouting::kDeepSeek: return "ds_routing";
    case MoeRouting::kRenormalize: return "renormalize";
    case MoeRouting::kSoftmaxTopk: return "softmax_topk";
    case MoeRouting::kLlama4: return "llama4 (sigmoid top-1)";
  }
  return "";
}

std::string code_list(const char* words) {
  std::string out, cur;
  const std::string s(words);
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ') {
      if (!cur.empty()) out += (out.empty() ? "" : ", ") + ("`" + cur + "`");
      cur.clear();
    } else {
      cur += s[i];
    }
  }
  return out;
}

// The FlashInfer-Bench Definition families the family's modules map to (naming/ holds the exact rules).
std::string naming_summary(const FamilyRow& r) {
  const LayoutRow& l = r.layout;
  const uint32_t f = r.dialect.flags;
  std::vector<std::string> parts;
  if (r.scheme == TensorScheme::kMla) {
    parts.push_back(l.dsa ? "dsa (sparse MLA + indexer)" : "mla_paged");
  } else if (family_mixer_kinds(r) & (bit(MixerKind::kFullAttention) | bit(MixerKind::kSlidingAttention))) {
    parts.push_back("gqa_paged");
  }
  if (f & kLayerNorm) {
    parts.push_back("layernorm");
  } else {
    parts.push_back(l.norm == NormFlavour::kGemmaRms ? "gemma_rmsnorm" : "rmsnorm");
  }
  if (l.rotary && !(f & (kAlibi | kLearnedPositions)) && r.id != FamilyId::kGeneric) {
    parts.push_back(std::string("rope ") + l.rope_style);
  }
  parts.push_back("gemm");
  if (l.routing != MoeRouting::kNone) parts.push_back(std::string("moe ") + routing_name(l.routing));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string perf_summary(const FamilyRow& r) {
  const uint32_t kinds = family_mixer_kinds(r);
  std::vector<std::string> parts;
  for (size_t i = 0; i < kMixerKindCount; ++i) {
    if (!(kinds & (1u << i))) continue;
    const MixerTraits& t = mixer_traits(static_cast<MixerKind>(i));
    if (t.kind == MixerKind::kNone) continue;
    parts.push_back(t.perf_class[0] ? t.perf_class : std::string("gap: ") + t.name);
  }
  parts.push_back((r.dialect.flags & kGatedMlp) ? "gated MLP" : "MLP");
  if (r.scheme == TensorScheme::kMoeExperts || r.scheme == TensorScheme::kMla || r.layout.routing != MoeRouting::kNone) {
    parts.push_back("MoE");
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

uint32_t family_mixer_kinds(const FamilyRow& r) {
  uint32_t k = 0;
  switch (r.dialect.mixer) {
    case MixerRule::kAttention: k |= bit(MixerKind::kFullAttention); break;
    case MixerRule::kFullAttentionEvery: k |= bit(MixerKind::kFullAttention) | bit(MixerKind::kLinearAttention); break;
    case MixerRule::kChunkedEveryNthGlobal: k |= bit(MixerKind::kFullAttention) | bit(MixerKind::kChunkedAttention); break;
    case MixerRule::kHybridLayerPattern: k |= bit(MixerKind::kFullAttention) | bit(MixerKind::kSlidingAttention); break;
    case MixerRule::kRecurrent: k |= bit(MixerKind::kUnknown); break;
    case MixerRule::kAttentionAtIndices: k |= bit(MixerKind::kFullAttention) | bit(MixerKind::kMamba); break;
    case MixerRule::kMamba2UnlessTyped: k |= bit(MixerKind::kFullAttention) | bit(MixerKind::kMamba); break;
    case MixerRule::kPeriodicAttention: k |= bit(MixerKind::kFullAttention) | bit(MixerKind::kMamba1); break;
    case MixerRule::kParallelHybrid: k |= bit(MixerKind::kUnknown); break;        // attention + Mamba2 in one layer
    case MixerRule::kMamba1Only: k |= bit(MixerKind::kMamba1); break;
    case MixerRule::kMamba2Only: k |= bit(MixerKind::kMamba); break;
  }
  if (r.dialect.sliding != SlidingRule::kNone) k |= bit(MixerKind::kSlidingAttention);
  switch (r.layout.variants) {
    case VariantSet::kNone: case VariantSet::kMllama: break;
    case VariantSet::kSlidingFull: k |= bit(MixerKind::kSlidingAttention); break;
    case VariantSet::kLlama4: k |= bit(MixerKind::kChunkedAttention); break;
    case VariantSet::kGdnGqa: k |= bit(MixerKind::kLinearAttention); break;
    case VariantSet::kNemotronH: k |= bit(MixerKind::kMamba) | bit(MixerKind::kNone); break;
  }
  if (r.layout.per_layer_widths) k |= bit(MixerKind::kNone);
  if (r.id == FamilyId::kLfm2) k |= bit(MixerKind::kUnknown);  // short-conv layers ("conv")
  return k;
}

std::string families_markdown() {
  std::string md =
      "# Families\n\n"
      "<!-- Generated from src/registry/family_table.cpp by scripts/gen_families_doc.sh; do not edit. -->\n\n"
      "One row per family of the registry. A config whose `model_type` (or `text_config.model_type`, or "
      "`architectures[0]`) is in no row gets the `generic` row: a Llama-like layout is assumed, every "
      "assumption is listed in `parameters.assumptions`, and `parameters.estimate_basis` is `generic`. The "
      "generic row has no class defaults: a key the config lacks (`tie_word_embeddings`, `num_key_value_heads`, "
      "...) is null with a `W_MISSING_FIELD` warning naming its JSON path, never a Llama default.\n\n"
      "A GGUF file's `general.architecture` is looked up in the GGUF column; the row's first `model_type` and "
      "architecture name the HF config the GGUF metadata is read as.\n\n"
      "Config-only count: `exact` = every tensor follows from the config, checked against a published count "
      "in the tests; `layout` = the layout is known, no published count checks it yet; `partial` = parts "
      "(a vision tower, a recurrent mixer) are not estimated. With safetensors headers the count is always "
      "exact.\n\n"
      "| family | model_type | architectures | GGUF | config-only count | tensor scheme | FlashInfer-Bench naming | "
      "perf-model classes | real config in the tests |\n"
      "|---|---|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < kFamilyCount; ++i) {
    const FamilyRow& r = family_rows()[i];
    std::string types = code_list(r.model_types);
    if (r.wrapper_types[0]) types += " (VLM: " + code_list(r.wrapper_types) + ")";
    if (types.empty()) types = "any other";
    const std::string archs = r.architectures[0] ? code_list(r.architectures) : "—";
    const char* example_path = family_example(r.id);
    const std::string example = example_path[0] ? "`tests/fixtures/" + std::string(example_path) + "`" : "none yet";
    const char* gguf_names = family_gguf_names(r.id);
    const std::string gguf = gguf_names[0] ? code_list(gguf_names) : "—";
    md += "| " + std::string(r.name) + " | " + types + " | " + archs + " | " + gguf + " | " +
          (r.id == FamilyId::kGeneric ? std::string("generic (assumed)") : std::string(to_string(r.exactness))) +
          " | " + to_string(r.scheme) + " | " + naming_summary(r) + " | " + perf_summary(r) + " | " + example + " |\n";
  }
  md += "\n## Mixer kinds\n\n| kind | attention | cache / state | variant suffix | perf class |\n|---|---|---|---|---|\n";
  for (size_t i = 0; i < kMixerKindCount; ++i) {
    const MixerTraits& t = mixer_traits(static_cast<MixerKind>(i));
    md += "| `" + std::string(t.name) + "` | " + (t.is_attention ? "yes" : "no") + " | " + to_string(t.cache) +
          " | `" + t.variant_suffix + "` | " + (t.perf_class[0] ? t.perf_class : "— (gap report)") + " |\n";
  }
  return md;
}

}  // namespace hfmi
