// The family registry: one row per FamilyId (registry/family_table.cpp), holding every per-family fact:
//   identity  - name, text model_types, VLM wrapper model_types, architectures[0] names;
//   dialect   - HF config class, its defaults, the anatomy the config does not spell out (config/config_dialects.hpp);
//   scheme    - the tensor-name scheme of its checkpoints (structure/ reads the roles of that scheme);
//   layout    - module-tree blocks, norm placement, routing, layer-variant names (arch/family_template.hpp);
//   coverage  - whether the config-only count is exact, and one real config in the tests.
// The GGUF names and the example config are columns beside the rows (FamilySpec), read by their own accessors.
// The family is resolved once (resolve_family) and stored in ModelConfig::family_id; nothing looks a family
// up by name again. Mixer kinds have their own table (registry/mixer_traits.hpp).
#pragma once
#include <string>
#include <string_view>

#include "arch/family_template.hpp"
#include "config/config_dialects.hpp"
#include "registry/family_id.hpp"

namespace hfmi {

// The tensor-name scheme of a family's checkpoints (what structure/ matches tensor names against).
enum class TensorScheme : uint8_t {
  kLlama,       // model.layers.N.self_attn.{q,k,v,o}_proj, mlp.{gate,up,down}_proj
  kLlamaFused,  // fused qkv_proj / gate_up_proj (Phi-3, GLM) or W_pack (Baichuan), wqkv (InternLM2)
  kGpt2,        // transformer.h.N.attn.c_attn / c_proj, mlp.c_fc / c_proj (GPT-2, GPT-BigCode, StarCoder)
  kGptNeoX,     // gpt_neox.layers.N.attention.query_key_value, mlp.dense_h_to_4h / dense_4h_to_h
  kFalcon,      // transformer.h.N.self_attention.query_key_value (Falcon, BLOOM)
  kMpt,         // transformer.blocks.N.attn.Wqkv, ffn.up_proj / down_proj
  kGptJ,        // transformer.h.N.attn.{q,k,v,out}_proj, mlp.fc_in / fc_out
  kPhi,         // model.layers.N.self_attn.{q,k,v}_proj + dense, mlp.fc1 / fc2
  kPhiMsft,     // layers.N.mixer.Wqkv / out_proj, mlp.fc1 / fc2 (phi-1.5 / phi-2 remote code)
  kQwenV1,      // transformer.h.N.attn.c_attn, mlp.w1 / w2 / c_proj
  kChatGlm,     // transformer.encoder.layers.N.self_attention.query_key_value, mlp.dense_h_to_4h
  kMoeExperts,  // Llama-style attention + mlp.experts.N.{gate,up,down}_proj (or fused experts.gate_up_proj)
  kMla,         // self_attn.q_a_proj / kv_a_proj_with_mqa / kv_b_proj + experts
  kHybrid,      // Mamba in_proj / conv1d / A_log or Gated DeltaNet linear_attn + attention layers
  kRwkv,        // rwkv.blocks.N.attention.{key,value,receptance,gate,output}, feed_forward
  kGeneric,     // unknown: matched against every scheme
};
inline constexpr size_t kTensorSchemeCount = static_cast<size_t>(TensorScheme::kGeneric) + 1;
const char* to_string(TensorScheme s);

// Projections a family's checkpoints store fused where a Llama checkpoint stores them apart (OR-ed bits;
// params/header_size_estimate.cpp reads them through fused_storage()).
enum FusedStorage : uint8_t {
  kFusedNone = 0,
  kFusedQkv = 1u << 0,       // one q/k/v tensor: qkv_proj, query_key_value, c_attn, Wqkv, W_pack, wqkv
  kFusedGateUp = 1u << 1,    // one gate/up tensor: gate_up_proj, ChatGLM's dense_h_to_4h
  kFusedExperts = 1u << 2,   // a layer's routed experts in one gate_up and one down tensor (gpt-oss, Llama 4)
  kFusedAsScheme = 1u << 7,  // (a row's default) the usual storage of its scheme: scheme_fused_storage()
};
uint8_t scheme_fused_storage(TensorScheme s);

// How far the config-only parameter count can be trusted for a family.
enum class ConfigExactness : uint8_t {
  kExact,      // every tensor follows from the config; checked against a published count in the tests
  kLayout,     // the family's layout is known, but no published count checks it yet
  kPartial,    // parts are not estimated (a vision tower, a recurrent mixer): the total covers the rest
};
const char* to_string(ConfigExactness e);

// A family's row: what resolving a config, reading its tensors and describing the model use.
struct FamilyRow {
  FamilyId id = FamilyId::kGeneric;
  const char* name = "";           // family name (ModuleTree::family, docs/families.md)
  const char* model_types = "";    // space-separated text model_type values
  const char* wrapper_types = "";  // space-separated VLM model_type values whose text model is this family
  const char* architectures = "";  // space-separated architectures[0] values
  Dialect dialect;
  TensorScheme scheme = TensorScheme::kLlama;
  LayoutRow layout;
  ConfigExactness exactness = ConfigExactness::kLayout;
  uint8_t fused = kFusedAsScheme;  // FusedStorage bits, when they differ from the scheme's usual storage
};

// A family as registry/family_table.cpp writes it: its row, and two columns kept apart from the rows because
// only some builds read them (family_gguf_names, family_example): the browser's safetensors import core reads
// neither, so it carries neither them nor their strings (1.5 KB gzip; bench/RESULTS.md "size-s11").
struct FamilySpec {
  FamilyRow row;
  const char* gguf = "";     // space-separated GGUF general.architecture names (llama.cpp LLM_ARCH names)
  const char* example = "";  // a real config in tests/fixtures ("" = none collected yet: docs say so)

  constexpr FamilySpec with_wrappers(const char* v) const { FamilySpec s = *this; s.row.wrapper_types = v; return s; }
  constexpr FamilySpec with_gguf(const char* v) const { FamilySpec s = *this; s.gguf = v; return s; }
  constexpr FamilySpec with_dialect(Dialect d) const {
    FamilySpec s = *this;
    s.row.dialect = d;
    s.row.dialect.family = row.name;
    return s;
  }
  constexpr FamilySpec with_scheme(TensorScheme v) const { FamilySpec s = *this; s.row.scheme = v; return s; }
  constexpr FamilySpec with_layout(LayoutRow l) const { FamilySpec s = *this; s.row.layout = l; return s; }
  constexpr FamilySpec with_exactness(ConfigExactness e) const { FamilySpec s = *this; s.row.exactness = e; return s; }
  constexpr FamilySpec with_example(const char* v) const { FamilySpec s = *this; s.example = v; return s; }
  constexpr FamilySpec with_fused(uint8_t v) const { FamilySpec s = *this; s.row.fused = v; return s; }
};

// Every row, indexed by FamilyId (size kFamilyCount).
const FamilyRow* family_rows();
const FamilyRow& family_row(FamilyId id);
inline const char* family_name(FamilyId id) { return family_row(id).name; }

// The family of a config: its text model_type, then its root model_type (as a text or a wrapper type),
// then its architectures[0]; kGeneric when none matches.
FamilyId resolve_family(std::string_view text_model_type, std::string_view root_model_type,
                        std::string_view architecture);

// The family whose gguf column names this GGUF general.architecture; kGeneric when none.
FamilyId family_by_gguf_arch(std::string_view gguf_architecture);

// A family's GGUF general.architecture names (space-separated; "" when none).
const char* family_gguf_names(FamilyId id);

// A real config of the family in tests/fixtures ("" when none is collected yet).
const char* family_example(FamilyId id);

// The first word of a space-separated list ("" when empty).
std::string_view first_word(std::string_view list);

// The family whose name is `name`; kGeneric when none.
FamilyId family_by_name(std::string_view name);

// The FusedStorage bits of a family's checkpoints: the row's own, or its scheme's.
uint8_t fused_storage(const FamilyRow& r);

// True when `word` is one of the space-separated words of `list`.
bool word_in(std::string_view list, std::string_view word);

}  // namespace hfmi
