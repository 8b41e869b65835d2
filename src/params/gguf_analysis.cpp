#include "params/gguf_analysis.hpp"

#include "config/config_parser.hpp"
#include "core/json_access.hpp"

namespace hfmi {
namespace {

// The config.json keys the GGUF dialect writes that both sides must agree on.
constexpr const char* kReconciled[] = {
    "num_hidden_layers", "hidden_size", "intermediate_size", "num_attention_heads", "num_key_value_heads",
    "num_experts", "num_experts_per_tok", "moe_intermediate_size", "kv_lora_rank", "q_lora_rank", "vocab_size",
};

// The same field read from config.json may live under another alias (num_local_experts, n_routed_experts).
int64_t config_field(const ModelConfig& c, const std::string& key) {
  if (key == "num_hidden_layers") return c.num_layers;
  if (key == "hidden_size") return c.hidden_size;
  if (key == "intermediate_size") return c.intermediate_size;
  if (key == "num_attention_heads") return c.num_heads;
  if (key == "num_key_value_heads") return c.num_kv_heads;
  if (key == "vocab_size") return c.vocab_size;
  if (key == "num_experts") return c.moe ? c.moe->num_experts : 0;
  if (key == "num_experts_per_tok") return c.moe ? c.moe->experts_per_token : 0;
  if (key == "moe_intermediate_size") return c.moe ? c.moe->moe_intermediate_size : 0;
  if (key == "kv_lora_rank") return c.mla ? c.mla->kv_lora_rank : 0;
  if (key == "q_lora_rank") return c.mla ? c.mla->q_lora_rank : 0;
  return 0;
}

}  // namespace

Result<GgufAnalysis> analyze_gguf(const std::vector<const GgufHeader*>& parts, std::string_view hf_config_json,
                                  int64_t context_length) {
  if (parts.empty()) return make_error(codes::kInternal, "analyze_gguf: no parts");
  GgufAnalysis out;
  auto dialect = gguf_to_hf_config(*parts.front());
  if (!dialect) return dialect.error();
  out.dialect = std::move(dialect.value());
  // A split file's output.weight may sit in a later part than token_embd.weight: the dialect saw part 1 only.
  if (parts.size() > 1) {
    bool has_output = false, has_embd = false;
    for (const GgufHeader* p : parts) {
      for (const auto& t : p->tensors) {
        has_output = has_output || t.name == "output.weight";
        has_embd = has_embd || t.name == "token_embd.weight";
      }
    }
    if (has_embd) out.dialect.config["tie_word_embeddings"] = !has_output;
  }
  auto config = parse_model_config(dump_json(out.dialect.config));
  if (!config) {
    Error e = config.error();
    e.code = codes::kBadHeader;
    e.message = parts.front()->file + ": the GGUF metadata do not describe a model: " + e.message;
    return e;
  }
  out.config = std::move(config.value());
  auto account = account_gguf(parts, out.config);
  if (!account) return account.error();
  out.account = std::move(account.value());
  out.kv = kv_cache(out.config, context_length > 0 ? context_length : out.config.max_position_embeddings);
  if (!hf_config_json.empty()) {
    auto hf = parse_model_config(hf_config_json);
    if (!hf) {
      out.reconciliation.push_back("config.json could not be read (" + hf.error().message + "): the GGUF metadata are used");
    } else {
      for (const char* key : kReconciled) {
        const int64_t g = config_field(out.config, key), h = config_field(hf.value(), key);
        if (g != 0 && h != 0 && g != h) {
          out.reconciliation.push_back(std::string(key) + ": GGUF " + std::to_string(g) + ", config.json " + std::to_string(h));
        }
      }
    }
  }
  return out;
}

Json gguf_file_json(const GgufFileAccount& a) {
  Json by_type = Json::object();
  for (const auto& [name, s] : a.by_type) {
    by_type[name] = Json::object({{"tensors", s.tensors},
                                  {"parameters", s.parameters},
                                  {"bytes", s.bytes},
                                  {"bits_per_weight", s.bits_per_weight}});
  }
  return Json::object({{"file", a.file},
                       {"parts", a.parts},
                       {"quantization", a.quantization},
                       {"file_type", a.file_type_name.empty() ? Json() : Json(a.file_type_name)},
                       {"dominant_type", a.dominant_type},
                       {"bits_per_weight", a.bits_per_weight},
                       {"tensor_bytes", a.tensor_bytes},
                       {"file_bytes", a.file_bytes},
                       {"parameters", a.parameters},
                       {"by_type", by_type}});
}

}  // namespace hfmi
