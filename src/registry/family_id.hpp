// FamilyId: one id per architecture family, resolved once from model_type / architectures
// (registry/family_registry.hpp). Every per-family fact is a row of the family table keyed by this id
// (registry/family_table.cpp); the table's size and order are checked against this enum at compile time.
// Adding a family: add its id here (before kGeneric), then its row; see docs/adding-a-family.md.
#pragma once
#include <cstddef>
#include <cstdint>

namespace hfmi {

enum class FamilyId : uint16_t {
  // Llama-like dense decoders
  kLlama, kMistral, kQwen2, kQwen3, kPhi3, kGemma, kOlmo2, kOlmo3, kBaichuan, kInternLm, kInternLm2, kMiniCpm,
  kOrion, kMimo, kExaone4, kGranite, kSmolLm3, kSeedOss, kGlm, kGlm4, kErnie45, kHunyuanDense, kHelium,
  kArcee, kApertus, kExaone,
  // multimodal wrappers around a Llama-like text model
  kMllama, kQwen2Vl, kQwen25Vl, kQwen3Vl,
  // sliding / global attention
  kGemma2, kGemma3, kGemma4, kCohere, kCohere2, kStarcoder2,
  // GPT-style (LayerNorm, fused or plain MLP)
  kGpt2, kGptBigCode, kGptJ, kGptNeoX, kBloom, kMpt, kFalcon, kPhi, kPhiMsft, kStableLm, kQwenV1, kChatGlm, kNemotron,
  kOpt, kGptNeo, kXglm, kPersimmon, kCodeGen, kBioGpt,
  // MoE
  kMixtral, kGraniteMoe, kQwen2Moe, kQwen3Moe, kGptOss, kLlama4, kDeepSeekV1, kMiniMaxM2, kMimoV2Flash,
  kHunyuanMoe, kOlmoe, kGlm4Moe, kDbrx, kPhiMoe, kDots1, kBailingMoe, kErnie45Moe,
  // MLA
  kDeepSeekV2, kDeepSeekV3, kMiniCpm3, kKimiK2, kDeepSeekV32, kGlmMoeDsa, kGlm4MoeLite,
  // hybrids and recurrent
  kQwen3Next, kQwen35, kQwen35Moe, kNemotronH, kDeci, kLfm2, kRwkv5, kGraniteMoeHybrid, kBamba, kFalconH1, kJamba, kMamba,
  kMamba2,
  // an unknown family: a Llama-like layout is assumed and every assumption is reported
  kGeneric,
};

inline constexpr size_t kFamilyCount = static_cast<size_t>(FamilyId::kGeneric) + 1;

}  // namespace hfmi
