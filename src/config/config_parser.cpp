#include "config/config_parser.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>

#include "config/config_dialects.hpp"
#include "registry/family_registry.hpp"
#include "config/config_fields.hpp"
#include "config/config_sections.hpp"
#include "config/config_values.hpp"
#include "config/layer_patterns.hpp"

namespace hfmi {
namespace {

// Keys under which VLM / wrapper configs nest the language model.
const char* const kTextScopeKeys[] = {"text_config", "language_config", "llm_config"};

// Plain copies from the field table into ModelConfig members.
struct CountBinding {
  const char* field;
  int64_t ModelConfig::*member;
  bool required;  // missing with no default -> E_BAD_CONFIG
};
const CountBinding kCountBindings[] = {
    {"hidden_size", &ModelConfig::hidden_size, true},
    {"num_layers", &ModelConfig::num_layers, true},
    {"num_heads", &ModelConfig::num_heads, true},
    {"vocab_size", &ModelConfig::vocab_size, true},
    {"max_position_embeddings", &ModelConfig::max_position_embeddings, false},
    {"sliding_window", &ModelConfig::sliding_window, false},
    {"num_mtp_layers", &ModelConfig::num_mtp_layers, false},
    {"index_n_heads", &ModelConfig::index_n_heads, false},
    {"index_head_dim", &ModelConfig::index_head_dim, false},
    {"index_topk", &ModelConfig::index_topk, false},
};

struct MlaBinding {
  const char* field;
  int64_t MlaConfig::*member;
};
const MlaBinding kMlaBindings[] = {
    {"q_lora_rank", &MlaConfig::q_lora_rank},         {"kv_lora_rank", &MlaConfig::kv_lora_rank},
    {"qk_nope_head_dim", &MlaConfig::qk_nope_head_dim}, {"qk_rope_head_dim", &MlaConfig::qk_rope_head_dim},
    {"v_head_dim", &MlaConfig::v_head_dim},
};

struct LinearBinding {
  const char* field;
  int64_t LinearAttentionConfig::*member;
};
const LinearBinding kLinearBindings[] = {
    {"linear_num_key_heads", &LinearAttentionConfig::num_key_heads},
    {"linear_num_value_heads", &LinearAttentionConfig::num_value_heads},
    {"linear_key_head_dim", &LinearAttentionConfig::key_head_dim},
    {"linear_value_head_dim", &LinearAttentionConfig::value_head_dim},
    {"linear_conv_kernel_dim", &LinearAttentionConfig::conv_kernel_dim},
};

struct MambaBinding {
  const char* field;
  int64_t MambaConfig::*member;
};
const MambaBinding kMambaBindings[] = {
    {"mamba_num_heads", &MambaConfig::num_heads}, {"mamba_head_dim", &MambaConfig::head_dim},
    {"ssm_state_size", &MambaConfig::state_size}, {"mamba_n_groups", &MambaConfig::n_groups},
    {"mamba_conv_kernel", &MambaConfig::conv_kernel}, {"mamba_expand", &MambaConfig::expand},
};

Error bad(const std::string& message, const std::string& path) { return make_error(codes::kBadConfig, message, path); }

// Warning codes (ModelConfig::Issue::code).
namespace warn_codes {
inline constexpr const char* kMissingField = "W_MISSING_FIELD";      // a needed key is absent and has no default
inline constexpr const char* kUnknownFamily = "W_UNKNOWN_FAMILY";    // no registry row: a generic layout is assumed
inline constexpr const char* kUnfamiliarValue = "W_UNFAMILIAR_VALUE";  // a value the tables do not know
inline constexpr const char* kPerLayerValues = "W_PER_LAYER_VALUES";   // a per-layer list where a number is usual
}  // namespace warn_codes

void warn(ModelConfig& cfg, const char* code, const std::string& message, const std::string& path) {
  cfg.warnings.push_back(message + " (" + path + ")");
  cfg.issues.push_back({code, message, path});
}

void mark_null(ModelConfig& cfg, const std::string& field, const std::string& why, const std::string& path) {
  cfg.null_fields.push_back(field);
  warn(cfg, warn_codes::kMissingField, field + " is unknown: " + why + "; it is reported as null", path);
}

class Parser {
 public:
  // generic: no family row, so no class defaults either: an absent key is null (W_MISSING_FIELD), not a guess.
  Parser(const Json& root, const Dialect& dialect, const FieldValues& v, bool generic)
      : root_(root), d_(dialect), v_(v), generic_(generic) {}

  Result<ModelConfig> run(ModelConfig cfg) {
    cfg_ = std::move(cfg);
    for (auto step : {&Parser::core, &Parser::heads, &Parser::ffn, &Parser::mla, &Parser::moe, &Parser::hybrids,
                      &Parser::anatomy, &Parser::layers, &Parser::finish}) {
      if (auto err = (this->*step)()) return *err;
    }
    return std::move(cfg_);
  }

 private:
  using Step = std::optional<Error>;

  void take(const char* field, const std::string& as, int64_t& member) {
    member = per_layer_value(field);  // a count, or the most common entry of a per-layer list (OpenELM num_kv_heads)
    cfg_.sources[as] = v_.source(field);
  }

  Step core() {
    for (const auto& b : kCountBindings) {
      if (!v_.has(b.field)) {
        if (b.required && !(std::string(b.field) == "num_heads" && derive_heads())) {
          mark_null(cfg_, b.field, "the key is missing and " + std::string(d_.defaults_class) + " has no default for it",
                    v_.path(b.field));
        }
        continue;
      }
      take(b.field, b.field, cfg_.*b.member);
    }
    if (v_.has("norm_eps")) {
      const double eps = v_.number("norm_eps");
      if (!std::isfinite(eps) || eps < 0 || eps >= 1) return bad("norm epsilon must be in [0, 1)", v_.path("norm_eps"));
      cfg_.norm_eps = eps;
      cfg_.sources["norm_eps"] = v_.source("norm_eps");
    }
    if (v_.has("rope_theta")) {
      cfg_.rope_theta = v_.number("rope_theta");
      cfg_.sources["rope_theta"] = v_.source("rope_theta");
    }
    if (const Json* rs = v_.raw("rope_scaling")) {
      for (const char* k : {"rope_type", "type"}) {
        const auto it = rs->find(k);
        if (it != rs->end() && it->is_string()) {
          cfg_.rope_scaling_type = it->get<std::string>();
          cfg_.sources["rope_scaling_type"] = "config:" + v_.path("rope_scaling") + "." + k;
          break;
        }
      }
    }
    cfg_.hidden_act = v_.text("hidden_act");
    if (!cfg_.hidden_act.empty()) cfg_.sources["hidden_act"] = v_.source("hidden_act");
    cfg_.torch_dtype = v_.text("torch_dtype");
    if (!cfg_.torch_dtype.empty()) cfg_.sources["torch_dtype"] = v_.source("torch_dtype");
    cfg_.tie_word_embeddings = v_.flag("tie_word_embeddings");
    const bool tie_missing = !v_.has("tie_word_embeddings") && !v_.is_null("tie_word_embeddings");
    if (!(tie_missing && generic_)) {  // a null field has no source
      cfg_.sources["tie_word_embeddings"] =
          v_.has("tie_word_embeddings") ? v_.source("tie_word_embeddings") : "default:PretrainedConfig";
    }
    if (tie_missing) {
      if (generic_) {  // an unknown class may override PretrainedConfig's True (Llama, Mistral, ... say False)
        cfg_.tie_word_embeddings = false;
        mark_null(cfg_, "tie_word_embeddings", "the key is missing and the family's config class is unknown",
                  v_.path("tie_word_embeddings"));
      } else {
        cfg_.tie_word_embeddings = true;
      }
    }
    return {};
  }

  // Attention-free or oddly named configs (RWKV: attention_hidden_size / head_size): heads from the head size.
  bool derive_heads() {
    const int64_t width = v_.has("attention_hidden_size") ? v_.count("attention_hidden_size") : v_.count("hidden_size");
    const int64_t d = v_.count("head_dim");
    if (d <= 0 || width <= 0 || width % d != 0) return false;
    cfg_.num_heads = width / d;
    cfg_.sources["num_heads"] = std::string("derived:") + (v_.has("attention_hidden_size") ? "attention_hidden_size" : "hidden_size") + "/head_size";
    return true;
  }

  Step heads() {
    const int64_t heads = cfg_.num_heads;
    if (heads == 0) {  // unknown: every per-head value is unknown too
      cfg_.num_kv_heads = 0;
      if (v_.has("head_dim")) take("head_dim", "head_dim", cfg_.head_dim);
      return {};
    }
    // KV heads
    if (d_.kv == KvRule::kFalcon) {
      if (falcon_new_architecture()) {
        if (v_.has("num_kv_heads")) {
          take("num_kv_heads", "num_kv_heads", cfg_.num_kv_heads);
        } else {
          cfg_.num_kv_heads = heads;
          cfg_.sources["num_kv_heads"] = "derived:num_attention_heads (new_decoder_architecture)";
        }
      } else if (v_.flag("multi_query")) {
        cfg_.num_kv_heads = 1;
        cfg_.sources["num_kv_heads"] = "derived:multi_query (" + v_.source("multi_query") + ")";
      } else {
        cfg_.num_kv_heads = heads;
        cfg_.sources["num_kv_heads"] = "derived:num_attention_heads";
      }
    } else if (d_.kv == KvRule::kChatGlm) {
      if (v_.flag("multi_query_attention") && v_.has("num_kv_heads")) {
        take("num_kv_heads", "num_kv_heads", cfg_.num_kv_heads);
      } else {
        cfg_.num_kv_heads = heads;
        cfg_.sources["num_kv_heads"] = "derived:num_attention_heads (multi_query_attention off)";
      }
    } else if (v_.has("num_kv_heads") && differs_per_layer("num_kv_heads")) {  // OpenELM: one per layer
      cfg_.num_kv_heads = 0;
      mark_null(cfg_, "num_kv_heads", "the config gives a different number of KV heads per layer",
                v_.path("num_kv_heads"));
    } else if (v_.has("num_kv_heads")) {
      take("num_kv_heads", "num_kv_heads", cfg_.num_kv_heads);
    } else if (v_.has("block_configs")) {
      cfg_.num_kv_heads = 0;  // per layer; fixed after the layer plan
    } else if (v_.flag("multi_query")) {
      cfg_.num_kv_heads = 1;
      cfg_.sources["num_kv_heads"] = "derived:multi_query";
    } else if (generic_) {  // unknown class: the KV-head key may have another name, so the count is unknown
      cfg_.num_kv_heads = 0;
      mark_null(cfg_, "num_kv_heads", "no KV-head key and the family's config class is unknown",
                v_.path("num_kv_heads"));
    } else {
      cfg_.num_kv_heads = heads;
      cfg_.sources["num_kv_heads"] = "derived:num_attention_heads";
    }
    if (cfg_.num_kv_heads > heads) {
      return bad("num_key_value_heads " + std::to_string(cfg_.num_kv_heads) + " exceeds num_attention_heads " +
                     std::to_string(heads),
                 v_.path("num_kv_heads"));
    }
    if (cfg_.num_kv_heads > 0 && heads % cfg_.num_kv_heads != 0) {
      return bad("num_key_value_heads " + std::to_string(cfg_.num_kv_heads) + " does not divide num_attention_heads " +
                     std::to_string(heads),
                 v_.path("num_kv_heads"));
    }
    // head_dim
    if (v_.has("head_dim")) {
      take("head_dim", "head_dim", cfg_.head_dim);
    } else if (v_.has("kv_lora_rank")) {
      cfg_.head_dim = v_.count("qk_nope_head_dim") + v_.count("qk_rope_head_dim");
      cfg_.sources["head_dim"] = "derived:qk_nope_head_dim+qk_rope_head_dim";
      if (cfg_.head_dim <= 0) return bad("MLA head dims must not both be zero", v_.path("qk_nope_head_dim"));
    } else {
      if (cfg_.hidden_size % heads != 0) {
        return bad("hidden_size " + std::to_string(cfg_.hidden_size) + " is not divisible by num_attention_heads " +
                       std::to_string(heads) + " and head_dim is absent",
                   v_.path("num_heads"));
      }
      cfg_.head_dim = cfg_.hidden_size / heads;
      cfg_.sources["head_dim"] = "derived:hidden_size/num_attention_heads";
    }
    if (v_.has("rotary_dim") && v_.count("rotary_dim") < cfg_.head_dim) {  // GPT-J, phi-msft
      cfg_.partial_rotary_dim = v_.count("rotary_dim");
      cfg_.sources["partial_rotary_dim"] = v_.source("rotary_dim");
    } else if (v_.has("partial_rotary_factor")) {
      const double f = v_.number("partial_rotary_factor");
      if (!std::isfinite(f) || f <= 0 || f > 1) {
        return bad("partial_rotary_factor must be in (0, 1]", v_.path("partial_rotary_factor"));
      }
      if (f < 1) {
        cfg_.partial_rotary_dim = static_cast<int64_t>(static_cast<double>(cfg_.head_dim) * f);
        cfg_.sources["partial_rotary_dim"] = "derived:head_dim*partial_rotary_factor";
      }
    }
    return {};
  }

  Step ffn() {
    if (v_.has("intermediate_size_mlp")) {  // Llama 4: dense layers use intermediate_size_mlp
      take("intermediate_size_mlp", "intermediate_size", cfg_.intermediate_size);
    } else if (v_.has("intermediate_size")) {
      take("intermediate_size", "intermediate_size", cfg_.intermediate_size);
      if (d_.flags & kHalfIntermediate) {
        cfg_.intermediate_size /= 2;
        cfg_.sources["intermediate_size"] = "derived:intermediate_size/2 (" + std::string(d_.defaults_class) + ")";
      }
    } else if (v_.has("expansion_ratio") && cfg_.hidden_size > 0) {  // MPT
      cfg_.intermediate_size = v_.count("expansion_ratio") * cfg_.hidden_size;
      cfg_.sources["intermediate_size"] = "derived:expansion_ratio*hidden_size";
    } else if (d_.ffn_multiple > 0) {
      // absent, or n_inner: null, means ffn_multiple * hidden (GPT-2, GPT-J, phi-msft: 4)
      cfg_.intermediate_size = d_.ffn_multiple * cfg_.hidden_size;
      cfg_.sources["intermediate_size"] = "derived:" + std::to_string(d_.ffn_multiple) + "*hidden_size";
    }
    return {};
  }

  // A count that some configs give per layer (Hunyuan moe_topk / moe_intermediate_size / num_shared_expert):
  // the single value, or the most common entry of the list (warned about when the entries differ).
  int64_t per_layer_value(const char* field) {
    const Json* raw = v_.raw(field);
    if (!raw || !raw->is_array()) return v_.count(field);
    std::map<int64_t, int64_t> seen;
    for (const Json& x : *raw)  // kCountOrList: FieldValues checked each entry is a count
      if (x.is_number()) ++seen[x.get<int64_t>()];
    if (seen.empty()) return 0;
    const auto most = std::max_element(seen.begin(), seen.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    if (seen.size() > 1) {
      warn(cfg_, warn_codes::kPerLayerValues,
           std::string(field) + " differs per layer; the most common value " + std::to_string(most->first) +
               " is used for every layer",
           v_.path(field));
    }
    return most->first;
  }

  // A per-layer list whose entries are not all equal.
  bool differs_per_layer(const char* field) const {
    const Json* raw = v_.raw(field);
    if (!raw || !raw->is_array() || raw->empty()) return false;
    for (const Json& x : *raw) {
      if (x != (*raw)[0]) return true;
    }
    return false;
  }

  bool falcon_new_architecture() const {
    // RW remote code: model_type "RefinedWeb" (falcon-40b) is the new decoder architecture (n_head_kv KV
    // heads, ln_attn + ln_mlp); "RefinedWebModel" (falcon-7b) is multi-query.
    return v_.flag("new_decoder_architecture") || cfg_.model_type == "RefinedWeb";
  }

  Step mla() {
    if (!v_.has("kv_lora_rank")) return {};
    MlaConfig m;
    for (const auto& b : kMlaBindings) {
      m.*b.member = v_.count(b.field);
      if (v_.has(b.field)) cfg_.sources[std::string("mla.") + b.field] = v_.source(b.field);
    }
    if (m.v_head_dim == 0) {  // MiniCPM3: v_head_dim defaults to qk_nope_head_dim (HF MiniCPM3Config)
      m.v_head_dim = m.qk_nope_head_dim;
      cfg_.sources["mla.v_head_dim"] = "derived:qk_nope_head_dim";
      if (m.v_head_dim == 0) mark_null(cfg_, "mla.v_head_dim", "MLA without v_head_dim or qk_nope_head_dim", v_.path("v_head_dim"));
    }
    cfg_.mla = m;
    return {};
  }

  Step moe() {
    const int64_t experts = v_.count("num_experts");
    if (experts == 0) return {};
    MoeConfig m;
    m.num_experts = experts;
    cfg_.sources["moe.num_experts"] = v_.source("num_experts");
    m.experts_per_token = per_layer_value("experts_per_token");
    if (m.experts_per_token < 1 || m.experts_per_token > experts) {
      return bad("experts per token must be between 1 and the " + std::to_string(experts) + " experts",
                 v_.path("experts_per_token"));
    }
    cfg_.sources["moe.experts_per_token"] = v_.source("experts_per_token");
    const int64_t expert_width_key = v_.has("intermediate_size") ? v_.count("intermediate_size") : cfg_.intermediate_size;
    if (v_.has("moe_intermediate_size")) {
      m.moe_intermediate_size = per_layer_value("moe_intermediate_size");
      cfg_.sources["moe.moe_intermediate_size"] = v_.source("moe_intermediate_size");
    } else if ((d_.flags & kExpertsUseIntermediateSize) && expert_width_key > 0) {
      m.moe_intermediate_size = expert_width_key;
      cfg_.sources["moe.moe_intermediate_size"] = "derived:intermediate_size";
    } else {
      mark_null(cfg_, "moe.moe_intermediate_size", "routed experts without moe_intermediate_size",
                v_.path("moe_intermediate_size"));
    }
    if (d_.flags & kSharedUsesIntermediateSize) {  // Llama 4 (one shared expert), Hunyuan (num_shared_expert)
      m.num_shared_experts = v_.has("num_shared_experts") ? per_layer_value("num_shared_experts") : 1;
      m.shared_expert_intermediate_size = m.num_shared_experts * expert_width_key;
      cfg_.sources["moe.shared_expert_intermediate_size"] = "derived:num_shared_experts*intermediate_size";
    } else if (v_.has("shared_expert_intermediate_size")) {
      m.shared_expert_intermediate_size = v_.count("shared_expert_intermediate_size");
      cfg_.sources["moe.shared_expert_intermediate_size"] = v_.source("shared_expert_intermediate_size");
      m.num_shared_experts = m.shared_expert_intermediate_size > 0 ? 1 : 0;
      cfg_.sources["moe.num_shared_experts"] = "derived:shared_expert_intermediate_size";
    } else if (v_.count("num_shared_experts") > 0) {
      m.num_shared_experts = v_.count("num_shared_experts");
      cfg_.sources["moe.num_shared_experts"] = v_.source("num_shared_experts");
      m.shared_expert_intermediate_size = m.num_shared_experts * m.moe_intermediate_size;
      cfg_.sources["moe.shared_expert_intermediate_size"] = "derived:n_shared_experts*moe_intermediate_size";
    }
    m.shared_expert_gate = (d_.flags & kSharedExpertGate) && m.num_shared_experts > 0;
    m.n_group = v_.count("n_group");
    m.topk_group = v_.count("topk_group");
    if (m.n_group > 0 && experts % m.n_group != 0) {
      return bad("n_group " + std::to_string(m.n_group) + " does not divide " + std::to_string(experts) + " experts",
                 v_.path("n_group"));
    }
    if (m.n_group > 0 && m.topk_group > m.n_group) {
      return bad("topk_group exceeds n_group", v_.path("topk_group"));
    }
    m.norm_topk_prob = v_.flag("norm_topk_prob");
    m.scoring_func = v_.text("scoring_func");
    m.router_bias = (d_.flags & (kRouterBias | kScoreCorrectionBias)) != 0;
    m.expert_bias = (d_.flags & kExpertBias) != 0;
    m.score_correction_bias = (d_.flags & kScoreCorrectionBias) != 0;
    cfg_.moe = m;
    return {};
  }

  Step hybrids() {
    if (v_.has("linear_num_value_heads") || v_.has("linear_num_key_heads")) {
      LinearAttentionConfig la;
      for (const auto& b : kLinearBindings) {
        la.*b.member = v_.count(b.field);
        if (v_.has(b.field)) cfg_.sources[std::string("linear_attention.") + b.field] = v_.source(b.field);
      }
      cfg_.linear_attention = la;
    }
    if (v_.has("mamba_num_heads") || v_.has("ssm_state_size")) {
      MambaConfig mc;
      for (const auto& b : kMambaBindings) {
        mc.*b.member = v_.count(b.field);
        if (v_.has(b.field)) cfg_.sources[std::string("mamba.") + b.field] = v_.source(b.field);
      }
      if (d_.mixer == MixerRule::kMamba2Only) {  // Mamba2Config: num_heads / head_dim are the SSM's own
        if (mc.num_heads == 0 && v_.has("num_heads")) {
          mc.num_heads = v_.count("num_heads");
          cfg_.sources["mamba.mamba_num_heads"] = v_.source("num_heads");
        }
        if (mc.head_dim == 0 && v_.has("head_dim")) {
          mc.head_dim = v_.count("head_dim");
          cfg_.sources["mamba.mamba_head_dim"] = v_.source("head_dim");
        }
      }
      if (mc.head_dim == 0 && mc.num_heads > 0 && mc.expand > 0 && (mc.expand * cfg_.hidden_size) % mc.num_heads == 0) {
        mc.head_dim = mc.expand * cfg_.hidden_size / mc.num_heads;  // GraniteMoeHybrid / Bamba mamba_d_head "auto"
        cfg_.sources["mamba.mamba_head_dim"] = "derived:mamba_expand*hidden_size/mamba_n_heads";
      }
      if (mc.num_heads == 0 && mc.head_dim > 0 && mc.expand > 0) {
        mc.num_heads = mc.expand * cfg_.hidden_size / mc.head_dim;
        cfg_.sources["mamba.mamba_num_heads"] = "derived:expand*hidden_size/mamba_head_dim";
      }
      if (mc.n_groups > 0 && mc.num_heads % mc.n_groups != 0) {
        return bad("mamba n_groups does not divide mamba_num_heads", v_.path("mamba_n_groups"));
      }
      mc.conv_bias = v_.flag("mamba_conv_bias", true);
      mc.proj_bias = v_.flag("mamba_proj_bias");
      mc.inner_norms = (d_.flags & kMambaInnerNorms) != 0;
      // MambaMixer is intermediate_size wide (FalconMamba-7B: 8192 with expand 16); Jamba's intermediate_size is
      // its MLP's, so its mixer is mamba_expand * hidden_size.
      const bool own_width = d_.mixer == MixerRule::kMamba1Only && cfg_.intermediate_size > 0;
      mc.inner = own_width ? cfg_.intermediate_size : mc.expand * cfg_.hidden_size;
      cfg_.sources["mamba.inner"] = own_width ? "config:intermediate_size" : "derived:mamba_expand*hidden_size";
      mc.dt_rank = (cfg_.hidden_size + 15) / 16;  // MambaConfig / JambaConfig time_step_rank "auto"
      cfg_.sources["mamba.dt_rank"] = "derived:ceil(hidden_size/16)";
      for (const char* key : {"time_step_rank", "mamba_dt_rank"}) {
        const auto r = root_.is_object() ? root_.find(key) : root_.end();
        if (r != root_.end() && r->is_number_integer() && r->get<int64_t>() > 0) {
          mc.dt_rank = r->get<int64_t>();
          cfg_.sources["mamba.dt_rank"] = std::string("config:") + key;
        }
      }
      cfg_.mamba = mc;
    }
    return {};
  }

  Step anatomy() {
    const uint32_t f = d_.flags;
    cfg_.gated_mlp = (f & kGatedMlp) != 0;
    cfg_.norm_type = (f & kLayerNorm) ? "layernorm" : "rmsnorm";
    cfg_.norm_has_bias = (f & kLayerNorm) != 0 && (f & kNormNoBias) == 0;
    if (v_.text("norm_type") == "rms" || v_.text("norm_type") == "rmsnorm" || v_.flag("rmsnorm")) {
      cfg_.norm_type = "rmsnorm";  // Hunyuan norm_type "rms", ChatGLM rmsnorm: true
      cfg_.norm_has_bias = false;
    }
    cfg_.alibi = (f & kAlibi) || v_.flag("alibi");
    cfg_.learned_position_embeddings = (f & kLearnedPositions) != 0 && !cfg_.alibi;
    if (v_.has("learned_pos_emb")) cfg_.learned_position_embeddings = v_.flag("learned_pos_emb") && !cfg_.alibi;
    cfg_.attention_bias = (f & (kAllLinearBias | kAttentionBias)) || v_.flag("attention_bias");
    cfg_.mlp_bias = (f & (kAllLinearBias | kMlpBias)) || v_.flag("mlp_bias");
    if ((f & kNoBiasKey) && v_.flag("no_bias")) {  // MPT no_bias: no linear and no norm biases
      cfg_.attention_bias = cfg_.mlp_bias = cfg_.norm_has_bias = false;
    }
    cfg_.lm_head_bias = (f & kLmHeadBias) != 0;
    cfg_.embedding_norm = (f & kEmbeddingNorm) != 0;
    cfg_.qkv_bias = !cfg_.attention_bias && ((f & kQkvBias) || v_.flag("qkv_bias"));
    cfg_.qk_norm = (f & kQkNorm) || v_.flag("qk_norm");
    cfg_.qk_norm_full_width = (f & kQkNormFullWidth) != 0;
    cfg_.qk_norm_weightless = (f & kQkNormNoWeight) != 0;
    cfg_.qk_norm_bias = (f & kQkNormBias) != 0;
    cfg_.out_proj_bias = (f & kOutProjBias) != 0 && !cfg_.attention_bias;
    cfg_.position_offset = (f & kPositionOffset2) ? 2 : 0;
    cfg_.attention_sinks = (f & kAttentionSinks) != 0;
    cfg_.attention_output_gate = (f & kAttentionOutputGate) != 0;
    cfg_.parallel_attention = v_.flag("parallel_attn") || (f & kParallelBlock);
    cfg_.sources["anatomy"] = std::string("dialect:") + d_.family;
    if (generic_) generic_anatomy();
    switch (d_.norms) {
      case NormsRule::kTwo: cfg_.norms_per_layer = 2; break;
      case NormsRule::kFour: cfg_.norms_per_layer = 4; break;
      case NormsRule::kOne: cfg_.norms_per_layer = 1; break;
      case NormsRule::kFalcon:
        cfg_.norms_per_layer = falcon_new_architecture() ? 2 : (cfg_.parallel_attention ? 1 : 2);
        break;
    }
    return {};
  }

  // The generic family's anatomy: what the config's own keys say, and the rest listed as assumed.
  void generic_anatomy() {
    const std::string eps_key = v_.path("norm_eps");
    const bool rms_key = v_.has("norm_eps") && (eps_key.find("rms") != std::string::npos);
    const bool ln_key = v_.has("norm_eps") && (eps_key.find("layer_norm") != std::string::npos);
    std::vector<std::string>& a = cfg_.assumptions;
    a.push_back("Llama-like decoder layout assumed (pre-norm, 2 norms per layer)");
    a.push_back("gated MLP assumed (gate_proj, up_proj, down_proj)");
    if (ln_key) {
      cfg_.norm_type = "layernorm";
      cfg_.norm_has_bias = true;
      cfg_.sources["norm_type"] = "config:" + eps_key;
      a.push_back("LayerNorm with a bias assumed (" + eps_key + " names a LayerNorm)");
    } else if (rms_key) {
      cfg_.sources["norm_type"] = "config:" + eps_key;
    } else {
      a.push_back("RMSNorm without bias assumed");
    }
    if (!v_.has("attention_bias") && !v_.has("mlp_bias")) {
      a.push_back("no linear biases assumed (no attention_bias / mlp_bias key)");
    }
    a.push_back("separate q, k, v, o projections assumed");
  }

  Step layers() {
    auto plan = resolve_layers(v_, d_, cfg_);
    if (!plan) return plan.error();
    cfg_.layers = std::move(plan.value().layers);
    cfg_.sources["layers.mixer"] = plan.value().mixer_source;
    cfg_.sources["layers.ffn"] = plan.value().ffn_source;
    const std::string& src = plan.value().mixer_source;  // "config:$.layer_types" names the list it came from
    const std::string path = src.rfind("config:", 0) == 0 ? src.substr(7) : "$";
    for (const auto& w : plan.value().warnings) warn(cfg_, warn_codes::kUnfamiliarValue, w, path);
    return {};
  }

  Step finish() {
    // DeciLM: global KV heads and FFN width come from the per-layer blocks.
    if (cfg_.num_kv_heads == 0) {
      for (size_t i = 0; i < cfg_.layers.size(); ++i) {
        if (cfg_.layers[i].num_kv_heads > 0) {
          cfg_.num_kv_heads = cfg_.layers[i].num_kv_heads;
          cfg_.sources["num_kv_heads"] =
              "derived:num_attention_heads/" + v_.path("block_configs") + "[" + std::to_string(i) + "]" +
              ".attention.n_heads_in_group";
          break;
        }
      }
    }
    if (cfg_.intermediate_size == 0) {
      std::map<int64_t, int64_t> widths;
      for (const auto& L : cfg_.layers) {
        if (L.ffn == FfnKind::kDense && L.intermediate_size > 0) ++widths[L.intermediate_size];
      }
      if (!widths.empty()) {
        const auto most = std::max_element(widths.begin(), widths.end(),
                                           [](const auto& a, const auto& b) { return a.second < b.second; });
        cfg_.intermediate_size = most->first;
        cfg_.sources["intermediate_size"] = "derived:most common per-layer FFN width";
      }
    }
    for (size_t i = 0; i < cfg_.layers.size(); ++i) {
      if (cfg_.layers[i].ffn == FfnKind::kDense && cfg_.layers[i].intermediate_size == 0) {
        mark_null(cfg_, "intermediate_size", "dense layer " + std::to_string(i) + " has no FFN width",
                  v_.path("intermediate_size"));
        break;
      }
    }
    // Attention type.
    if (cfg_.mla) {
      cfg_.attention_type = AttentionType::kMla;
    } else if (cfg_.num_heads == 0) {
      cfg_.attention_type = AttentionType::kMha;  // unknown heads: reported as null
    } else if (cfg_.num_kv_heads == 1 && cfg_.num_heads > 1) {
      cfg_.attention_type = AttentionType::kMqa;
    } else if (cfg_.num_kv_heads == cfg_.num_heads) {
      cfg_.attention_type = AttentionType::kMha;
    } else {
      cfg_.attention_type = AttentionType::kGqa;
    }
    // Quantization.
    if (const Json* q = v_.raw("quantization_config")) {
      std::string qpath = v_.source("quantization_config").substr(7);  // strip "config:"
      auto decoded = decode_quantization(*q, qpath);
      if (!decoded) return decoded.error();
      cfg_.quantization = std::move(decoded.value());
      if (cfg_.quantization.method.empty() && qpath.find("compression_config") != std::string::npos) {
        cfg_.quantization.method = "compressed-tensors";
      }
      cfg_.sources["quantization"] = v_.source("quantization_config");
    }
    // Vision tower.
    const auto vis = root_.find("vision_config");
    if (vis != root_.end() && !vis->is_null()) {
      if (!vis->is_object()) return bad(std::string("expected an object, found ") + vis->type_name(), "$.vision_config");
      auto decoded = decode_vision(*vis, "$.vision_config");
      if (!decoded) return decoded.error();
      cfg_.vision = std::move(decoded.value());
      cfg_.multimodal = true;
      cfg_.sources["vision"] = "config:$.vision_config";
    }
    return {};
  }

  const Json& root_;
  const Dialect& d_;
  const FieldValues& v_;
  const bool generic_;
  ModelConfig cfg_;
};

Result<std::string> optional_string(const Json& obj, const char* key, const std::string& path) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return bad(std::string("expected a string, found ") + it->type_name(), path);
  return it->get<std::string>();
}

Result<ModelConfig> parse_impl(std::string_view bytes) {
  auto parsed = parse_lenient_json(bytes, codes::kBadConfig);
  if (!parsed) return parsed.error();
  const Json& root = parsed.value();
  if (!root.is_object()) {
    return bad(std::string("config.json must be a JSON object, found ") + root.type_name(), "$");
  }
  ModelConfig cfg;
  // architectures[0]
  const auto arch = root.find("architectures");
  if (arch != root.end() && !arch->is_null()) {
    if (!arch->is_array()) return bad(std::string("expected an array of strings, found ") + arch->type_name(), "$.architectures");
    for (size_t i = 0; i < arch->size(); ++i) {
      if (!(*arch)[i].is_string()) return bad("expected a string", "$.architectures[" + std::to_string(i) + "]");
    }
    if (!arch->empty()) cfg.architecture = (*arch)[0].get<std::string>();
  }
  auto model_type = optional_string(root, "model_type", "$.model_type");
  if (!model_type) return model_type.error();
  cfg.model_type = model_type.value();

  // Nested language model.
  const Json* text = nullptr;
  std::string prefix = "$";
  for (const char* key : kTextScopeKeys) {
    const auto it = root.find(key);
    if (it == root.end() || it->is_null()) continue;
    if (!it->is_object()) return bad(std::string("expected an object, found ") + it->type_name(), json_path("$", key));
    text = &*it;
    prefix = json_path("$", key);
    break;
  }
  std::string text_model_type;
  if (text) {
    auto t = optional_string(*text, "model_type", prefix + ".model_type");
    if (!t) return t.error();
    text_model_type = t.value();
    if (cfg.architecture.empty()) {
      const auto ta = text->find("architectures");
      if (ta != text->end() && ta->is_array() && !ta->empty() && (*ta)[0].is_string()) {
        cfg.architecture = (*ta)[0].get<std::string>();
      }
    }
  }
  // The family, resolved once; every per-family fact below comes from its registry row.
  const FamilyId family = resolve_family(text ? text_model_type : cfg.model_type, cfg.model_type, cfg.architecture);
  const FamilyRow& row = family_row(family);
  const Dialect& dialect = row.dialect;
  cfg.family_id = family;
  cfg.family = row.name;
  if (family == FamilyId::kGeneric) {
    const std::string shown = text_model_type.empty() ? cfg.model_type : text_model_type;
    warn(cfg, warn_codes::kUnknownFamily,
         "unknown model_type \"" + shown + "\": a Llama-like layout is assumed; absent keys are null, not defaulted",
         text_model_type.empty() ? "$.model_type" : prefix + ".model_type");
  }
  if (text_model_type.empty()) {
    std::string first(row.model_types);
    first = first.substr(0, first.find(' '));
    text_model_type = text && !first.empty() ? first : cfg.model_type;
  }
  cfg.text_model_type = text_model_type;
  cfg.sources["dialect"] = std::string(dialect.family) + " (" + dialect.defaults_class + ")";

  auto values = FieldValues::resolve(root, text, prefix, dialect);
  if (!values) return values.error();
  Parser parser(root, dialect, values.value(), family == FamilyId::kGeneric);
  auto result = parser.run(std::move(cfg));
  if (!result) return result.error();
  result.value().raw = root;
  return result;
}

}  // namespace

// No safety net: the core is built without exceptions, and every read of the parsed JSON above checks
// the value's type first (tests/cpp/noexcept_test.cpp feeds each such field a wrong type).
Result<ModelConfig> parse_model_config(std::string_view bytes) { return parse_impl(bytes); }

}  // namespace hfmi
