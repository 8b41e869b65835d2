// The family registry: every registered family has every row, names resolve to one family, each example
// config (a real config in tests/fixtures) parses without refusal and resolves to its family; the
// mixer-traits table agrees with the enum; docs/families.md is the generated text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "arch/family_template.hpp"
#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "gguf/gguf_dialect.hpp"
#include "gguf/gguf_header.hpp"
#include "gguf_builder.hpp"
#include "params/config_estimate.hpp"
#include "registry/families_doc.hpp"
#include "registry/family_registry.hpp"
#include "registry/mixer_traits.hpp"

using namespace hfmi;

namespace {

std::vector<std::string> split(const char* words) {
  std::vector<std::string> out;
  std::string cur;
  for (const char* p = words;; ++p) {
    if (*p == ' ' || *p == '\0') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      if (*p == '\0') break;
    } else {
      cur += *p;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("every registered family has every row", "[registry]") {
  std::set<std::string> names;
  std::map<std::string, std::string> owner;  // model_type / architecture -> family
  for (size_t i = 0; i < kFamilyCount; ++i) {
    const FamilyRow& r = family_rows()[i];
    INFO(r.name);
    CHECK(static_cast<size_t>(r.id) == i);
    CHECK(names.insert(r.name).second);
    CHECK(std::string(r.dialect.family) == r.name);
    // dialect: defaults parse and are an object
    const Json defaults = Json::parse(r.dialect.defaults_json, nullptr, false);
    CHECK(defaults.is_object());
    CHECK(std::string(r.dialect.defaults_class).size() > 0);
    // layout: the expanded template is this family's
    REQUIRE(family_templates().size() == kFamilyCount);
    CHECK(family_templates()[i].family == r.name);
    CHECK(std::string(to_string(r.scheme)).size() > 0);
    CHECK(family_mixer_kinds(r) != 0);
    if (r.id == FamilyId::kGeneric) continue;
    CHECK_FALSE(family_templates()[i].decoder_layer_class.empty());
    // identity: no model_type or architecture claimed by two families
    for (const char* list : {r.model_types, r.wrapper_types}) {
      for (const std::string& t : split(list)) {
        INFO(t);
        CHECK(owner.emplace("type:" + t, r.name).second);
      }
    }
    for (const std::string& a : split(r.architectures)) {
      INFO(a);
      CHECK(owner.emplace("arch:" + a, r.name).second);
    }
    CHECK(resolve_family(split(r.model_types).empty() ? "" : split(r.model_types)[0], "", "") ==
          (split(r.model_types).empty() ? FamilyId::kGeneric : r.id));
    CHECK(family_by_name(r.name) == r.id);
  }
}

TEST_CASE("each family's example config parses without refusal and resolves to the family", "[registry]") {
  int with_example = 0;
  for (size_t i = 0; i < kFamilyCount; ++i) {
    const FamilyRow& r = family_rows()[i];
    const char* example = family_example(r.id);
    if (!example[0]) continue;
    INFO(r.name << ": " << example);
    auto cfg = parse_model_config(test::fixture(example));
    INFO((cfg.ok() ? std::string() : cfg.error().path + " " + cfg.error().message));
    REQUIRE(cfg.ok());
    CHECK(cfg.value().family_id == r.id);
    CHECK(cfg.value().family == r.name);
    CHECK(estimate_parameters(cfg.value()).estimate_basis == "family-layout");
    ++with_example;
  }
  CHECK(with_example >= 50);  // the rest are listed as "none yet" in docs/families.md
}

TEST_CASE("an unknown family gets the generic row and says what it assumed", "[registry]") {
  auto r = parse_model_config(R"({"model_type":"brand_new_lm","architectures":["BrandNewForCausalLM"],
      "hidden_size":512,"num_hidden_layers":4,"num_attention_heads":8,"intermediate_size":1024,"vocab_size":1000})");
  REQUIRE(r.ok());
  CHECK(r.value().family_id == FamilyId::kGeneric);
  CHECK(r.value().family == "generic");
  const ConfigEstimate e = estimate_parameters(r.value());
  CHECK(e.estimate_basis == "generic");
  bool gated = false;
  for (const auto& a : e.assumptions) gated = gated || a.find("gated MLP assumed") != std::string::npos;
  CHECK(gated);
  bool coded = false;
  for (const auto& i : r.value().issues) coded = coded || (i.code == "W_UNKNOWN_FAMILY" && i.path == "$.model_type");
  CHECK(coded);
}

TEST_CASE("a missing field is a warning with a code and a path, and its value is null, not guessed", "[registry]") {
  // an unknown family has no defaults for hidden_size: no refusal, hidden_size unknown, estimate incomplete
  auto r = parse_model_config(R"({"model_type":"brand_new_lm","num_hidden_layers":2,"num_attention_heads":4,
      "intermediate_size":128,"vocab_size":100})");
  REQUIRE(r.ok());
  const ModelConfig& c = r.value();
  bool found = false;
  for (const auto& i : c.issues) found = found || (i.code == "W_MISSING_FIELD" && i.path == "$.hidden_size");
  CHECK(found);
  CHECK(c.hidden_size == 0);
  CHECK_FALSE(estimate_parameters(c).complete);
}

TEST_CASE("the mixer-traits table agrees with MixerKind", "[registry]") {
  for (size_t i = 0; i < kMixerKindCount; ++i) {
    const MixerKind k = static_cast<MixerKind>(i);
    const MixerTraits& t = mixer_traits(k);
    INFO(t.name);
    CHECK(t.kind == k);
    CHECK(std::string(to_string(k)) == t.name);
    CHECK(t.is_attention == (t.cache == CacheRule::kKvFullContext || t.cache == CacheRule::kKvWindow ||
                             t.cache == CacheRule::kKvChunk));
  }
}

TEST_CASE("docs/families.md is the text generated from the registry", "[registry]") {
  const std::string generated = families_markdown();
  const std::string path = std::string(HFMI_FIXTURES_DIR) + "/../../docs/families.md";
  if (const char* w = std::getenv("HFMI_WRITE_FAMILIES_DOC"); w && std::string(w) == "1") {
    std::ofstream(path, std::ios::binary) << generated;
  }
  std::string committed;
  try {
    committed = test::read_file(path);
  } catch (const std::exception&) {
  }
  INFO("regenerate with scripts/gen_families_doc.sh");
  CHECK(committed == generated);
}

TEST_CASE("GGUF architecture names are a registry column: one family per name", "[registry][gguf]") {
  std::map<std::string, std::string> owner;
  for (size_t i = 0; i < kFamilyCount; ++i) {
    const FamilyRow& r = family_rows()[i];
    for (const std::string& g : split(family_gguf_names(r.id))) {
      INFO(r.name << ": " << g);
      CHECK(owner.emplace(g, r.name).second);
      CHECK(family_by_gguf_arch(g) == r.id);
      CHECK_FALSE(split(r.model_types).empty());  // the dialect writes the row's first model_type
      CHECK_FALSE(split(r.architectures).empty());
    }
  }
  CHECK(family_by_gguf_arch("no-such-arch") == FamilyId::kGeneric);
  CHECK(owner.size() >= 24);
}

TEST_CASE("the GGUF dialect names the HF model_type and architecture from the registry row", "[registry][gguf]") {
  // llama.cpp's LLM_ARCH names (src/llama-arch.cpp) and the model_type / architectures[0] of the same models'
  // HF config.json files (tests/fixtures/hf, hf-wild, model_types).
  struct Case {
    const char* gguf;
    const char* model_type;
    const char* architecture;
  };
  const Case cases[] = {
      {"llama", "llama", "LlamaForCausalLM"},        {"mistral3", "mistral", "MistralForCausalLM"},
      {"gemma3", "gemma3_text", "Gemma3ForCausalLM"}, {"qwen3moe", "qwen3_moe", "Qwen3MoeForCausalLM"},
      {"gpt2", "gpt2", "GPT2LMHeadModel"},            {"deepseek2", "deepseek_v2", "DeepseekV2ForCausalLM"},
      {"dbrx", "dbrx", "DbrxForCausalLM"},            {"mamba", "mamba", "MambaForCausalLM"},
      {"gptneox", "gpt_neox", "GPTNeoXForCausalLM"},  {"some-new-arch", "some-new-arch", "some-new-arch"},
  };
  for (const Case& c : cases) {
    INFO(c.gguf);
    test::GgufBuilder b;
    b.preamble(3, 0, 1).kv_str("general.architecture", c.gguf);
    auto h = decode_gguf_header(b.bytes(), 0, "m.gguf");
    REQUIRE(h.ok());
    auto cfg = gguf_to_hf_config(h.value());
    REQUIRE(cfg.ok());
    CHECK(cfg->config["model_type"] == c.model_type);
    CHECK(cfg->config["architectures"][0] == c.architecture);
  }
}

TEST_CASE("the generic row fills no absent key: each is null with W_MISSING_FIELD and its path", "[registry]") {
  // The config states no num_key_value_heads and no tie_word_embeddings; an unknown class may name the KV heads
  // differently and may override PretrainedConfig's tie default, so both are unknown, not Llama's values.
  auto r = parse_model_config(R"({"model_type":"brand_new_lm","hidden_size":512,"num_hidden_layers":4,
      "num_attention_heads":8,"intermediate_size":1024,"vocab_size":1000,"layer_norm_eps":1e-5})");
  REQUIRE(r.ok());
  const ModelConfig& c = r.value();
  auto coded = [&](const std::string& path) {
    for (const auto& i : c.issues)
      if (i.code == "W_MISSING_FIELD" && i.path == path) return true;
    return false;
  };
  auto is_null = [&](const std::string& f) {
    return std::find(c.null_fields.begin(), c.null_fields.end(), f) != c.null_fields.end();
  };
  CHECK(is_null("num_kv_heads"));
  CHECK(coded("$.num_key_value_heads"));
  CHECK(c.num_kv_heads == 0);
  CHECK(is_null("tie_word_embeddings"));
  CHECK(coded("$.tie_word_embeddings"));
  CHECK_FALSE(estimate_parameters(c).complete);  // the totals are null, not a guess
  // The epsilon key names the norm: layer_norm_eps is a LayerNorm, read from the config (only its bias assumed).
  CHECK(c.norm_type == "layernorm");
  CHECK(c.sources.at("norm_type") == "config:$.layer_norm_eps");
  bool rms_assumed = false, gated_assumed = false;
  for (const auto& a : c.assumptions) {
    rms_assumed = rms_assumed || a.find("RMSNorm") != std::string::npos;
    gated_assumed = gated_assumed || a.find("gated MLP assumed") != std::string::npos;
  }
  CHECK_FALSE(rms_assumed);
  CHECK(gated_assumed);
  // A known family with the same keys absent takes its class defaults instead (LlamaConfig: MHA, untied).
  auto llama = parse_model_config(R"({"model_type":"llama","hidden_size":512,"num_hidden_layers":4,
      "num_attention_heads":8,"intermediate_size":1024,"vocab_size":1000})");
  REQUIRE(llama.ok());
  CHECK(llama.value().null_fields.empty());
  CHECK(llama.value().num_kv_heads == 8);
  CHECK_FALSE(llama.value().tie_word_embeddings);
}

TEST_CASE("new layer patterns: Jamba, Bamba, Mamba and Mamba2 layers from their configs", "[registry]") {
  // Jamba-1.5-Mini: attn_layer_period 8, offset 4; expert_layer_period 2, offset 1 (config.json).
  auto jamba = parse_model_config(test::fixture("model_types/ai21labs__AI21-Jamba-1.5-Mini/config.json"));
  REQUIRE(jamba.ok());
  const auto& jl = jamba.value().layers;
  REQUIRE(jl.size() == 32);
  for (size_t i = 0; i < jl.size(); ++i) {
    INFO(i);
    CHECK((jl[i].mixer == MixerKind::kFullAttention) == (i % 8 == 4));
    CHECK((jl[i].ffn == FfnKind::kMoe) == (i % 2 == 1));
    if (jl[i].mixer != MixerKind::kFullAttention) {
      CHECK(jl[i].mixer == MixerKind::kMamba1);
      CHECK(jl[i].raw_kind == "mamba1");
    }
  }
  REQUIRE(jamba.value().mamba);
  CHECK(jamba.value().mamba->dt_rank == 256);       // mamba_dt_rank
  CHECK(jamba.value().mamba->inner == 2 * 4096);    // mamba_expand x hidden_size
  CHECK(jamba.value().mamba->inner_norms);          // JambaMambaMixer dt/b/c_layernorm
  REQUIRE(jamba.value().moe);
  CHECK(jamba.value().moe->moe_intermediate_size == 14336);  // experts of intermediate_size
  CHECK(jamba.value().moe->num_experts == 16);
  // Bamba-9B: attention at attn_layer_indices [9, 18, 27], Mamba2 elsewhere.
  auto bamba = parse_model_config(test::fixture("model_types/ibm-ai-platform__Bamba-9B/config.json"));
  REQUIRE(bamba.ok());
  int attention = 0;
  for (const auto& L : bamba.value().layers) attention += L.mixer == MixerKind::kFullAttention;
  CHECK(attention == 3);
  CHECK(bamba.value().layers[9].mixer == MixerKind::kFullAttention);
  CHECK(bamba.value().layers[0].mixer == MixerKind::kMamba);
  REQUIRE(bamba.value().mamba);
  CHECK(bamba.value().mamba->state_size == 128);  // mamba_d_state
  // granite-4.0-h-small as its source gives it has no layer_types: GraniteMoeHybridConfig.layers_block_type
  // then says every layer is Mamba2. Experts: num_local_experts 72 of intermediate_size 768, top-10, a shared
  // MLP of shared_intermediate_size 1536.
  auto granite = parse_model_config(test::fixture("model_types/ibm-granite__granite-4.0-h-small/config.json"));
  REQUIRE(granite.ok());
  for (const auto& L : granite.value().layers) CHECK(L.mixer == MixerKind::kMamba);
  REQUIRE(granite.value().moe);
  CHECK(granite.value().moe->num_experts == 72);
  CHECK(granite.value().moe->experts_per_token == 10);
  CHECK(granite.value().moe->moe_intermediate_size == 768);
  CHECK(granite.value().moe->shared_expert_intermediate_size == 1536);
  REQUIRE(granite.value().mamba);
  CHECK(granite.value().mamba->state_size == 128);  // mamba_d_state
  // ERNIE-4.5-21B-A3B: moe_layer_start_index 1 .. moe_layer_end_index 27, interval 1: layer 0 dense, 1-27 MoE;
  // 64 experts (moe_num_experts), top-6 (moe_k), 2 shared experts (moe_num_shared_experts) of 1536.
  auto ernie = parse_model_config(test::fixture("model_types/baidu__ERNIE-4.5-21B-A3B/config.json"));
  REQUIRE(ernie.ok());
  REQUIRE(ernie.value().layers.size() == 28);
  CHECK(ernie.value().layers[0].ffn == FfnKind::kDense);
  for (size_t i = 1; i < 28; ++i) CHECK(ernie.value().layers[i].ffn == FfnKind::kMoe);
  REQUIRE(ernie.value().moe);
  CHECK(ernie.value().moe->num_experts == 64);
  CHECK(ernie.value().moe->experts_per_token == 6);
  CHECK(ernie.value().moe->num_shared_experts == 2);
  CHECK(ernie.value().moe->shared_expert_intermediate_size == 2 * 1536);
  // mamba-130m: 24 Mamba (v1) layers, no FFN, no attention heads in the config; time_step_rank 48,
  // intermediate_size 1536, state_size 16 (config.json).
  auto mamba = parse_model_config(test::fixture("model_types/state-spaces__mamba-130m-hf/config.json"));
  REQUIRE(mamba.ok());
  for (const auto& L : mamba.value().layers) {
    CHECK(L.mixer == MixerKind::kMamba1);
    CHECK(L.ffn == FfnKind::kNone);
  }
  REQUIRE(mamba.value().mamba);
  CHECK(mamba.value().mamba->dt_rank == 48);
  CHECK(mamba.value().mamba->inner == 1536);
  CHECK(mamba.value().mamba->state_size == 16);
  CHECK_FALSE(mamba.value().mamba->inner_norms);
  // falcon-mamba-7b: the mixer is intermediate_size 8192 wide although expand is 16 (config.json).
  auto fm = parse_model_config(test::fixture("model_types/tiiuae__falcon-mamba-7b/config.json"));
  REQUIRE(fm.ok());
  REQUIRE(fm.value().mamba);
  CHECK(fm.value().mamba->inner == 8192);
  CHECK(fm.value().mamba->dt_rank == 256);
  // Mamba-Codestral: 64 Mamba2 layers of num_heads 128 x head_dim 64, n_groups 8, state 128.
  auto m2 = parse_model_config(test::fixture("model_types/mistralai__Mamba-Codestral-7B-v0.1/config.json"));
  REQUIRE(m2.ok());
  REQUIRE(m2.value().layers.size() == 64);
  CHECK(m2.value().layers[0].mixer == MixerKind::kMamba);
  CHECK(m2.value().layers[0].ffn == FfnKind::kNone);
  REQUIRE(m2.value().mamba);
  CHECK(m2.value().mamba->num_heads == 128);
  CHECK(m2.value().mamba->head_dim == 64);
  CHECK(m2.value().mamba->n_groups == 8);
  CHECK(m2.value().mamba->state_size == 128);
}
