#include "registry/family_registry.hpp"

namespace hfmi {

const char* to_string(TensorScheme s) {
  switch (s) {
    case TensorScheme::kLlama: return "llama";
    case TensorScheme::kLlamaFused: return "llama-fused";
    case TensorScheme::kGpt2: return "gpt2";
    case TensorScheme::kGptNeoX: return "gpt-neox";
    case TensorScheme::kFalcon: return "falcon-bloom";
    case TensorScheme::kMpt: return "mpt";
    case TensorScheme::kGptJ: return "gptj";
    case TensorScheme::kPhi: return "phi";
    case TensorScheme::kPhiMsft: return "phi-msft";
    case TensorScheme::kQwenV1: return "qwen-v1";
    case TensorScheme::kChatGlm: return "chatglm";
    case TensorScheme::kMoeExperts: return "moe-experts";
    case TensorScheme::kMla: return "mla";
    case TensorScheme::kHybrid: return "hybrid";
    case TensorScheme::kRwkv: return "rwkv";
    case TensorScheme::kGeneric: return "generic";
  }
  return "generic";
}

uint8_t scheme_fused_storage(TensorScheme s) {
  switch (s) {
    case TensorScheme::kLlamaFused: return kFusedQkv | kFusedGateUp;  // Phi-3; rows differ (Baichuan: W_pack only)
    case TensorScheme::kChatGlm: return kFusedQkv | kFusedGateUp;     // query_key_value, dense_h_to_4h (gate+up)
    case TensorScheme::kGpt2:
    case TensorScheme::kGptNeoX:
    case TensorScheme::kFalcon:
    case TensorScheme::kMpt:
    case TensorScheme::kPhiMsft:
    case TensorScheme::kQwenV1: return kFusedQkv;
    case TensorScheme::kLlama:
    case TensorScheme::kGptJ:
    case TensorScheme::kPhi:
    case TensorScheme::kMoeExperts:
    case TensorScheme::kMla:
    case TensorScheme::kHybrid:
    case TensorScheme::kRwkv:
    case TensorScheme::kGeneric: return kFusedNone;
  }
  return kFusedNone;
}

uint8_t fused_storage(const FamilyRow& r) {
  return (r.fused & kFusedAsScheme) ? scheme_fused_storage(r.scheme) : r.fused;
}

const char* to_string(ConfigExactness e) {
  switch (e) {
    case ConfigExactness::kExact: return "exact";
    case ConfigExactness::kLayout: return "layout";
    case ConfigExactness::kPartial: return "partial";
  }
  return "layout";
}

bool word_in(std::string_view list, std::string_view word) {
  if (word.empty()) return false;
  size_t pos = 0;
  while (pos < list.size()) {
    size_t end = list.find(' ', pos);
    if (end == std::string_view::npos) end = list.size();
    if (list.substr(pos, end - pos) == word) return true;
    pos = end + 1;
  }
  return false;
}

const FamilyRow& family_row(FamilyId id) {
  const size_t i = static_cast<size_t>(id);
  return family_rows()[i < kFamilyCount ? i : kFamilyCount - 1];
}

FamilyId resolve_family(std::string_view text_model_type, std::string_view root_model_type,
                        std::string_view architecture) {
  const FamilyRow* rows = family_rows();
  for (size_t i = 0; i < kFamilyCount; ++i) {
    if (word_in(rows[i].model_types, text_model_type)) return rows[i].id;
  }
  for (size_t i = 0; i < kFamilyCount; ++i) {
    if (word_in(rows[i].model_types, root_model_type) || word_in(rows[i].wrapper_types, root_model_type)) {
      return rows[i].id;
    }
  }
  for (size_t i = 0; i < kFamilyCount; ++i) {
    if (word_in(rows[i].architectures, architecture)) return rows[i].id;
  }
  return FamilyId::kGeneric;
}

FamilyId family_by_gguf_arch(std::string_view gguf_architecture) {
  const FamilyRow* rows = family_rows();
  for (size_t i = 0; i < kFamilyCount; ++i) {
    if (word_in(family_gguf_names(rows[i].id), gguf_architecture)) return rows[i].id;
  }
  return FamilyId::kGeneric;
}

std::string_view first_word(std::string_view list) { return list.substr(0, list.find(' ')); }

FamilyId family_by_name(std::string_view name) {
  const FamilyRow* rows = family_rows();
  for (size_t i = 0; i < kFamilyCount; ++i) {
    if (name == rows[i].name) return rows[i].id;
  }
  return FamilyId::kGeneric;
}

}  // namespace hfmi
