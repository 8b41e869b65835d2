#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "emit/models_ts_request.hpp"
#include "fixtures.hpp"
#include "validate/module_count_comparison.hpp"
#include "validate/module_tree_checks.hpp"
#include "validate/name_patterns.hpp"

using namespace hfmi;

namespace {

const nlohmann::json& dataset_models() {
  static const nlohmann::json models =
      nlohmann::json::parse(test::fixture("flashinfer-bench/models_ts_entries.json"))["models"];
  return models;
}

ModuleTree dataset_tree(const std::string& id) {
  for (const auto& m : dataset_models()) {
    if (m["id"] == id) {
      auto e = models_ts_entry_from_json(m.dump());
      REQUIRE(e.ok());
      return e.value().tree;
    }
  }
  FAIL("no dataset entry " << id);
  return {};
}

nlohmann::json config(const std::string& org_name) { return nlohmann::json::parse(test::hf_config(org_name)); }

int64_t num_layers(const std::string& org_name) { return config(org_name)["num_hidden_layers"].get<int64_t>(); }

Module& module(ModuleTree& t, const std::string& name) {
  for (auto& m : t.modules)
    if (m.name == name) return m;
  FAIL("no module " << name);
  return t.modules.front();
}

Issues errors_of(const Issues& all) {
  Issues out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out), [](const Issue& i) { return i.severity == "error"; });
  return out;
}

std::vector<std::string> codes_and_paths(const Issues& issues) {
  std::vector<std::string> v;
  for (const auto& i : issues) v.push_back(i.code + " " + i.path);
  return v;
}

Issues check(const ModuleTree& t, int64_t layers) { return validate_module_tree(t, layers, nullptr, nullptr); }

}  // namespace

TEST_CASE("dataset trees whose counts agree with their configs have no errors", "[validate]") {
  struct Row {
    const char* id;
    const char* config;
  };
  for (const Row& row : {Row{"llama-3.1-8b", "meta-llama__Llama-3.1-8B"}, Row{"kimi-k2", "moonshotai__Kimi-K2-Instruct"},
                         Row{"qwen3-next-80b-a3b", "Qwen__Qwen3-Next-80B-A3B-Thinking"},
                         Row{"deepseek-v3", "deepseek-ai__DeepSeek-V3"}}) {
    INFO(row.id);
    const Issues issues = check(dataset_tree(row.id), num_layers(row.config));
    CHECK(codes_and_paths(issues).empty());
  }
  // Entries without a config fixture, with the layer counts their descriptions state.
  CHECK(check(dataset_tree("nemotron-h-8b"), 52).empty());           // "52 total layers"
  CHECK(check(dataset_tree("minimax-m2"), 62).empty());              // "62 decoder layers"
  CHECK(check(dataset_tree("llama-4-scout-17b-16e"), 48).empty());   // "48 decoder layers"
  CHECK(check(dataset_tree("llama-4-maverick-17b-128e"), 48).empty());
}

TEST_CASE("the dataset's Qwen3-30B-A3B entry (32 layers, 30 MoE) fails against its config's 48 layers", "[validate]") {
  const int64_t layers = num_layers("Qwen__Qwen3-30B-A3B");
  REQUIRE(layers == 48);
  const Issues issues = check(dataset_tree("qwen3-30b-a3b"), layers);
  CHECK(codes_and_paths(issues) ==
        std::vector<std::string>{"E_LAYER_SUM modules.moe.count", "E_LAYER_SUM modules.layers.count"});
  CHECK(issues[0].message == "variant blocks of \"mlp\" (moe 30 = 30) do not add up to its count 32");
  CHECK(issues[1].message ==
        "decoder-layer blocks under \"Qwen3MoeModel\" (layers 32 = 32) do not add up to the 48 layers of the config");
}

TEST_CASE("the dataset's DeepSeek V3 dense/MoE split (31 + 30) differs from the config's (3 + 58)", "[validate]") {
  // 31 + 30 = 61 = num_hidden_layers, so the sum check passes; the split itself is wrong. Compare with a
  // reference tree whose counts come from the config: first_k_dense_replace dense layers, the rest MoE.
  const auto cfg = config("deepseek-ai__DeepSeek-V3");
  const int64_t layers = cfg["num_hidden_layers"], dense = cfg["first_k_dense_replace"];
  REQUIRE(layers == 61);
  REQUIRE(dense == 3);
  const ModuleTree given = dataset_tree("deepseek-v3");
  CHECK(errors_of(check(given, layers)).empty());

  ModuleTree reference = given;
  for (auto& m : reference.modules) {
    if (m.name == "mlp_dense" || m.parent == "mlp_dense") m.count = dense;
    if (m.name == "moe" || m.parent == "moe") m.count = layers - dense;
  }
  CHECK(check(reference, layers).empty());
  const Issues diff = compare_module_counts(reference, given);
  CHECK(codes_and_paths(diff) == std::vector<std::string>{
                                     "E_COUNT_MISMATCH modules.mlp_dense.count", "E_COUNT_MISMATCH modules.gate_up_proj.count",
                                     "E_COUNT_MISMATCH modules.act_fn.count", "E_COUNT_MISMATCH modules.down_proj.count",
                                     "E_COUNT_MISMATCH modules.moe.count", "E_COUNT_MISMATCH modules.moe_gate.count",
                                     "E_COUNT_MISMATCH modules.moe_topk.count", "E_COUNT_MISMATCH modules.moe_experts.count"});
  CHECK(diff[0].message == "\"mlp_dense\" has count 31; the reference has 3");
  CHECK(diff[4].message == "\"moe\" has count 30; the reference has 58");

  // A variant count that no longer adds up (3 + 30 = 33, not 61) is an E_LAYER_SUM.
  ModuleTree half = given;
  module(half, "mlp_dense").count = 3;
  const Issues issues = check(half, layers);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "E_LAYER_SUM");
  CHECK(issues[0].severity == "error");
  CHECK(issues[0].path == "modules.mlp_dense.count");
  CHECK(issues[0].message == "variant blocks of \"mlp\" (mlp_dense 3 + moe 30 = 33) do not add up to its count 61");

  ModuleTree extra = reference;
  extra.modules.push_back({"mtp", 1, "DeepseekV3ForCausalLM", "block", {}});
  CHECK(codes_and_paths(compare_module_counts(reference, extra)) ==
        std::vector<std::string>{"W_MODULE_NOT_IN_REFERENCE modules.mtp"});
}

TEST_CASE("each structural defect produces its code and path", "[validate]") {
  const int64_t layers = num_layers("meta-llama__Llama-3.1-8B");
  const ModuleTree good = dataset_tree("llama-3.1-8b");
  REQUIRE(check(good, layers).empty());

  SECTION("missing parent") {
    ModuleTree t = good;
    module(t, "o_proj").parent = "self_atn";
    CHECK(codes_and_paths(check(t, layers)) == std::vector<std::string>{"E_PARENT_MISSING modules.o_proj.parent"});
  }
  SECTION("cycle") {
    ModuleTree t = good;
    module(t, "LlamaDecoderLayer").parent = "mlp";  // LlamaDecoderLayer -> mlp -> LlamaDecoderLayer
    const Issues issues = check(t, layers);
    REQUIRE(codes_and_paths(issues) == std::vector<std::string>{"E_CYCLE modules.LlamaDecoderLayer.parent"});
    CHECK(issues[0].message == "parent links form a cycle: \"LlamaDecoderLayer\" -> \"mlp\" -> \"LlamaDecoderLayer\"");
  }
  SECTION("self parent is a cycle of one") {
    ModuleTree t = good;
    module(t, "act_fn").parent = "act_fn";
    const Issues issues = check(t, layers);
    REQUIRE(codes_and_paths(issues) == std::vector<std::string>{"E_CYCLE modules.act_fn.parent"});
    CHECK(issues[0].message == "parent links form a cycle: \"act_fn\" -> \"act_fn\"");
  }
  SECTION("every module in a cycle: no root") {
    ModuleTree t;
    t.modules = {{"a", 1, "b", "block", {}}, {"b", 1, "a", "block", {}}};
    CHECK(codes_and_paths(check(t, 0)) == std::vector<std::string>{"E_NO_ROOT modules", "E_CYCLE modules.a.parent"});
  }
  SECTION("zero and negative counts") {
    ModuleTree t = good;
    module(t, "rotary_emb").count = 0;
    module(t, "lm_head").count = -1;
    const Issues issues = check(t, layers);
    CHECK(codes_and_paths(issues) ==
          std::vector<std::string>{"E_BAD_COUNT modules.rotary_emb.count", "E_BAD_COUNT modules.lm_head.count"});
    CHECK(issues[0].message == "count is 0; expected a positive integer");
  }
  SECTION("type blok") {
    ModuleTree t = good;
    module(t, "attn").type = "blok";
    const Issues issues = check(t, layers);
    REQUIRE(codes_and_paths(issues) == std::vector<std::string>{"E_BAD_TYPE modules.attn.type"});
    CHECK(issues[0].message == "type is \"blok\"; expected \"block\" or \"layer\"");
  }
  SECTION("duplicate name") {
    ModuleTree t = good;
    t.modules.push_back(t.modules[7]);  // qkv_proj again
    CHECK(codes_and_paths(check(t, layers)) == std::vector<std::string>{"E_DUPLICATE_MODULE modules.qkv_proj"});
  }
  SECTION("empty name, odd names in paths") {
    ModuleTree t = good;
    t.modules.push_back({"", 32, "mlp", "layer", {}});
    t.modules.push_back({"layers.0", 1, "missing parent", "layer", {}});
    CHECK(codes_and_paths(check(t, layers)) ==
          std::vector<std::string>{"E_EMPTY_MODULE_NAME modules[18]", "E_PARENT_MISSING modules[\"layers.0\"].parent"});
  }
  SECTION("two roots") {
    ModuleTree t = good;
    module(t, "lm_head").parent = "";
    const Issues issues = check(t, layers);
    REQUIRE(codes_and_paths(issues) == std::vector<std::string>{"W_MULTIPLE_ROOTS modules.lm_head"});
    CHECK(issues[0].severity == "warning");
  }
  SECTION("layer stack that does not match the config") {
    ModuleTree t = good;
    CHECK(codes_and_paths(check(t, 80)) == std::vector<std::string>{"E_LAYER_SUM modules.layers.count"});
    CHECK(check(t, 0).empty());  // unknown layer count: not checked
  }
  SECTION("repeated block whose count is not a multiple of its parent's") {
    ModuleTree t = good;
    module(t, "LlamaModel").count = 3;  // layers 32 under 3 LlamaModel instances
    const auto cp = codes_and_paths(check(t, layers));
    CHECK(std::count(cp.begin(), cp.end(), "W_COUNT_NOT_MULTIPLE modules.layers.count") == 1);
  }
  SECTION("unsupported module") {
    ModuleTree t = good;
    module(t, "mlp").unsupported = true;
    module(t, "mlp").note = "no template for this MLP";
    const Issues issues = check(t, layers);
    REQUIRE(codes_and_paths(issues) == std::vector<std::string>{"W_UNSUPPORTED modules.mlp"});
    CHECK(issues[0].message == "\"mlp\" is a kind the family tables do not know: no template for this MLP");
    CHECK(issues[0].severity == "warning");
  }
}

TEST_CASE("variant sums of the hybrid dataset trees are checked at every level", "[validate]") {
  ModuleTree next = dataset_tree("qwen3-next-80b-a3b");
  const auto cfg = config("Qwen__Qwen3-Next-80B-A3B-Thinking");
  const int64_t layers = cfg["num_hidden_layers"];
  const int64_t full = layers / cfg["full_attention_interval"].get<int64_t>();
  CHECK(module(next, "Qwen3NextDecoderLayer_GQA").count == full);
  CHECK(module(next, "Qwen3NextDecoderLayer_GDN").count == layers - full);
  module(next, "Qwen3NextDecoderLayer_GQA").count = 13;
  // 36 + 13 != 48; and 13 GQA layers with only 12 self_attn_gqa is a second inconsistency.
  CHECK(codes_and_paths(check(next, layers)) ==
        std::vector<std::string>{"E_LAYER_SUM modules.Qwen3NextDecoderLayer_GDN.count",
                                 "E_LAYER_SUM modules.self_attn_gqa.count"});

  // NemotronH: three kinds of decoder layers directly under the root (24 + 4 + 24 = 52).
  ModuleTree nemo = dataset_tree("nemotron-h-8b");
  module(nemo, "NemotronHAttentionDecoderLayer").count = 5;
  const Issues issues = check(nemo, 52);
  REQUIRE(codes_and_paths(issues) == std::vector<std::string>{"E_LAYER_SUM modules.self_attn.count",
                                                               "E_LAYER_SUM modules.NemotronHMambaDecoderLayer.count"});
  CHECK(issues[0].message == "variant blocks of \"NemotronHAttentionDecoderLayer\" (self_attn 4 + mlp_attn 4 = 8) do not "
                             "add up to its count 5");
  CHECK(issues[1].message ==
        "decoder-layer blocks under \"NemotronHForCausalLM\" (NemotronHMambaDecoderLayer 24 + "
        "NemotronHAttentionDecoderLayer 5 + NemotronHMLPDecoderLayer 24 = 53) do not add up to the 52 layers of the "
        "config");
}

TEST_CASE("the dataset's naming regexes match all 156 Definition names", "[validate]") {
  auto patterns = compile_name_patterns(test::fixture("flashinfer-bench/naming_patterns.json"));
  REQUIRE(patterns.ok());
  const auto index = nlohmann::json::parse(test::fixture("flashinfer-bench/definitions_index.json"));
  REQUIRE(index["definitions"].size() == 156);
  for (const auto& d : index["definitions"]) {
    const std::string name = d["name"];
    INFO(name);
    CHECK(std::any_of(patterns.value().begin(), patterns.value().end(),
                      [&](const NameRegex& re) { return re.matches(name); }));
  }
  CHECK(python_regex_to_ecmascript(R"(^rmsnorm_h(?P<hidden_size>\d+)$)") == R"(^rmsnorm_h(\d+)$)");
  CHECK(python_regex_to_ecmascript(R"(^a\(?P<x>b$)") == R"(^a\(?P<x>b$)");  // escaped paren: no group
  auto bad = compile_name_patterns(
      R"({"patterns": [{"op_type": "a", "regex": "^ok$"}, {"op_type": "b", "regex": "(unclosed"}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().path == "$.patterns[1].regex");
  CHECK_FALSE(compile_name_patterns("[]").ok());
  CHECK_FALSE(compile_name_patterns("not json").ok());
}

TEST_CASE("names outside the patterns and unknown definitions are reported with their module", "[validate]") {
  auto patterns = compile_name_patterns(test::fixture("flashinfer-bench/naming_patterns.json"));
  REQUIRE(patterns.ok());
  const auto index = nlohmann::json::parse(test::fixture("flashinfer-bench/definitions_index.json"));
  std::set<std::string> known_names;
  for (const auto& d : index["definitions"]) known_names.insert(d["name"].get<std::string>());
  const std::function<bool(const std::string&)> is_known = [&](const std::string& n) { return known_names.count(n) > 0; };

  // Every dataset entry: W_DEFINITION_MISSING exactly for the names (per use) that the index lacks.
  for (const auto& m : dataset_models()) {
    const std::string id = m["id"];
    INFO(id);
    std::vector<std::string> expected;
    for (const auto& mod : m["modules"]) {
      if (!mod.contains("definitions")) continue;
      for (size_t j = 0; j < mod["definitions"].size(); ++j)
        if (!known_names.count(mod["definitions"][j])) {
          expected.push_back("W_DEFINITION_MISSING modules." + mod["name"].get<std::string>() + ".definitions[" +
                             std::to_string(j) + "]");
        }
    }
    Issues warnings;
    for (const auto& i : validate_module_tree(dataset_tree(id), 0, &patterns.value(), is_known))
      if (i.severity == "warning") warnings.push_back(i);
    CHECK(codes_and_paths(warnings) == expected);
  }
  // Two of them are real: Qwen3-Next's v_last GDN and GQA names, Maverick's ps64 decode.
  const Issues maverick = validate_module_tree(dataset_tree("llama-4-maverick-17b-128e"), 0, nullptr, is_known);
  REQUIRE(maverick.size() == 2);
  CHECK(maverick[0].path == "modules.attn_local_mav.definitions[3]");
  CHECK(maverick[0].message ==
        "definition \"gqa_paged_decode_h5_kv1_d128_ps64\" (used by Llama4MaverickForCausalLM/Llama4MaverickTextModel/"
        "Llama4MaverickDecoderLayer_Local/self_attn_local_mav/attn_local_mav) is not in the known definitions");

  // The older gemm_n_{N}_k_{K} names match no current pattern.
  ModuleTree t = dataset_tree("llama-3.1-8b");
  module(t, "qkv_proj").definitions = {"gemm_n_6144_k_4096"};
  module(t, "attn").definitions.push_back(std::string(600, 'a'));
  const Issues issues = validate_module_tree(t, 32, &patterns.value(), nullptr);
  CHECK(codes_and_paths(issues) == std::vector<std::string>{"W_NAME_PATTERN modules.qkv_proj.definitions[0]",
                                                            "W_NAME_PATTERN modules.attn.definitions[3]"});
  CHECK(issues[0].severity == "warning");
  CHECK(issues[0].message == "definition name \"gemm_n_6144_k_4096\" matches none of the dataset's naming patterns");
}

TEST_CASE("validation of absurd trees never throws and stays bounded", "[validate]") {
  ModuleTree t;
  for (int i = 0; i < 2000; ++i) {
    t.modules.push_back({"m" + std::to_string(i), INT64_MAX - i, i == 0 ? "" : "m" + std::to_string(i - 1), "block", {}});
  }
  const Issues issues = check(t, INT64_MAX);
  CHECK(std::none_of(issues.begin(), issues.end(), [](const Issue& i) { return i.code == "E_INTERNAL"; }));
  ModuleTree empty;
  CHECK(check(empty, 32).empty());
}
