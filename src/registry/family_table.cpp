// The family table: ONE row per FamilyId, holding every per-family fact (see family_registry.hpp).
// Dialect defaults are the keyword defaults of each HF config class's __init__ (transformers'
// configuration_*.py, or the model repo's remote configuration_*.py), keyed by the HF key names, so a row reads
// like the Python signature; only architecture-relevant keys are listed. Layouts follow FlashInfer-Bench's
// models.ts where it has an entry (llama-3.1-8b is the reference). The table is constexpr: its size and order
// are checked against FamilyId below, so a family without a row does not compile.
#include <array>
#include <iterator>

#include "arch/module_kinds.hpp"
#include "registry/family_registry.hpp"

namespace hfmi {
namespace {

using F = FamilyId;
using S = TensorScheme;
using E = ConfigExactness;
using VN = VariantNaming;

constexpr FamilySpec fam(FamilyId id, const char* name, const char* model_types, const char* architectures) {
  FamilySpec s;
  s.row.id = id;
  s.row.name = name;
  s.row.model_types = model_types;
  s.row.architectures = architectures;
  s.row.dialect.family = name;
  return s;
}

// ---- dialects shared by several families

constexpr const char* kLlamaDefaults =
    R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
    R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,)"
    R"("tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,"mlp_bias":false})";

constexpr const char* kQwen2Defaults =
    R"({"vocab_size":151936,"hidden_size":4096,"intermediate_size":22016,"num_hidden_layers":32,)"
    R"("num_attention_heads":32,"num_key_value_heads":32,"hidden_act":"silu","max_position_embeddings":32768,)"
    R"("rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"use_sliding_window":false,)"
    R"("sliding_window":4096,"max_window_layers":28})";

constexpr Dialect kQwen25VlDialect = hf_dialect("Qwen2_5_VLTextConfig",
    R"({"vocab_size":152064,"hidden_size":8192,"intermediate_size":29568,"num_hidden_layers":80,)"
    R"("num_attention_heads":64,"num_key_value_heads":8,"hidden_act":"silu","max_position_embeddings":32768,)"
    R"("rms_norm_eps":1e-5,"tie_word_embeddings":false,"rope_theta":1000000.0,"use_sliding_window":false,)"
    R"("sliding_window":4096,"max_window_layers":80})",
    kGatedMlp | kQkvBias | kMultiModalWrapper).with_sliding(SlidingRule::kAfterMaxWindow);

constexpr Dialect kDeepSeekV3Dialect = hf_dialect("DeepseekV3Config",
    R"({"vocab_size":129280,"hidden_size":7168,"intermediate_size":18432,"moe_intermediate_size":2048,)"
    R"("num_hidden_layers":61,"num_nextn_predict_layers":1,"num_attention_heads":128,)"
    R"("num_key_value_heads":128,"n_shared_experts":1,"n_routed_experts":256,"kv_lora_rank":512,)"
    R"("q_lora_rank":1536,"qk_rope_head_dim":64,"v_head_dim":128,"qk_nope_head_dim":128,"n_group":8,)"
    R"("topk_group":4,"num_experts_per_tok":8,"moe_layer_freq":1,"first_k_dense_replace":3,)"
    R"("norm_topk_prob":true,"scoring_func":"sigmoid","topk_method":"noaux_tc","hidden_act":"silu",)"
    R"("max_position_embeddings":4096,"rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,)"
    R"("attention_bias":false})",
    kGatedMlp | kScoreCorrectionBias);

constexpr Dialect kQwen3NextDialect = hf_dialect("Qwen3NextConfig",
    R"({"vocab_size":151936,"hidden_size":2048,"intermediate_size":5632,"num_hidden_layers":48,)"
    R"("num_attention_heads":16,"num_key_value_heads":2,"head_dim":256,"hidden_act":"silu",)"
    R"("max_position_embeddings":32768,"rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,)"
    R"("partial_rotary_factor":0.25,"attention_bias":false,"linear_conv_kernel_dim":4,)"
    R"("linear_key_head_dim":128,"linear_value_head_dim":128,"linear_num_key_heads":16,)"
    R"("linear_num_value_heads":32,"decoder_sparse_step":1,"moe_intermediate_size":512,)"
    R"("shared_expert_intermediate_size":512,"num_experts_per_tok":10,"num_experts":512,)"
    R"("norm_topk_prob":true,"mlp_only_layers":[],"full_attention_interval":4})",
    kGatedMlp | kQkNorm | kSharedExpertGate | kAttentionOutputGate).with_mixer(MixerRule::kFullAttentionEvery);

// ---- layouts shared by several families

constexpr LayoutRow kDeepSeekLayout = layout("", "", "DeepseekV3DecoderLayer")
                                          .with_routing(MoeRouting::kDeepSeek)
                                          .with_rope_style("gptj");

constexpr FamilySpec kSpecs[] = {
    // ================= Llama-like dense decoders
    fam(F::kLlama, "llama", "llama", "LlamaForCausalLM")
        .with_gguf("llama")
        .with_wrappers("llava llava_next vipllava voxtral idefics3")
        .with_dialect(hf_dialect("LlamaConfig", kLlamaDefaults, kGatedMlp))
        .with_layout(layout("LlamaModel", "layers", "LlamaDecoderLayer"))
        .with_exactness(E::kExact)
        .with_example("hf/meta-llama__Llama-3.1-8B.config.json"),
    fam(F::kMistral, "mistral", "mistral ministral ministral3", "MistralForCausalLM")
        .with_gguf("mistral3")
        .with_wrappers("mistral3 pixtral idefics2")
        .with_dialect(hf_dialect("MistralConfig",
            R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"num_key_value_heads":8,"hidden_act":"silu","max_position_embeddings":131072,)"
            R"("rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"sliding_window":4096})",
            kGatedMlp).with_sliding(SlidingRule::kAllLayers))
        .with_layout(layout("MistralModel", "layers", "MistralDecoderLayer"))
        .with_example("hf/mistralai__Devstral-Small-2507.config.json"),
    fam(F::kQwen2, "qwen2", "qwen2", "Qwen2ForCausalLM")
        .with_wrappers("llava_onevision")
        .with_gguf("qwen2")
        .with_dialect(hf_dialect("Qwen2Config", kQwen2Defaults, kGatedMlp | kQkvBias)
                          .with_sliding(SlidingRule::kAfterMaxWindow))
        .with_layout(layout("Qwen2Model", "layers", "Qwen2DecoderLayer"))
        .with_exactness(E::kExact)
        .with_example("hf/Qwen__Qwen2.5-7B.config.json"),
    fam(F::kQwen3, "qwen3", "qwen3", "Qwen3ForCausalLM")
        .with_gguf("qwen3")
        .with_dialect(hf_dialect("Qwen3Config",
            R"({"vocab_size":151936,"hidden_size":4096,"intermediate_size":22016,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"num_key_value_heads":32,"head_dim":128,"hidden_act":"silu",)"
            R"("max_position_embeddings":32768,"rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,)"
            R"("attention_bias":false,"use_sliding_window":false,"sliding_window":4096,"max_window_layers":28})",
            kGatedMlp | kQkNorm).with_sliding(SlidingRule::kAfterMaxWindow))
        .with_layout(layout("Qwen3Model", "layers", "Qwen3DecoderLayer"))
        .with_exactness(E::kExact)
        .with_example("hf/Qwen__Qwen3-8B.config.json"),
    fam(F::kPhi3, "phi3", "phi3 phi3_v", "Phi3ForCausalLM Phi3VForCausalLM")
        .with_gguf("phi3")
        .with_dialect(hf_dialect("Phi3Config",
            R"({"vocab_size":32064,"hidden_size":3072,"intermediate_size":8192,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":4096,"rms_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"rope_theta":10000.0,"partial_rotary_factor":1.0})",
            kGatedMlp))
        .with_scheme(S::kLlamaFused)
        .with_layout(layout("Phi3Model", "layers", "Phi3DecoderLayer"))
        .with_exactness(E::kExact)
        .with_example("hf/microsoft__phi-4.config.json"),
    fam(F::kGemma, "gemma", "gemma", "GemmaForCausalLM")
        .with_wrappers("paligemma")
        .with_gguf("gemma")
        .with_dialect(hf_dialect("GemmaConfig",
            R"({"vocab_size":256000,"hidden_size":3072,"intermediate_size":24576,"num_hidden_layers":28,)"
            R"("num_attention_heads":16,"num_key_value_heads":16,"head_dim":256,"hidden_act":"gelu_pytorch_tanh",)"
            R"("max_position_embeddings":8192,"rms_norm_eps":1e-6,"tie_word_embeddings":true,"rope_theta":10000.0,)"
            R"("attention_bias":false})",
            kGatedMlp))
        .with_layout(layout("GemmaModel", "layers", "GemmaDecoderLayer").with_norm(NormFlavour::kGemmaRms))
        .with_exactness(E::kExact)
        .with_example("hf/google__gemma-2b-it.config.json"),
    fam(F::kOlmo2, "olmo2", "olmo2", "Olmo2ForCausalLM")
        .with_gguf("olmo2")
        .with_dialect(hf_dialect("Olmo2Config",
            R"({"vocab_size":50304,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false})",
            kGatedMlp | kQkNorm | kQkNormFullWidth))
        .with_layout(layout("Olmo2Model", "layers", "Olmo2DecoderLayer").with_norm_layout(NormLayout::kPost))
        .with_example("hf-wild/allenai__OLMo-2-1124-7B/config.json"),
    fam(F::kOlmo3, "olmo3", "olmo3", "Olmo3ForCausalLM")
        .with_dialect(hf_dialect("Olmo3Config",
            R"({"vocab_size":50304,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,"sliding_window":4096})",
            kGatedMlp | kQkNorm | kQkNormFullWidth).with_sliding(SlidingRule::kEveryNthFull, 4))
        .with_layout(layout("Olmo3Model", "layers", "Olmo3DecoderLayer")
                         .with_norm_layout(NormLayout::kPost)
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_example("hf/allenai__Olmo-3.1-32B-Instruct.config.json"),
    fam(F::kBaichuan, "baichuan", "baichuan", "BaichuanForCausalLM BaiChuanForCausalLM")
        .with_gguf("baichuan")
        .with_dialect(hf_dialect("BaichuanConfig (remote code)",
            R"({"vocab_size":125696,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","model_max_length":4096,"rms_norm_eps":1e-6,)"
            R"("tie_word_embeddings":false})",
            kGatedMlp))
        .with_scheme(S::kLlamaFused)
        .with_fused(kFusedQkv)  // W_pack; gate_proj / up_proj apart
        .with_layout(layout("BaichuanModel", "layers", "DecoderLayer"))
        .with_example("hf-wild/baichuan-inc__Baichuan2-7B-Chat/config.json"),
    fam(F::kInternLm, "internlm", "internlm", "InternLMForCausalLM")
        .with_dialect(hf_dialect("InternLMConfig (remote code)",
            R"({"vocab_size":103168,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,)"
            R"("tie_word_embeddings":false,"bias":true})",
            kGatedMlp | kAttentionBias))
        .with_layout(layout("InternLMModel", "layers", "InternLMDecoderLayer"))
        .with_example("hf-wild/internlm__internlm-chat-7b/config.json"),
    fam(F::kInternLm2, "internlm2", "internlm2", "InternLM2ForCausalLM")
        .with_gguf("internlm2")
        .with_dialect(hf_dialect("InternLM2Config (remote code)",
            R"({"vocab_size":103168,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,)"
            R"("tie_word_embeddings":false,"bias":true})",
            kGatedMlp))
        .with_scheme(S::kLlamaFused)
        .with_fused(kFusedQkv)  // wqkv; w1 / w3 apart
        .with_layout(layout("InternLM2Model", "layers", "InternLM2DecoderLayer").with_attn_block("attention")
                         .with_ffn("feed_forward", "moe"))
        .with_example("hf-wild/internlm__internlm2_5-7b-chat/config.json"),
    fam(F::kMiniCpm, "minicpm", "minicpm", "MiniCPMForCausalLM")
        .with_gguf("minicpm")
        .with_dialect(hf_dialect("MiniCPMConfig (remote code)",
            R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,)"
            R"("tie_word_embeddings":true})",
            kGatedMlp | kExpertsUseIntermediateSize))
        .with_layout(layout("MiniCPMModel", "layers", "MiniCPMDecoderLayer").with_routing(MoeRouting::kRenormalize))
        .with_example("hf-wild/openbmb__MiniCPM-2B-sft-bf16/config.json"),
    fam(F::kOrion, "orion", "orion", "OrionForCausalLM")
        .with_gguf("orion")
        .with_dialect(hf_dialect("OrionConfig (remote code)",
            R"({"vocab_size":84608,"hidden_size":4096,"intermediate_size":15360,"num_hidden_layers":40,)"
            R"("num_attention_heads":40,"num_key_value_heads":40,"hidden_act":"silu","max_position_embeddings":4096,)"
            R"("rms_norm_eps":1e-5,"tie_word_embeddings":false})",
            kGatedMlp | kLayerNorm))
        .with_layout(layout("OrionModel", "layers", "OrionDecoderLayer"))
        .with_example("hf-wild/OrionStarAI__Orion-14B-Chat/config.json"),
    fam(F::kMimo, "mimo", "mimo", "MiMoForCausalLM")
        .with_dialect(hf_dialect("MiMoConfig (remote code, Qwen2Config)", kQwen2Defaults, kGatedMlp | kQkvBias)
                          .with_sliding(SlidingRule::kAfterMaxWindow))
        .with_layout(layout("MiMoModel", "layers", "MiMoDecoderLayer"))
        .with_example("hf-wild/XiaomiMiMo__MiMo-7B-Base/config.json"),
    fam(F::kExaone4, "exaone4", "exaone4 exaone4_5_text", "Exaone4ForCausalLM")
        .with_gguf("exaone4")
        .with_wrappers("exaone4_5")
        .with_dialect(hf_dialect("Exaone4Config",
            R"({"vocab_size":102400,"hidden_size":4096,"intermediate_size":16384,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"num_key_value_heads":32,"hidden_act":"silu","max_position_embeddings":2048,)"
            R"("rms_norm_eps":1e-5,"tie_word_embeddings":false,"sliding_window":4096,"sliding_window_pattern":4})",
            kGatedMlp | kQkNorm).with_sliding(SlidingRule::kEveryNthFull, 4))
        .with_layout(layout("Exaone4Model", "layers", "Exaone4DecoderLayer")
                         .with_norm_layout(NormLayout::kPost)
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_example("hf-wild/LGAI-EXAONE__EXAONE-4.0-32B/config.json"),
    fam(F::kGranite, "granite", "granite", "GraniteForCausalLM")
        .with_gguf("granite")
        .with_dialect(hf_dialect("GraniteConfig", kLlamaDefaults, kGatedMlp))
        .with_layout(layout("GraniteModel", "layers", "GraniteDecoderLayer"))
        .with_example("model_types/ibm-granite__granite-3.1-2b-base/config.json"),
    fam(F::kSmolLm3, "smollm3", "smollm3", "SmolLM3ForCausalLM")
        .with_gguf("smollm3")
        .with_dialect(hf_dialect("SmolLM3Config",
            R"({"vocab_size":128256,"hidden_size":2048,"intermediate_size":11008,"num_hidden_layers":36,)"
            R"("num_attention_heads":16,"num_key_value_heads":4,"hidden_act":"silu","rms_norm_eps":1e-6,)"
            R"("tie_word_embeddings":true})",
            kGatedMlp))
        .with_layout(layout("SmolLM3Model", "layers", "SmolLM3DecoderLayer"))
        .with_example("model_types/HuggingFaceTB__SmolLM3-3B/config.json"),
    fam(F::kSeedOss, "seed_oss", "seed_oss", "SeedOssForCausalLM")
        .with_dialect(hf_dialect("SeedOssConfig", R"({"tie_word_embeddings":false})", kGatedMlp | kQkvBias))
        .with_layout(layout("SeedOssModel", "layers", "SeedOssDecoderLayer"))
        .with_example("model_types/mlx-community__Seed-OSS-36B-Instruct-4bit/config.json"),
    fam(F::kGlm, "glm", "glm", "GlmForCausalLM")
        .with_dialect(hf_dialect("GlmConfig",
            R"({"vocab_size":151552,"hidden_size":4096,"intermediate_size":13696,"num_hidden_layers":40,)"
            R"("num_attention_heads":32,"num_key_value_heads":2,"head_dim":128,"partial_rotary_factor":0.5,)"
            R"("tie_word_embeddings":false})",
            kGatedMlp | kQkvBias))
        .with_scheme(S::kLlamaFused)
        .with_fused(kFusedGateUp)  // q/k/v_proj apart; gate_up_proj
        .with_layout(layout("GlmModel", "layers", "GlmDecoderLayer").with_rope_style("gptj"))
        .with_example("model_types/THUDM__glm-4-9b-chat-hf/config.json"),
    fam(F::kGlm4, "glm4", "glm4", "Glm4ForCausalLM")
        .with_gguf("glm4")
        .with_dialect(hf_dialect("Glm4Config",
            R"({"vocab_size":151552,"hidden_size":4096,"intermediate_size":13696,"num_hidden_layers":40,)"
            R"("num_attention_heads":32,"num_key_value_heads":2,"head_dim":128,"partial_rotary_factor":0.5,)"
            R"("tie_word_embeddings":false})",
            kGatedMlp | kQkvBias).with_norms(NormsRule::kFour))
        .with_scheme(S::kLlamaFused)
        .with_fused(kFusedGateUp)  // q/k/v_proj apart; gate_up_proj
        .with_layout(layout("Glm4Model", "layers", "Glm4DecoderLayer").with_norm_layout(NormLayout::kSandwich)
                         .with_rope_style("gptj"))
        .with_example(""),
    fam(F::kErnie45, "ernie4_5", "ernie4_5", "Ernie4_5ForCausalLM Ernie4_5_ForCausalLM")
        .with_gguf("ernie4_5")
        .with_dialect(hf_dialect("Ernie4_5Config",
            R"({"vocab_size":103424,"hidden_size":1024,"intermediate_size":3072,"num_hidden_layers":18,)"
            R"("num_attention_heads":16,"num_key_value_heads":2,"head_dim":128,"tie_word_embeddings":true})",
            kGatedMlp))
        .with_layout(layout("Ernie4_5Model", "layers", "Ernie4_5DecoderLayer"))
        .with_example("model_types/baidu__ERNIE-4.5-0.3B-Base/config.json"),
    fam(F::kHunyuanDense, "hunyuan_v1_dense", "hunyuan_v1_dense", "HunYuanDenseV1ForCausalLM")
        .with_gguf("hunyuan-dense")
        .with_dialect(hf_dialect("HunYuanDenseV1Config", R"({"tie_word_embeddings":true})", kGatedMlp | kQkNorm))
        .with_layout(layout("HunYuanDenseV1Model", "layers", "HunYuanDenseV1DecoderLayer"))
        .with_example("model_types/tencent__Hunyuan-MT-7B/config.json"),
    fam(F::kHelium, "helium", "helium", "HeliumForCausalLM")
        .with_dialect(hf_dialect("HeliumConfig",
            R"({"vocab_size":48000,"hidden_size":2560,"intermediate_size":7040,"num_hidden_layers":24,)"
            R"("num_attention_heads":20,"num_key_value_heads":20,"head_dim":128,"hidden_act":"silu",)"
            R"("max_position_embeddings":4096,"rms_norm_eps":1e-8,"tie_word_embeddings":false,"rope_theta":100000.0,)"
            R"("attention_bias":false,"mlp_bias":false})",
            kGatedMlp))
        .with_layout(layout("HeliumModel", "layers", "HeliumDecoderLayer"))
        .with_example("model_types/mlx-community__helium-1-preview-2b-4bit/config.json"),
    // Arcee (AFM): Llama attention with a plain 2-matrix MLP (up_proj, relu2, down_proj), configuration_arcee.py.
    fam(F::kArcee, "arcee", "arcee", "ArceeForCausalLM")
        .with_gguf("arcee")
        .with_dialect(hf_dialect("ArceeConfig",
            R"({"vocab_size":32000,"hidden_size":2560,"intermediate_size":18432,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"relu2","max_position_embeddings":4096,"rms_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"attention_bias":false,"mlp_bias":false})",
            0))
        .with_layout(layout("ArceeModel", "layers", "ArceeDecoderLayer")),
    // Apertus: Llama attention with q/k RMSNorm and a plain 2-matrix MLP (xIELU), configuration_apertus.py.
    fam(F::kApertus, "apertus", "apertus", "ApertusForCausalLM")
        .with_gguf("apertus")
        .with_dialect(hf_dialect("ApertusConfig",
            R"({"vocab_size":131072,"hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"xielu","max_position_embeddings":65536,"rms_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"attention_bias":false})",
            kQkNorm))
        .with_layout(layout("ApertusModel", "layers", "ApertusDecoderLayer")),
    // EXAONE 3.0 / 3.5 (remote code): Llama anatomy (RMSNorm despite the layer_norm_epsilon key) under GPT-2
    // style names: transformer.h.N.attn.attention.{q,k,v,out}_proj, mlp.c_fc_0 / c_fc_1 / c_proj, ln_1 / ln_2.
    fam(F::kExaone, "exaone", "exaone", "ExaoneForCausalLM")
        .with_gguf("exaone")
        .with_dialect(hf_dialect("ExaoneConfig (remote code)",
            R"({"vocab_size":102400,"max_position_embeddings":2048,"hidden_size":2048,"num_layers":32,)"
            R"("num_attention_heads":32,"activation_function":"silu","layer_norm_epsilon":1e-5,)"
            R"("tie_word_embeddings":true})",
            kGatedMlp))
        .with_layout(layout("ExaoneModel", "h", "ExaoneBlock").with_attn_block("attn"))
        .with_example("model_types/LGAI-EXAONE__EXAONE-3.0-7.8B-Instruct/config.json"),

    // ================= multimodal wrappers around a Llama-like text model
    fam(F::kMllama, "mllama", "mllama_text_model", "MllamaForCausalLM MllamaForConditionalGeneration")
        .with_wrappers("mllama")
        .with_dialect(hf_dialect("MllamaTextConfig",
            R"({"vocab_size":128256,"hidden_size":4096,"hidden_act":"silu","num_hidden_layers":40,)"
            R"("num_attention_heads":32,"num_key_value_heads":8,"intermediate_size":14336,"rope_theta":500000,)"
            R"("rms_norm_eps":1e-5,"max_position_embeddings":131072,"tie_word_embeddings":false,)"
            R"("cross_attention_layers":[3,8,13,18,23,28,33,38]})",
            kGatedMlp))
        .with_layout(layout("MllamaTextModel", "layers", "MllamaSelfAttentionDecoderLayer")
                         .with_variants(VN::kSuffixOnCollision, VariantSet::kMllama))
        .with_exactness(E::kPartial)
        .with_example("hf/meta-llama__Llama-3.2-90B-Vision-Instruct.config.json"),
    // Qwen2-VL / Qwen2.5-VL keep the text parameters at the top level (no text_config).
    fam(F::kQwen2Vl, "qwen2_vl", "qwen2_vl qwen2_vl_text", "Qwen2VLForConditionalGeneration")
        .with_gguf("qwen2vl")
        .with_dialect(kQwen25VlDialect)
        .with_layout(layout("Qwen2VLTextModel", "layers", "Qwen2VLDecoderLayer"))
        .with_exactness(E::kPartial)
        .with_example(""),
    fam(F::kQwen25Vl, "qwen2_5_vl", "qwen2_5_vl qwen2_5_vl_text", "Qwen2_5_VLForConditionalGeneration")
        .with_dialect(kQwen25VlDialect)
        .with_layout(layout("Qwen2_5_VLTextModel", "layers", "Qwen2_5_VLDecoderLayer"))
        .with_exactness(E::kPartial)
        .with_example("hf/Qwen__Qwen2.5-VL-7B-Instruct.config.json"),
    fam(F::kQwen3Vl, "qwen3_vl", "qwen3_vl_text qwen3_vl", "Qwen3VLForConditionalGeneration")
        .with_dialect(hf_dialect("Qwen3VLTextConfig",
            R"({"vocab_size":151936,"hidden_size":4096,"intermediate_size":22016,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"num_key_value_heads":32,"head_dim":128,"hidden_act":"silu",)"
            R"("max_position_embeddings":128000,"rms_norm_eps":1e-6,"tie_word_embeddings":false,)"
            R"("rope_theta":5000000.0,"attention_bias":false})",
            kGatedMlp | kQkNorm))
        .with_layout(layout("Qwen3VLTextModel", "layers", "Qwen3VLTextDecoderLayer"))
        .with_exactness(E::kPartial)
        .with_example("hf/Qwen__Qwen3-VL-32B-Instruct.config.json"),

    // ================= sliding / global attention
    fam(F::kGemma2, "gemma2", "gemma2", "Gemma2ForCausalLM")
        .with_gguf("gemma2")
        .with_dialect(hf_dialect("Gemma2Config",
            R"({"vocab_size":256000,"hidden_size":2304,"intermediate_size":9216,"num_hidden_layers":26,)"
            R"("num_attention_heads":8,"num_key_value_heads":4,"head_dim":256,"hidden_activation":"gelu_pytorch_tanh",)"
            R"("max_position_embeddings":8192,"rms_norm_eps":1e-6,"tie_word_embeddings":true,"rope_theta":10000.0,)"
            R"("attention_bias":false,"sliding_window":4096})",
            kGatedMlp).with_norms(NormsRule::kFour).with_sliding(SlidingRule::kAlternate))
        .with_layout(layout("Gemma2Model", "layers", "Gemma2DecoderLayer")
                         .with_norm(NormFlavour::kGemmaRms)
                         .with_norm_layout(NormLayout::kSandwich)
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_exactness(E::kExact)
        .with_example("hf/google__gemma-2-9b-it.config.json"),
    fam(F::kGemma3, "gemma3", "gemma3_text", "Gemma3ForCausalLM Gemma3ForConditionalGeneration")
        .with_gguf("gemma3")
        .with_wrappers("gemma3")
        .with_dialect(hf_dialect("Gemma3TextConfig",
            R"({"vocab_size":262208,"hidden_size":2304,"intermediate_size":9216,"num_hidden_layers":26,)"
            R"("num_attention_heads":8,"num_key_value_heads":4,"head_dim":256,"hidden_activation":"gelu_pytorch_tanh",)"
            R"("max_position_embeddings":131072,"rms_norm_eps":1e-6,"tie_word_embeddings":true,"rope_theta":1000000.0,)"
            R"("attention_bias":false,"sliding_window":4096,"sliding_window_pattern":6})",
            kGatedMlp | kQkNorm).with_norms(NormsRule::kFour).with_sliding(SlidingRule::kEveryNthFull, 6))
        .with_layout(layout("Gemma3TextModel", "layers", "Gemma3DecoderLayer")
                         .with_norm(NormFlavour::kGemmaRms)
                         .with_norm_layout(NormLayout::kSandwich)
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_exactness(E::kExact)
        .with_example("hf/google__gemma-3-27b-it.config.json"),
    fam(F::kGemma4, "gemma4", "gemma4_text", "Gemma4ForCausalLM Gemma4ForConditionalGeneration")
        .with_wrappers("gemma4")
        .with_dialect(hf_dialect("Gemma4TextConfig", R"({"tie_word_embeddings":true})", kGatedMlp | kQkNorm)
                          .with_norms(NormsRule::kFour)
                          .with_sliding(SlidingRule::kEveryNthFull, 6))
        .with_layout(layout("Gemma4TextModel", "layers", "Gemma4DecoderLayer")
                         .with_norm(NormFlavour::kGemmaRms)
                         .with_norm_layout(NormLayout::kSandwich)
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_exactness(E::kPartial)
        .with_example("hf-wild/google__gemma-4-26B-A4B/config.json"),
    fam(F::kCohere, "cohere", "cohere", "CohereForCausalLM")
        .with_gguf("command-r")
        .with_dialect(hf_dialect("CohereConfig",
            R"({"vocab_size":256000,"hidden_size":8192,"intermediate_size":22528,"num_hidden_layers":40,)"
            R"("num_attention_heads":64,"hidden_act":"silu","max_position_embeddings":8192,"layer_norm_eps":1e-5,)"
            R"("use_qk_norm":false,"tie_word_embeddings":true,"rope_theta":10000.0,"attention_bias":false})",
            kGatedMlp | kLayerNorm | kNormNoBias | kParallelBlock).with_norms(NormsRule::kOne))
        .with_layout(layout("CohereModel", "layers", "CohereDecoderLayer").with_norm_layout(NormLayout::kParallel)
                         .with_rope_style("gptj"))
        .with_example("hf-wild/CohereForAI__aya-23-8B/config.json"),
    fam(F::kCohere2, "cohere2", "cohere2", "Cohere2ForCausalLM")
        .with_gguf("cohere2")
        .with_dialect(hf_dialect("Cohere2Config",
            R"({"vocab_size":256000,"hidden_size":8192,"intermediate_size":22528,"num_hidden_layers":40,)"
            R"("num_attention_heads":64,"hidden_act":"silu","max_position_embeddings":8192,"layer_norm_eps":1e-5,)"
            R"("tie_word_embeddings":true,"rope_theta":10000.0,"attention_bias":false,"sliding_window":4096,)"
            R"("sliding_window_pattern":4})",
            kGatedMlp | kLayerNorm | kNormNoBias | kParallelBlock)
                          .with_norms(NormsRule::kOne)
                          .with_sliding(SlidingRule::kEveryNthFull, 4))
        .with_layout(layout("Cohere2Model", "layers", "Cohere2DecoderLayer").with_norm_layout(NormLayout::kParallel)
                         .with_rope_style("gptj")
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_example(""),
    fam(F::kStarcoder2, "starcoder2", "starcoder2", "Starcoder2ForCausalLM")
        .with_gguf("starcoder2")
        .with_dialect(hf_dialect("Starcoder2Config",
            R"({"vocab_size":49152,"hidden_size":3072,"intermediate_size":12288,"num_hidden_layers":30,)"
            R"("num_attention_heads":24,"num_key_value_heads":2,"hidden_act":"gelu_pytorch_tanh",)"
            R"("max_position_embeddings":4096,"norm_epsilon":1e-5,"rope_theta":10000.0,"tie_word_embeddings":true})",
            kLayerNorm | kAllLinearBias).with_sliding(SlidingRule::kAllLayers))
        .with_layout(layout("Starcoder2Model", "layers", "Starcoder2DecoderLayer"))
        .with_example("hf-wild/bigcode__starcoder2-7b/config.json"),

    // ================= GPT-style: LayerNorm, biases, fused or plain 2-matrix MLP
    fam(F::kGpt2, "gpt2", "gpt2", "GPT2LMHeadModel GPT2Model")
        .with_gguf("gpt2")
        .with_dialect(hf_dialect("GPT2Config",
            R"({"vocab_size":50257,"n_positions":1024,"n_embd":768,"n_layer":12,"n_head":12,)"
            R"("activation_function":"gelu_new","layer_norm_epsilon":1e-5,"tie_word_embeddings":true})",
            kLayerNorm | kAllLinearBias | kLearnedPositions).with_ffn_multiple(4))
        .with_scheme(S::kGpt2)
        .with_layout(layout("GPT2Model", "h", "GPT2Block").without_rotary())
        .with_exactness(E::kExact)
        .with_example("hf/openai-community__gpt2-xl.config.json"),
    fam(F::kGptBigCode, "gpt_bigcode", "gpt_bigcode", "GPTBigCodeForCausalLM")
        .with_gguf("starcoder")
        .with_dialect(hf_dialect("GPTBigCodeConfig",
            R"({"vocab_size":50257,"n_positions":1024,"n_embd":768,"n_layer":12,"n_head":12,)"
            R"("activation_function":"gelu_pytorch_tanh","layer_norm_epsilon":1e-5,"multi_query":true,)"
            R"("tie_word_embeddings":true})",
            kLayerNorm | kAllLinearBias | kLearnedPositions).with_ffn_multiple(4))
        .with_scheme(S::kGpt2)
        .with_layout(layout("GPTBigCodeModel", "h", "GPTBigCodeBlock").with_attn_block("attn").without_rotary())
        .with_example("hf-wild/bigcode__gpt_bigcode-santacoder/config.json"),
    fam(F::kGptJ, "gptj", "gptj", "GPTJForCausalLM")
        .with_gguf("gptj")
        .with_dialect(hf_dialect("GPTJConfig",
            R"({"vocab_size":50400,"n_positions":2048,"n_embd":4096,"n_layer":28,"n_head":16,"rotary_dim":64,)"
            R"("activation_function":"gelu_new","layer_norm_epsilon":1e-5,"tie_word_embeddings":false})",
            kLayerNorm | kMlpBias | kLmHeadBias | kParallelBlock).with_norms(NormsRule::kOne).with_ffn_multiple(4))
        .with_scheme(S::kGptJ)
        .with_layout(layout("GPTJModel", "h", "GPTJBlock").with_attn_block("attn")
                         .with_norm_layout(NormLayout::kParallel).with_rope_style("gptj"))
        .with_example("hf-wild/EleutherAI__gpt-j-6b/config.json"),
    fam(F::kGptNeoX, "gpt_neox", "gpt_neox", "GPTNeoXForCausalLM")
        .with_gguf("gptneox")
        .with_dialect(hf_dialect("GPTNeoXConfig",
            R"({"vocab_size":50432,"hidden_size":6144,"num_hidden_layers":44,"num_attention_heads":64,)"
            R"("intermediate_size":24576,"hidden_act":"gelu","rotary_pct":0.25,"rotary_emb_base":10000,)"
            R"("max_position_embeddings":2048,"layer_norm_eps":1e-5,"use_parallel_residual":true,)"
            R"("tie_word_embeddings":false,"attention_bias":true})",
            kLayerNorm | kAllLinearBias))
        .with_scheme(S::kGptNeoX)
        .with_layout(layout("GPTNeoXModel", "layers", "GPTNeoXLayer").with_attn_block("attention"))
        .with_exactness(E::kExact)
        .with_example("hf-wild/togethercomputer__RedPajama-INCITE-7B-Base/config.json"),
    fam(F::kBloom, "bloom", "bloom", "BloomForCausalLM BloomModel")
        .with_gguf("bloom")
        .with_dialect(hf_dialect("BloomConfig",
            R"({"vocab_size":250880,"hidden_size":64,"n_layer":2,"n_head":8,"layer_norm_epsilon":1e-5,)"
            R"("tie_word_embeddings":true})",
            kLayerNorm | kAllLinearBias | kEmbeddingNorm | kAlibi).with_ffn_multiple(4))
        .with_scheme(S::kFalcon)
        .with_layout(layout("BloomModel", "h", "BloomBlock").with_attn_block("self_attention").without_rotary())
        .with_exactness(E::kExact)
        .with_example("hf-wild/bigscience__bloom/config.json"),
    fam(F::kMpt, "mpt", "mpt", "MPTForCausalLM")
        .with_gguf("mpt")
        .with_dialect(hf_dialect("MPTConfig (remote code)",
            R"({"d_model":2048,"n_heads":16,"n_layers":24,"expansion_ratio":4,"max_seq_len":2048,)"
            R"("vocab_size":50368,"no_bias":false,"learned_pos_emb":true,"tie_word_embeddings":true})",
            kLayerNorm | kAllLinearBias | kNoBiasKey | kLearnedPositions))
        .with_scheme(S::kMpt)
        .with_layout(layout("MPTModel", "blocks", "MPTBlock").with_attn_block("attn").with_ffn("ffn", "moe"))
        .with_exactness(E::kExact)
        .with_example("hf-wild/mosaicml__mpt-7b/config.json"),
    fam(F::kFalcon, "falcon", "falcon RefinedWeb RefinedWebModel", "FalconForCausalLM RWForCausalLM")
        .with_gguf("falcon")
        .with_dialect(hf_dialect("FalconConfig",
            R"({"vocab_size":65024,"hidden_size":4544,"num_hidden_layers":32,"num_attention_heads":71,)"
            R"("layer_norm_epsilon":1e-5,"new_decoder_architecture":false,"multi_query":true,"parallel_attn":true,)"
            R"("bias":false,"max_position_embeddings":2048,"rope_theta":10000.0,"activation":"gelu",)"
            R"("tie_word_embeddings":true})",
            kLayerNorm).with_norms(NormsRule::kFalcon).with_kv(KvRule::kFalcon).with_ffn_multiple(4))
        .with_scheme(S::kFalcon)
        .with_layout(layout("FalconModel", "h", "FalconDecoderLayer")
                         .with_attn_block("self_attention")
                         .with_norm_layout(NormLayout::kParallel))
        .with_exactness(E::kExact)
        .with_example("hf-wild/tiiuae__falcon-40b/config.json"),
    fam(F::kPhi, "phi", "phi", "PhiForCausalLM")
        .with_gguf("phi2")
        .with_dialect(hf_dialect("PhiConfig",
            R"({"vocab_size":51200,"hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":24,)"
            R"("num_attention_heads":32,"hidden_act":"gelu_new","max_position_embeddings":2048,)"
            R"("layer_norm_eps":1e-5,"tie_word_embeddings":false,"rope_theta":10000.0,"partial_rotary_factor":0.5,)"
            R"("qk_layernorm":false})",
            kLayerNorm | kAllLinearBias | kLmHeadBias | kParallelBlock).with_norms(NormsRule::kOne))
        .with_scheme(S::kPhi)
        .with_layout(layout("PhiModel", "layers", "PhiDecoderLayer").with_norm_layout(NormLayout::kParallel))
        .with_exactness(E::kExact)
        .with_example("hf-wild/microsoft__phi-1/config.json"),
    // phi-1.5 / phi-2 as first released: the MixFormer remote code (layers.N.mixer.Wqkv, layers.N.mlp.fc1).
    fam(F::kPhiMsft, "phi_msft", "phi-msft mixformer-sequential", "MixFormerSequentialForCausalLM")
        .with_dialect(hf_dialect("PhiConfig / MixFormerSequentialConfig (remote code)",
            R"({"vocab_size":50304,"n_positions":2048,"n_embd":1024,"n_layer":20,"n_head":16,"rotary_dim":32,)"
            R"("activation_function":"gelu_new","layer_norm_epsilon":1e-5,"tie_word_embeddings":false})",
            kLayerNorm | kAllLinearBias | kLmHeadBias | kParallelBlock).with_norms(NormsRule::kOne)
                          .with_ffn_multiple(4))
        .with_scheme(S::kPhiMsft)
        .with_layout(layout("", "layers", "ParallelBlock").with_attn_block("mixer").with_norm_layout(NormLayout::kParallel))
        .with_exactness(E::kExact)
        .with_example("hf-wild/microsoft__phi-2/config.json"),
    fam(F::kStableLm, "stablelm", "stablelm stablelm_epoch", "StableLmForCausalLM StableLMEpochForCausalLM")
        .with_gguf("stablelm")
        .with_dialect(hf_dialect("StableLmConfig",
            R"({"vocab_size":50304,"intermediate_size":6912,"hidden_size":2560,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"num_key_value_heads":32,"hidden_act":"silu","max_position_embeddings":4096,)"
            R"("layer_norm_eps":1e-5,"use_qkv_bias":false,"qk_layernorm":false,"use_parallel_residual":false,)"
            R"("partial_rotary_factor":0.25,"rope_theta":10000,"tie_word_embeddings":false})",
            kGatedMlp | kLayerNorm))
        .with_layout(layout("StableLmModel", "layers", "StableLmDecoderLayer"))
        .with_exactness(E::kExact)
        .with_example("hf-wild/stabilityai__stablelm-3b-4e1t/config.json"),
    fam(F::kQwenV1, "qwen", "qwen", "QWenLMHeadModel")
        .with_dialect(hf_dialect("QWenConfig (remote code)",
            R"({"vocab_size":151936,"hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32,)"
            R"("layer_norm_epsilon":1e-6,"seq_length":8192,"kv_channels":128,"rotary_pct":1.0,)"
            R"("rotary_emb_base":10000,"intermediate_size":22016,"no_bias":true,"tie_word_embeddings":false})",
            kGatedMlp | kQkvBias | kHalfIntermediate))
        .with_scheme(S::kQwenV1)
        .with_layout(layout("QWenModel", "h", "QWenBlock").with_attn_block("attn"))
        .with_exactness(E::kExact)
        .with_example("hf-wild/Qwen__Qwen-72B/config.json"),
    fam(F::kChatGlm, "chatglm", "chatglm", "ChatGLMModel ChatGLMForConditionalGeneration")
        .with_gguf("chatglm")
        .with_dialect(hf_dialect("ChatGLMConfig (remote code)",
            R"({"num_layers":28,"padded_vocab_size":65024,"hidden_size":4096,"ffn_hidden_size":13696,)"
            R"("kv_channels":128,"num_attention_heads":32,"seq_length":2048,"layernorm_epsilon":1e-5,)"
            R"("add_qkv_bias":false,"multi_query_attention":false,"multi_query_group_num":1,)"
            R"("tie_word_embeddings":false})",
            kGatedMlp).with_kv(KvRule::kChatGlm))
        .with_scheme(S::kChatGlm)
        .with_layout(layout("ChatGLMModel", "layers", "GLMBlock").with_attn_block("self_attention")
                         .with_rope_style("gptj"))
        .with_example("hf-wild/THUDM__chatglm3-6b/config.json"),
    // Nemotron-3/4 and Minitron: plain 2-matrix MLP (up_proj, relu2, down_proj), LayerNorm1P with a bias.
    fam(F::kNemotron, "nemotron", "nemotron", "NemotronForCausalLM")
        .with_gguf("nemotron")
        .with_dialect(hf_dialect("NemotronConfig",
            R"({"vocab_size":256000,"hidden_size":6144,"intermediate_size":24576,"num_hidden_layers":32,)"
            R"("num_attention_heads":48,"hidden_act":"relu2","max_position_embeddings":4096,"norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"rope_theta":10000.0,"partial_rotary_factor":0.5,"attention_bias":false,)"
            R"("mlp_bias":false})",
            kLayerNorm))
        .with_layout(layout("NemotronModel", "layers", "NemotronDecoderLayer"))
        .with_example("model_types/nvidia__Nemotron-4-Minitron-4B/config.json"),
    // OPT: learned positions, pre-LayerNorm with biases, every linear biased, fc1/fc2 MLP (configuration_opt.py).
    fam(F::kOpt, "opt", "opt", "OPTForCausalLM")
        .with_dialect(hf_dialect("OPTConfig",
            R"({"vocab_size":50272,"hidden_size":768,"num_hidden_layers":12,"ffn_dim":3072,)"
            R"("max_position_embeddings":2048,"num_attention_heads":12,"activation_function":"relu",)"
            R"("tie_word_embeddings":true})",
            kLayerNorm | kAllLinearBias | kLearnedPositions | kPositionOffset2))
        .with_scheme(S::kPhi)
        .with_layout(layout("OPTModel", "layers", "OPTDecoderLayer").with_attn_block("self_attn").without_rotary())
        .with_exactness(E::kExact)  // facebook/opt-125m: 125,239,296 (tests/cpp/model_types_test.cpp)
        .with_example("model_types/facebook__opt-125m/config.json"),
    // GPT-Neo: learned positions, LayerNorm with biases, q/k/v without bias (out_proj with one), plain c_fc / c_proj
    // MLP of 4 x hidden when intermediate_size is null, global / local (window_size) layers in attention_layers
    // (configuration_gpt_neo.py).
    fam(F::kGptNeo, "gpt_neo", "gpt_neo", "GPTNeoForCausalLM")
        .with_dialect(hf_dialect("GPTNeoConfig",
            R"({"vocab_size":50257,"max_position_embeddings":2048,"hidden_size":2048,"num_layers":24,)"
            R"("num_heads":16,"window_size":256,"activation_function":"gelu_new","layer_norm_epsilon":1e-5,)"
            R"("tie_word_embeddings":true})",
            kLayerNorm | kMlpBias | kLearnedPositions | kOutProjBias).with_ffn_multiple(4))
        .with_scheme(S::kGpt2)
        .with_layout(layout("GPTNeoModel", "h", "GPTNeoBlock").with_attn_block("attn").without_rotary()
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_example("model_types/EleutherAI__gpt-neo-125M/config.json"),
    // XGLM: fairseq-style decoder: sinusoidal positions (no parameters), pre-LayerNorm with biases, every linear
    // biased, fc1 / fc2 MLP, tied output (configuration_xglm.py).
    fam(F::kXglm, "xglm", "xglm", "XGLMForCausalLM")
        .with_dialect(hf_dialect("XGLMConfig",
            R"({"vocab_size":256008,"max_position_embeddings":2048,"d_model":1024,"ffn_dim":4096,"num_layers":24,)"
            R"("attention_heads":16,"activation_function":"gelu","tie_word_embeddings":true})",
            kLayerNorm | kAllLinearBias))
        .with_scheme(S::kPhi)
        .with_layout(layout("XGLMModel", "layers", "XGLMDecoderLayer").without_rotary())
        .with_example("model_types/facebook__xglm-1.7B/config.json"),
    // Persimmon: fused query_key_value, LayerNorm (and q/k LayerNorm), plain relu2 MLP dense_h_to_4h / dense_4h_to_h,
    // every linear biased, rotary on half the head (configuration_persimmon.py).
    fam(F::kPersimmon, "persimmon", "persimmon", "PersimmonForCausalLM")
        .with_dialect(hf_dialect("PersimmonConfig",
            R"({"vocab_size":262144,"hidden_size":4096,"intermediate_size":16384,"num_hidden_layers":36,)"
            R"("num_attention_heads":64,"hidden_act":"relu2","max_position_embeddings":16384,"layer_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"rope_theta":25000.0,"qk_layernorm":true,"partial_rotary_factor":0.5})",
            kLayerNorm | kAllLinearBias | kQkNormBias))
        .with_scheme(S::kGptNeoX)
        .with_layout(layout("PersimmonModel", "layers", "PersimmonDecoderLayer"))
        .with_example("model_types/adept__persimmon-8b-base/config.json"),
    // CodeGen: GPT-J's block (one ln_1, attention and MLP side by side, rotary_dim, fc_in / fc_out with biases, an
    // lm_head bias) with a fused qkv_proj (configuration_codegen.py; n_inner None = 4 x n_embd).
    fam(F::kCodeGen, "codegen", "codegen", "CodeGenForCausalLM")
        .with_dialect(hf_dialect("CodeGenConfig",
            R"({"vocab_size":50400,"n_positions":2048,"n_embd":4096,"n_layer":28,"n_head":16,"rotary_dim":64,)"
            R"("activation_function":"gelu_new","layer_norm_epsilon":1e-5,"tie_word_embeddings":false})",
            kLayerNorm | kMlpBias | kLmHeadBias | kParallelBlock).with_norms(NormsRule::kOne).with_ffn_multiple(4))
        .with_scheme(S::kGptJ)
        .with_layout(layout("CodeGenModel", "h", "CodeGenBlock").with_attn_block("attn")
                         .with_norm_layout(NormLayout::kParallel).with_rope_style("gptj")),
    // BioGPT: learned positions, pre-LayerNorm with biases, every linear biased, fc1 / fc2 MLP, tied output
    // (configuration_biogpt.py).
    fam(F::kBioGpt, "biogpt", "biogpt", "BioGptForCausalLM")
        .with_dialect(hf_dialect("BioGptConfig",
            R"({"vocab_size":42384,"hidden_size":1024,"num_hidden_layers":24,"num_attention_heads":16,)"
            R"("intermediate_size":4096,"hidden_act":"gelu","max_position_embeddings":1024,"layer_norm_eps":1e-12,)"
            R"("tie_word_embeddings":true})",
            kLayerNorm | kAllLinearBias | kLearnedPositions | kPositionOffset2))
        .with_scheme(S::kPhi)
        .with_layout(layout("BioGptModel", "layers", "BioGptDecoderLayer").without_rotary()),

    // ================= MoE
    fam(F::kMixtral, "mixtral", "mixtral", "MixtralForCausalLM")
        .with_dialect(hf_dialect("MixtralConfig",
            R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"num_key_value_heads":8,"hidden_act":"silu","max_position_embeddings":131072,)"
            R"("rms_norm_eps":1e-5,"tie_word_embeddings":false,"rope_theta":1000000.0,)"
            R"("num_experts_per_tok":2,"num_local_experts":8})",
            kGatedMlp | kExpertsUseIntermediateSize).with_sliding(SlidingRule::kAllLayers))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("MixtralModel", "layers", "MixtralDecoderLayer")
                         .with_ffn("block_sparse_moe", "")
                         .with_routing(MoeRouting::kRenormalize))
        .with_exactness(E::kExact)
        .with_example("hf/mistralai__Mixtral-8x7B-v0.1.config.json"),
    fam(F::kGraniteMoe, "granitemoe", "granitemoe", "GraniteMoeForCausalLM")
        .with_gguf("granitemoe")
        .with_dialect(hf_dialect("GraniteMoeConfig",
            R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,)"
            R"("tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,"num_local_experts":8,)"
            R"("num_experts_per_tok":2})",
            kGatedMlp | kExpertsUseIntermediateSize))
        .with_scheme(S::kMoeExperts)
        .with_fused(kFusedExperts | kFusedGateUp)  // block_sparse_moe.input_linear / output_linear
        .with_layout(layout("GraniteMoeModel", "layers", "GraniteMoeDecoderLayer")
                         .with_ffn("block_sparse_moe", "")
                         .with_routing(MoeRouting::kRenormalize))
        .with_exactness(E::kExact)
        .with_example("hf/ibm-granite__granite-3.1-1b-a400m-instruct.config.json"),
    fam(F::kQwen2Moe, "qwen2_moe", "qwen2_moe", "Qwen2MoeForCausalLM")
        .with_gguf("qwen2moe")
        .with_dialect(hf_dialect("Qwen2MoeConfig",
            R"({"vocab_size":151936,"hidden_size":2048,"intermediate_size":5632,"num_hidden_layers":24,)"
            R"("num_attention_heads":16,"num_key_value_heads":16,"hidden_act":"silu","max_position_embeddings":32768,)"
            R"("rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"decoder_sparse_step":1,)"
            R"("moe_intermediate_size":1408,"shared_expert_intermediate_size":5632,"num_experts_per_tok":4,)"
            R"("num_experts":60,"norm_topk_prob":false,"mlp_only_layers":[]})",
            kGatedMlp | kQkvBias | kSharedExpertGate))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("Qwen2MoeModel", "layers", "Qwen2MoeDecoderLayer")
                         .with_shared("shared_expert")
                         .with_routing(MoeRouting::kSoftmaxTopk))
        .with_exactness(E::kExact)
        .with_example("hf-wild/Qwen__Qwen1.5-MoE-A2.7B/config.json"),
    fam(F::kQwen3Moe, "qwen3_moe", "qwen3_moe qwen3_vl_moe_text",
        "Qwen3MoeForCausalLM Qwen3VLMoeForConditionalGeneration")
        .with_gguf("qwen3moe")
        .with_wrappers("qwen3_vl_moe")
        .with_dialect(hf_dialect("Qwen3MoeConfig",
            R"({"vocab_size":151936,"hidden_size":2048,"intermediate_size":6144,"num_hidden_layers":24,)"
            R"("num_attention_heads":32,"num_key_value_heads":4,"hidden_act":"silu","max_position_embeddings":32768,)"
            R"("rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,)"
            R"("decoder_sparse_step":1,"moe_intermediate_size":768,"num_experts_per_tok":8,"num_experts":128,)"
            R"("norm_topk_prob":false,"mlp_only_layers":[]})",
            kGatedMlp | kQkNorm))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("Qwen3MoeModel", "layers", "Qwen3MoeDecoderLayer").with_routing(MoeRouting::kSoftmaxTopk))
        .with_exactness(E::kExact)
        .with_example("hf/Qwen__Qwen3-30B-A3B.config.json"),
    fam(F::kGptOss, "gpt_oss", "gpt_oss", "GptOssForCausalLM")
        .with_gguf("gpt-oss")
        .with_dialect(hf_dialect("GptOssConfig",
            R"({"num_hidden_layers":36,"num_local_experts":128,"vocab_size":201088,"hidden_size":2880,)"
            R"("intermediate_size":2880,"head_dim":64,"num_attention_heads":64,"num_key_value_heads":8,)"
            R"("sliding_window":128,"rope_theta":150000.0,"tie_word_embeddings":false,"hidden_act":"silu",)"
            R"("rms_norm_eps":1e-5,"max_position_embeddings":131072,"num_experts_per_tok":4,"attention_bias":true})",
            kGatedMlp | kExpertsUseIntermediateSize | kRouterBias | kExpertBias | kAttentionSinks)
                          .with_sliding(SlidingRule::kAlternate))
        .with_scheme(S::kMoeExperts)
        .with_fused(kFusedExperts)  // experts.gate_up_proj / down_proj
        .with_layout(layout("GptOssModel", "layers", "GptOssDecoderLayer")
                         .with_ffn("mlp", "")
                         .with_routing(MoeRouting::kRenormalize)
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_exactness(E::kExact)
        .with_example("hf/openai__gpt-oss-20b.config.json"),
    fam(F::kLlama4, "llama4", "llama4_text", "Llama4ForCausalLM Llama4ForConditionalGeneration")
        .with_gguf("llama4")
        .with_wrappers("llama4")
        .with_dialect(hf_dialect("Llama4TextConfig",
            R"({"vocab_size":202048,"hidden_size":5120,"intermediate_size":8192,"intermediate_size_mlp":16384,)"
            R"("num_hidden_layers":48,"num_attention_heads":40,"num_key_value_heads":8,"head_dim":128,)"
            R"("hidden_act":"silu","max_position_embeddings":131072,"rms_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"rope_theta":500000,"attention_chunk_size":8192,)"
            R"("num_experts_per_tok":1,"num_local_experts":16,"interleave_moe_layer_step":1})",
            kGatedMlp | kExpertsUseIntermediateSize | kSharedUsesIntermediateSize | kQkNormNoWeight)
                          .with_mixer(MixerRule::kChunkedEveryNthGlobal))
        .with_scheme(S::kMoeExperts)
        .with_fused(kFusedExperts)  // feed_forward.experts.gate_up_proj / down_proj
        .with_layout(layout("Llama4TextModel", "", "Llama4TextDecoderLayer")
                         .with_ffn("feed_forward", "moe")
                         .with_shared("shared_expert")
                         .with_routing(MoeRouting::kLlama4)
                         .with_variants(VN::kSuffixAll, VariantSet::kLlama4))
        .with_exactness(E::kPartial)
        .with_example("hf-wild/meta-llama__Llama-4-Scout-17B-16E-Instruct/config.json"),
    fam(F::kDeepSeekV1, "deepseek", "deepseek", "DeepseekForCausalLM")
        .with_gguf("deepseek")
        .with_dialect(hf_dialect("DeepseekConfig (remote code)",
            R"({"vocab_size":102400,"hidden_size":4096,"intermediate_size":11008,"moe_intermediate_size":1407,)"
            R"("num_hidden_layers":30,"num_attention_heads":32,"moe_layer_freq":1,"first_k_dense_replace":0,)"
            R"("norm_topk_prob":false,"scoring_func":"softmax","hidden_act":"silu","max_position_embeddings":2048,)"
            R"("rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false})",
            kGatedMlp))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("DeepseekModel", "layers", "DeepseekDecoderLayer").with_routing(MoeRouting::kSoftmaxTopk))
        .with_example("hf-wild/deepseek-ai__deepseek-moe-16b-base/config.json"),
    fam(F::kMiniMaxM2, "minimax_m2", "minimax_m2", "MiniMaxM2ForCausalLM")
        .with_dialect(hf_dialect("MiniMaxM2Config (remote code)", R"({"tie_word_embeddings":false})",
            kGatedMlp | kExpertsUseIntermediateSize | kQkNorm | kQkNormFullWidth | kScoreCorrectionBias))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("MiniMaxM2Model", "layers", "MiniMaxM2DecoderLayer")
                         .with_ffn("block_sparse_moe", "")
                         .with_routing(MoeRouting::kDeepSeek))
        .with_example("hf-wild/MiniMaxAI__MiniMax-M2.5/config.json"),
    fam(F::kMimoV2Flash, "mimo_v2_flash", "mimo_v2_flash", "MiMoV2FlashForCausalLM")
        .with_dialect(hf_dialect("MiMoV2FlashConfig (remote code)", R"({"tie_word_embeddings":false})",
            kGatedMlp | kScoreCorrectionBias).with_mixer(MixerRule::kHybridLayerPattern))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("MiMoV2FlashModel", "layers", "MiMoV2FlashDecoderLayer")
                         .with_routing(MoeRouting::kDeepSeek)
                         .with_variants(VN::kSuffixAll, VariantSet::kSlidingFull))
        .with_exactness(E::kPartial)
        .with_example("hf-wild/XiaomiMiMo__MiMo-V2-Flash/config.json"),
    fam(F::kHunyuanMoe, "hunyuan_moe", "hunyuan hunyuan_v1_moe", "HunYuanMoEV1ForCausalLM")
        .with_gguf("hunyuan-moe")
        .with_dialect(hf_dialect("HunYuanConfig (remote code)", R"({"tie_word_embeddings":true})",
            kGatedMlp | kQkNorm | kSharedUsesIntermediateSize))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("HunYuanModel", "layers", "HunYuanDecoderLayer").with_shared("shared_mlp")
                         .with_routing(MoeRouting::kSoftmaxTopk))
        .with_example("hf-wild/tencent__Hunyuan-A13B-Instruct/config.json"),
    fam(F::kOlmoe, "olmoe", "olmoe", "OlmoeForCausalLM")
        .with_gguf("olmoe")
        .with_dialect(hf_dialect("OlmoeConfig",
            R"({"vocab_size":50304,"hidden_size":2048,"intermediate_size":2048,"num_hidden_layers":16,)"
            R"("num_attention_heads":16,"num_experts":64,"num_experts_per_tok":8,"rms_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false})",
            kGatedMlp | kQkNorm | kQkNormFullWidth | kExpertsUseIntermediateSize))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("OlmoeModel", "layers", "OlmoeDecoderLayer").with_routing(MoeRouting::kSoftmaxTopk))
        .with_example("model_types/allenai__OLMoE-1B-7B-step23842-hf/config.json"),
    fam(F::kGlm4Moe, "glm4_moe", "glm4_moe", "Glm4MoeForCausalLM")
        .with_gguf("glm4moe")
        .with_dialect(hf_dialect("Glm4MoeConfig",
            R"({"vocab_size":151552,"hidden_size":4096,"intermediate_size":10944,"moe_intermediate_size":1408,)"
            R"("num_hidden_layers":46,"num_attention_heads":96,"num_key_value_heads":8,"head_dim":128,)"
            R"("partial_rotary_factor":0.5,"n_shared_experts":1,"n_routed_experts":128,"num_experts_per_tok":8,)"
            R"("first_k_dense_replace":1,"norm_topk_prob":true,"tie_word_embeddings":false})",
            kGatedMlp | kScoreCorrectionBias))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("Glm4MoeModel", "layers", "Glm4MoeDecoderLayer").with_routing(MoeRouting::kDeepSeek))
        .with_example("model_types/zai-org__GLM-4.7-FP8/config.json"),
    // DBRX: fused Wqkv (kv_n_heads in attn_config), LayerNorm without bias, 16 gated experts of ffn_hidden_size
    // (ffn_config) in every layer (configuration_dbrx.py).
    fam(F::kDbrx, "dbrx", "dbrx", "DbrxForCausalLM")
        .with_gguf("dbrx")
        .with_dialect(hf_dialect("DbrxConfig",
            R"({"d_model":2048,"n_heads":16,"n_layers":24,"max_seq_len":2048,"vocab_size":32000,)"
            R"("tie_word_embeddings":false,"attn_config.kv_n_heads":1,"attn_config.rope_theta":10000.0,)"
            R"("ffn_config.ffn_hidden_size":3584,"ffn_config.moe_num_experts":4,"ffn_config.moe_top_k":1})",
            kGatedMlp | kLayerNorm | kNormNoBias))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("DbrxModel", "blocks", "DbrxBlock").with_attn_block("norm_attn_norm")
                         .with_ffn("ffn", "")
                         .with_routing(MoeRouting::kRenormalize))
        .with_example("model_types/mlx-community__dbrx-instruct-4bit/config.json"),
    // Phi-3.5-MoE: Mixtral layout (block_sparse_moe, experts of intermediate_size) with LayerNorm and biases
    // (configuration_phimoe.py); sparsemixer routing.
    fam(F::kPhiMoe, "phimoe", "phimoe", "PhimoeForCausalLM")
        .with_gguf("phimoe")
        .with_dialect(hf_dialect("PhimoeConfig",
            R"({"vocab_size":32064,"hidden_size":4096,"intermediate_size":6400,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"num_key_value_heads":8,"hidden_act":"silu","max_position_embeddings":131072,)"
            R"("rms_norm_eps":1e-5,"tie_word_embeddings":false,"rope_theta":1000000.0,"num_experts_per_tok":2,)"
            R"("num_local_experts":16})",
            kGatedMlp | kLayerNorm | kExpertsUseIntermediateSize))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("PhimoeModel", "layers", "PhimoeDecoderLayer").with_ffn("block_sparse_moe", ""))
        .with_example("model_types/microsoft__Phi-3.5-MoE-instruct/config.json"),
    // dots.llm1: Qwen3 attention (q/k RMSNorm) with DeepSeek-V3's MoE (sigmoid scores with a correction bias,
    // n_shared_experts, first_k_dense_replace dense layers first) (configuration_dots1.py; defaults read from
    // Dots1Config: n_routed_experts / n_shared_experts / num_experts_per_tok default to None, so none here).
    fam(F::kDots1, "dots1", "dots1", "Dots1ForCausalLM")
        .with_dialect(hf_dialect("Dots1Config",
            R"({"vocab_size":152064,"hidden_size":4608,"intermediate_size":10944,"moe_intermediate_size":1408,)"
            R"("num_hidden_layers":62,"num_attention_heads":32,"num_key_value_heads":32,"hidden_act":"silu",)"
            R"("max_position_embeddings":2048,"rms_norm_eps":1e-6,"norm_topk_prob":false,)"
            R"("tie_word_embeddings":false,"first_k_dense_replace":0})",
            kGatedMlp | kQkNorm | kScoreCorrectionBias))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("Dots1Model", "layers", "Dots1DecoderLayer").with_routing(MoeRouting::kDeepSeek))
        .with_example("model_types/mlx-community__dots.llm1.inst-mixed-4-6bit/config.json"),
    // Ling / Bailing MoE (remote code): fused attention.query_key_value + attention.dense, num_shared_experts shared
    // experts of moe_intermediate_size, softmax top-k routing.
    fam(F::kBailingMoe, "bailing_moe", "bailing_moe", "BailingMoeForCausalLM")
        .with_dialect(hf_dialect("BailingMoeConfig (remote code)", R"({"tie_word_embeddings":false})", kGatedMlp))
        .with_scheme(S::kLlamaFused)
        .with_layout(layout("BailingMoeModel", "layers", "BailingMoeDecoderLayer").with_attn_block("attention")
                         .with_routing(MoeRouting::kSoftmaxTopk))
        .with_example("model_types/inclusionAI__Ling-lite-1.5/config.json"),
    // ERNIE 4.5 MoE: experts of moe_intermediate_size from moe_layer_start_index to moe_layer_end_index every
    // moe_layer_interval layers, moe_num_shared_experts shared experts of the same width
    // (configuration_ernie4_5_moe.py).
    fam(F::kErnie45Moe, "ernie4_5_moe", "ernie4_5_moe", "Ernie4_5_MoeForCausalLM")
        .with_gguf("ernie4_5-moe")
        .with_dialect(hf_dialect("Ernie4_5_MoeConfig",
            R"({"tie_word_embeddings":true,"moe_layer_start_index":1,"moe_layer_end_index":-1,)"
            R"("moe_layer_interval":1})",
            kGatedMlp))
        .with_scheme(S::kMoeExperts)
        .with_layout(layout("Ernie4_5_MoeModel", "layers", "Ernie4_5_MoeDecoderLayer")
                         .with_routing(MoeRouting::kSoftmaxTopk))
        .with_example("model_types/baidu__ERNIE-4.5-21B-A3B/config.json"),

    // ================= MLA (+ MoE with a few dense layers first)
    fam(F::kDeepSeekV2, "deepseek_v2", "deepseek_v2", "DeepseekV2ForCausalLM")
        .with_gguf("deepseek2")
        .with_dialect(hf_dialect("DeepseekV2Config",
            R"({"vocab_size":102400,"hidden_size":4096,"intermediate_size":11008,"moe_intermediate_size":1407,)"
            R"("num_hidden_layers":30,"num_attention_heads":32,"num_key_value_heads":32,"kv_lora_rank":512,)"
            R"("q_lora_rank":1536,"qk_rope_head_dim":64,"v_head_dim":128,"qk_nope_head_dim":128,"moe_layer_freq":1,)"
            R"("first_k_dense_replace":0,"norm_topk_prob":false,"scoring_func":"softmax","topk_method":"greedy",)"
            R"("hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,"tie_word_embeddings":false,)"
            R"("rope_theta":10000.0,"attention_bias":false})",
            kGatedMlp))
        .with_scheme(S::kMla)
        .with_layout(layout("", "", "DeepseekV2DecoderLayer").with_routing(MoeRouting::kNone).with_rope_style("gptj"))
        .with_exactness(E::kExact)
        .with_example("hf-wild/deepseek-ai__DeepSeek-V2-Lite-Chat/config.json"),
    fam(F::kDeepSeekV3, "deepseek_v3", "deepseek_v3", "DeepseekV3ForCausalLM")
        .with_dialect(kDeepSeekV3Dialect)
        .with_scheme(S::kMla)
        .with_layout(kDeepSeekLayout)
        .with_exactness(E::kExact)
        .with_example("hf/deepseek-ai__DeepSeek-V3.config.json"),
    // MiniCPM3 (remote code): DeepSeek-V2's MLA attention (v_head_dim absent = qk_nope_head_dim) with a dense gated
    // MLP in every layer, muP scales (scale_emb, scale_depth) that change no parameter count.
    fam(F::kMiniCpm3, "minicpm3", "minicpm3", "MiniCPM3ForCausalLM")
        .with_dialect(hf_dialect("MiniCPM3Config (remote code)", R"({})", kGatedMlp))
        .with_scheme(S::kMla)
        .with_layout(layout("MiniCPM3Model", "layers", "MiniCPMDecoderLayer").with_rope_style("gptj"))
        .with_example("model_types/openbmb__MiniCPM3-4B/config.json"),
    fam(F::kKimiK2, "kimi_k2", "kimi_k2", "")
        .with_wrappers("kimi_k25 kimi_vl")
        .with_dialect(kDeepSeekV3Dialect)
        .with_scheme(S::kMla)
        .with_layout(layout("", "", "KimiK2DecoderLayer").with_root("KimiK2ForCausalLM")
                         .with_routing(MoeRouting::kDeepSeek).with_rope_style("gptj"))
        .with_exactness(E::kExact)
        .with_example("hf/moonshotai__Kimi-K2-Instruct.config.json"),
    fam(F::kDeepSeekV32, "deepseek_v32", "deepseek_v32", "DeepseekV32ForCausalLM")
        .with_dialect(kDeepSeekV3Dialect)
        .with_scheme(S::kMla)
        .with_layout(layout("", "", "DeepseekV32DecoderLayer").with_routing(MoeRouting::kDeepSeek)
                         .with_rope_style("gptj").with_dsa())
        .with_exactness(E::kExact)
        .with_example("hf/deepseek-ai__DeepSeek-V3.2.config.json"),
    fam(F::kGlmMoeDsa, "glm_moe_dsa", "glm_moe_dsa", "GlmMoeDsaForCausalLM")
        .with_dialect(kDeepSeekV3Dialect)
        .with_scheme(S::kMla)
        .with_layout(layout("GlmMoeDsaModel", "layers", "GlmMoeDsaDecoderLayer").with_routing(MoeRouting::kDeepSeek)
                         .with_rope_style("gptj").with_dsa())
        .with_example("hf-wild/zai-org__GLM-5/config.json"),
    // Glm4MoeLite: DeepSeek-V3's MLA attention with GLM-4.5's sigmoid-routed MoE (modular_glm4_moe_lite.py).
    // HF defaults mlp_layer_types to one dense layer first, written here as first_k_dense_replace 1.
    fam(F::kGlm4MoeLite, "glm4_moe_lite", "glm4_moe_lite", "Glm4MoeLiteForCausalLM")
        .with_dialect(hf_dialect("Glm4MoeLiteConfig",
            R"({"vocab_size":154880,"hidden_size":2048,"intermediate_size":10240,"moe_intermediate_size":1536,)"
            R"("num_hidden_layers":47,"num_attention_heads":20,"num_key_value_heads":20,"n_shared_experts":1,)"
            R"("n_routed_experts":64,"kv_lora_rank":512,"q_lora_rank":768,"qk_rope_head_dim":64,"v_head_dim":256,)"
            R"("qk_nope_head_dim":192,"n_group":1,"topk_group":1,"num_experts_per_tok":4,"norm_topk_prob":true,)"
            R"("first_k_dense_replace":1,"hidden_act":"silu","max_position_embeddings":202752,"rms_norm_eps":1e-5,)"
            R"("tie_word_embeddings":false,"attention_bias":false})",
            kGatedMlp | kScoreCorrectionBias))
        .with_scheme(S::kMla)
        .with_layout(layout("Glm4MoeLiteModel", "layers", "Glm4MoeLiteDecoderLayer").with_routing(MoeRouting::kDeepSeek)
                         .with_rope_style("gptj"))
        .with_example("model_types/zai-org__GLM-4.7-Flash/config.json"),

    // ================= hybrids and recurrent
    fam(F::kQwen3Next, "qwen3_next", "qwen3_next", "Qwen3NextForCausalLM")
        .with_gguf("qwen3next")
        .with_dialect(kQwen3NextDialect)
        .with_scheme(S::kHybrid)
        .with_layout(layout("", "layers", "Qwen3NextDecoderLayer")
                         .with_shared("shared_expert")
                         .with_routing(MoeRouting::kSoftmaxTopk)
                         .with_variants(VN::kSuffixAll, VariantSet::kGdnGqa))
        .with_exactness(E::kExact)
        .with_example("hf/Qwen__Qwen3-Next-80B-A3B-Thinking.config.json"),
    // Qwen3.5 dense: the Qwen3-Next mixers (Gated DeltaNet, one full-attention layer in full_attention_interval)
    // with a dense gated MLP; text_config qwen3_5_text inside the qwen3_5 VLM.
    fam(F::kQwen35, "qwen3_5", "qwen3_5_text", "Qwen3_5ForConditionalGeneration Qwen3_5ForCausalLM")
        .with_wrappers("qwen3_5")
        .with_dialect(hf_dialect("Qwen3_5TextConfig", R"({"tie_word_embeddings":false,"full_attention_interval":4})",
            kGatedMlp | kQkNorm | kAttentionOutputGate).with_mixer(MixerRule::kFullAttentionEvery))
        .with_scheme(S::kHybrid)
        .with_layout(layout("Qwen3_5TextModel", "layers", "Qwen3_5DecoderLayer")
                         .with_variants(VN::kSuffixAll, VariantSet::kGdnGqa))
        .with_exactness(E::kPartial)
        .with_example("model_types/Qwen__Qwen3.5-9B/config.json"),
    fam(F::kQwen35Moe, "qwen3_5_moe", "qwen3_5_moe_text", "Qwen3_5MoeForConditionalGeneration Qwen3_5MoeForCausalLM")
        .with_wrappers("qwen3_5_moe")
        .with_dialect(kQwen3NextDialect)
        .with_scheme(S::kHybrid)
        .with_layout(layout("Qwen3_5MoeTextModel", "layers", "Qwen3_5MoeDecoderLayer")
                         .with_shared("shared_expert")
                         .with_routing(MoeRouting::kSoftmaxTopk)
                         .with_variants(VN::kSuffixAll, VariantSet::kGdnGqa))
        .with_exactness(E::kPartial)
        .with_example("hf-wild/Qwen__Qwen3.5-35B-A3B/config.json"),
    fam(F::kNemotronH, "nemotron_h", "nemotron_h", "NemotronHForCausalLM")
        .with_gguf("nemotron_h")
        .with_dialect(hf_dialect("NemotronHConfig",
            R"({"vocab_size":131072,"hidden_size":4096,"num_hidden_layers":52,"num_attention_heads":32,)"
            R"("attention_head_dim":128,"num_key_value_heads":8,"mlp_hidden_act":"relu2","attention_bias":false,)"
            R"("mlp_bias":false,"use_bias":false,"layer_norm_epsilon":1e-5,"tie_word_embeddings":false,)"
            R"("max_position_embeddings":4096,"ssm_state_size":128,"mamba_num_heads":128,"n_groups":8,)"
            R"("mamba_head_dim":64,"conv_kernel":4,"expand":2,"use_conv_bias":true,"mamba_proj_bias":false,)"
            R"("hybrid_override_pattern":"M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-"})",
            kScoreCorrectionBias).with_norms(NormsRule::kOne))
        .with_scheme(S::kHybrid)
        .with_layout(layout("", "", "NemotronHDecoderLayer")
                         .with_ffn_only_norm("input_layernorm", kinds::kInputNorm)
                         .without_rotary()
                         .with_routing(MoeRouting::kDeepSeek)
                         .with_variants(VN::kSuffixOnCollision, VariantSet::kNemotronH))
        .with_exactness(E::kExact)
        .with_example("hf/nvidia__Nemotron-H-56B-Base-8K.config.json"),
    // DeciLM / Llama-Nemotron (NAS): per-layer attention (or none) and FFN width; one variant per
    // distinct (attention, KV heads, FFN width).
    fam(F::kDeci, "deci", "nemotron-nas deci deci_lm", "DeciLMForCausalLM")
        .with_dialect(hf_dialect("DeciLMConfig",
            R"({"vocab_size":32000,"hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32,)"
            R"("hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,"tie_word_embeddings":false,)"
            R"("rope_theta":10000.0,"attention_bias":false,"mlp_bias":false})",
            kGatedMlp))
        .with_layout(layout("DeciLMModel", "layers", "DeciLMDecoderLayer").with_per_layer_widths())
        .with_exactness(E::kExact)
        .with_example("hf/nvidia__Llama-3_3-Nemotron-Super-49B-v1.config.json"),
    fam(F::kLfm2, "lfm2", "lfm2", "Lfm2ForCausalLM Lfm2VlForConditionalGeneration")
        .with_gguf("lfm2")
        .with_wrappers("lfm2_vl")
        .with_dialect(hf_dialect("Lfm2Config",
            R"({"vocab_size":65536,"hidden_size":2560,"intermediate_size":12288,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"num_key_value_heads":8,"norm_eps":1e-5,"tie_word_embeddings":true})",
            kGatedMlp | kQkNorm))
        .with_scheme(S::kHybrid)
        .with_layout(layout("Lfm2Model", "layers", "Lfm2DecoderLayer").with_ffn("feed_forward", "moe"))
        .with_exactness(E::kPartial)
        .with_example("hf-wild/LiquidAI__LFM2.5-VL-1.6B/config.json"),
    fam(F::kRwkv5, "rwkv5", "rwkv5 rwkv6 rwkv", "RwkvForCausalLM Rwkv5ForCausalLM Rwkv6ForCausalLM")
        .with_dialect(hf_dialect("Rwkv5Config (remote code)",
            R"({"vocab_size":65536,"hidden_size":768,"num_hidden_layers":24,"head_size":64,)"
            R"("layer_norm_epsilon":1e-5,"tie_word_embeddings":false})",
            kLayerNorm).with_mixer(MixerRule::kRecurrent).with_ffn_multiple(4))
        .with_scheme(S::kRwkv)
        .with_layout(layout("Rwkv5Model", "blocks", "Rwkv5Block").with_attn_block("attention")
                         .with_ffn("feed_forward", "moe").without_rotary())
        .with_exactness(E::kPartial)
        .with_example("hf-wild/RWKV__rwkv-5-world-3b/config.json"),
    // Granite 4.0 hybrids: layer_types "mamba" (Mamba2) / "attention", every layer Mamba2 when layer_types is absent
    // (layers_block_type); MoE of intermediate_size with a shared MLP of shared_intermediate_size
    // (configuration_granitemoehybrid.py).
    fam(F::kGraniteMoeHybrid, "granitemoehybrid", "granitemoehybrid", "GraniteMoeHybridForCausalLM")
        .with_gguf("granitehybrid")
        .with_dialect(hf_dialect("GraniteMoeHybridConfig",
            R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,)"
            R"("num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,)"
            R"("tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,"num_local_experts":8,)"
            R"("num_experts_per_tok":2,"shared_intermediate_size":1024,"mamba_n_heads":128,"mamba_n_groups":1,)"
            R"("mamba_d_state":256,"mamba_d_conv":4,"mamba_expand":2,"mamba_conv_bias":true,)"
            R"("mamba_proj_bias":false})",
            kGatedMlp | kExpertsUseIntermediateSize).with_mixer(MixerRule::kMamba2UnlessTyped))
        .with_scheme(S::kHybrid)
        .with_layout(layout("GraniteMoeHybridModel", "layers", "GraniteMoeHybridDecoderLayer")
                         .with_ffn("shared_mlp", "block_sparse_moe")
                         .with_routing(MoeRouting::kRenormalize))
        .with_exactness(E::kPartial)
        .with_example("model_types/ibm-granite__granite-4.0-h-small/config.json"),
    // Bamba: Mamba2 layers with attention at attn_layer_indices (none when absent), dense gated MLP; RoPE on half
    // the head (partial_rotary_factor 0.5, hard-coded by configuration_bamba.py).
    fam(F::kBamba, "bamba", "bamba", "BambaForCausalLM")
        .with_dialect(hf_dialect("BambaConfig",
            R"({"vocab_size":128000,"tie_word_embeddings":false,"hidden_size":4096,"intermediate_size":14336,)"
            R"("num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"hidden_act":"silu",)"
            R"("rms_norm_eps":1e-5,"max_position_embeddings":262144,"mamba_n_heads":128,"mamba_n_groups":1,)"
            R"("mamba_d_state":256,"mamba_d_conv":4,"mamba_expand":2,"mamba_conv_bias":true,)"
            R"("mamba_proj_bias":false,"partial_rotary_factor":0.5})",
            kGatedMlp).with_mixer(MixerRule::kAttentionAtIndices))
        .with_scheme(S::kHybrid)
        .with_layout(layout("BambaModel", "layers", "BambaDecoderLayer").with_ffn("feed_forward", "moe"))
        .with_exactness(E::kPartial)
        .with_example("model_types/ibm-ai-platform__Bamba-9B/config.json"),
    // Falcon-H1: attention and Mamba2 side by side in every layer, dense gated MLP (configuration_falcon_h1.py).
    fam(F::kFalconH1, "falcon_h1", "falcon_h1", "FalconH1ForCausalLM")
        .with_gguf("falcon-h1")
        .with_dialect(hf_dialect("FalconH1Config",
            R"({"vocab_size":128000,"tie_word_embeddings":false,"hidden_size":4096,"intermediate_size":14336,)"
            R"("num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"hidden_act":"silu",)"
            R"("rms_norm_eps":1e-5,"max_position_embeddings":8192,"mamba_n_heads":128,"mamba_n_groups":1,)"
            R"("mamba_d_state":256,"mamba_d_conv":4,"mamba_expand":2,"mamba_conv_bias":true,)"
            R"("mamba_proj_bias":false,"attention_bias":false,"mlp_bias":false})",
            kGatedMlp).with_mixer(MixerRule::kParallelHybrid))
        .with_scheme(S::kHybrid)
        .with_layout(layout("FalconH1Model", "layers", "FalconH1DecoderLayer").with_ffn("feed_forward", "moe"))
        .with_exactness(E::kPartial)
        .with_example("model_types/tiiuae__Falcon-H1-Tiny-90M-Base/config.json"),
    // Jamba: attention every attn_layer_period layers (at attn_layer_offset), Mamba (v1) elsewhere (with RMSNorms on
    // dt, B and C: JambaMambaMixer); experts of intermediate_size every expert_layer_period layers
    // (configuration_jamba.py; defaults checked against JambaConfig.__init__).
    fam(F::kJamba, "jamba", "jamba", "JambaForCausalLM")
        .with_gguf("jamba")
        .with_dialect(hf_dialect("JambaConfig",
            R"({"vocab_size":65536,"tie_word_embeddings":false,"hidden_size":4096,"intermediate_size":14336,)"
            R"("num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"hidden_act":"silu",)"
            R"("rms_norm_eps":1e-6,"num_experts_per_tok":2,"num_experts":16,"expert_layer_period":2,)"
            R"("expert_layer_offset":1,"attn_layer_period":8,"attn_layer_offset":4,"mamba_d_state":16,)"
            R"("mamba_d_conv":4,"mamba_expand":2,"mamba_conv_bias":true,"mamba_proj_bias":false})",
            kGatedMlp | kExpertsUseIntermediateSize | kMambaInnerNorms).with_mixer(MixerRule::kPeriodicAttention))
        .with_scheme(S::kHybrid)
        .with_layout(layout("JambaModel", "layers", "JambaAttentionDecoderLayer").with_ffn("feed_forward", "feed_forward")
                         .with_routing(MoeRouting::kSoftmaxTopk))
        .with_example("model_types/ai21labs__AI21-Jamba-1.5-Mini/config.json"),
    // Mamba (v1) and FalconMamba: every layer a Mamba mixer (in_proj, conv1d, x_proj, dt_proj, A_log, D) of
    // intermediate_size channels, no FFN, no attention (configuration_mamba.py / configuration_falcon_mamba.py share
    // the keys; FalconMamba's B/C/dt RMSNorms have no weights).
    fam(F::kMamba, "mamba", "mamba falcon_mamba", "MambaForCausalLM FalconMambaForCausalLM")
        .with_gguf("mamba")
        .with_dialect(hf_dialect("MambaConfig",
            R"({"vocab_size":50280,"hidden_size":768,"state_size":16,"num_hidden_layers":32,)"
            R"("layer_norm_epsilon":1e-5,"expand":2,"conv_kernel":4,"use_bias":false,"use_conv_bias":true,)"
            R"("tie_word_embeddings":true})",
            0).with_mixer(MixerRule::kMamba1Only).with_norms(NormsRule::kOne))
        .with_scheme(S::kHybrid)
        .with_layout(layout("MambaModel", "layers", "MambaBlock").with_attn_block("mixer").without_rotary())
        .with_exactness(E::kExact)  // state-spaces/mamba-130m-hf: 129,135,360 (tests/cpp/model_types_test.cpp)
        .with_example("model_types/state-spaces__mamba-130m-hf/config.json"),
    // Mamba2: every layer a Mamba2 mixer with num_heads x head_dim, n_groups, no FFN (configuration_mamba2.py).
    fam(F::kMamba2, "mamba2", "mamba2", "Mamba2ForCausalLM")
        .with_gguf("mamba2")
        .with_dialect(hf_dialect("Mamba2Config",
            R"({"num_heads":128,"head_dim":64,"vocab_size":32768,"hidden_size":4096,"state_size":128,)"
            R"("num_hidden_layers":64,"layer_norm_epsilon":1e-5,"expand":2,"conv_kernel":4,"n_groups":8,)"
            R"("use_bias":false,"use_conv_bias":true,"tie_word_embeddings":false})",
            0).with_mixer(MixerRule::kMamba2Only).with_norms(NormsRule::kOne))
        .with_scheme(S::kHybrid)
        .with_layout(layout("Mamba2Model", "layers", "Mamba2Block").with_attn_block("mixer").without_rotary())
        .with_example("model_types/mistralai__Mamba-Codestral-7B-v0.1/config.json"),

    // ================= unknown family
    fam(F::kGeneric, "generic", "", "")
        .with_dialect(hf_dialect("none (unknown class: absent keys are null)", "{}", kGatedMlp))
        .with_scheme(S::kGeneric),
};

static_assert(std::size(kSpecs) == kFamilyCount, "every FamilyId needs exactly one row in kSpecs");

// One column of kSpecs, in FamilyId order: the rows, and the columns kept apart from them. kSpecs itself is read
// only here, at compile time, so no build carries it; each build carries the columns its code reads.
template <class T, class Get>
constexpr std::array<T, kFamilyCount> column(Get get) {
  std::array<T, kFamilyCount> out{};
  for (size_t i = 0; i < kFamilyCount; ++i) out[i] = get(kSpecs[i]);
  return out;
}
constexpr std::array<FamilyRow, kFamilyCount> kRows = column<FamilyRow>([](const FamilySpec& s) { return s.row; });
constexpr std::array<const char*, kFamilyCount> kGgufNames =
    column<const char*>([](const FamilySpec& s) { return s.gguf; });
constexpr std::array<const char*, kFamilyCount> kExamples =
    column<const char*>([](const FamilySpec& s) { return s.example; });

constexpr bool rows_in_id_order() {
  for (size_t i = 0; i < kFamilyCount; ++i) {
    if (static_cast<size_t>(kRows[i].id) != i) return false;
  }
  return true;
}
static_assert(rows_in_id_order(), "kSpecs must list the families in FamilyId order");

constexpr bool rows_complete() {
  for (const FamilyRow& r : kRows) {
    if (r.name[0] == '\0' || r.dialect.defaults_class[0] == '\0') return false;
    if (r.id != FamilyId::kGeneric && r.layout.decoder_layer_class[0] == '\0') return false;
    if (r.id != FamilyId::kGeneric && r.model_types[0] == '\0' && r.architectures[0] == '\0') return false;
  }
  return true;
}
static_assert(rows_complete(), "every family row needs a name, a dialect, names to match and a layout");

// The index of a family id (an out-of-range id reads kGeneric's, the last).
constexpr size_t index_of(FamilyId id) {
  const size_t i = static_cast<size_t>(id);
  return i < kFamilyCount ? i : kFamilyCount - 1;
}

}  // namespace

const FamilyRow* family_rows() { return kRows.data(); }
const char* family_gguf_names(FamilyId id) { return kGgufNames[index_of(id)]; }
const char* family_example(FamilyId id) { return kExamples[index_of(id)]; }

}  // namespace hfmi
