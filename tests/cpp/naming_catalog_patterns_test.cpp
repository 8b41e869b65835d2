// The definitions catalog (definitions_index.json, plain name lists, hostile input) and the naming
// patterns (naming_patterns.json, built-in table), checked against the dataset snapshot.
#include <catch2/catch.hpp>

#include <set>

#include "arch/module_kinds.hpp"
#include "arch/module_tree_builder.hpp"
#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "naming/definition_names.hpp"
#include "naming/definitions_catalog.hpp"
#include "naming/naming_patterns.hpp"

using namespace hfmi;

namespace {

Json fixture_json(const std::string& relative) {
  auto parsed = parse_lenient_json(test::fixture(relative), codes::kBadConfig);
  REQUIRE(parsed.ok());
  return parsed.value();
}

}  // namespace

TEST_CASE("The catalog loads the dataset snapshot with every Definition and its axes", "[naming]") {
  const Json index = fixture_json("flashinfer-bench/definitions_index.json");
  auto catalog = load_definitions_catalog(test::fixture("flashinfer-bench/definitions_index.json"));
  REQUIRE(catalog.ok());
  CHECK(catalog->size() == index["count"].get<size_t>());
  CHECK(catalog->size() == index["definitions"].size());
  for (const auto& d : index["definitions"]) {
    const std::string name = d["name"].get<std::string>();
    INFO(name);
    REQUIRE(catalog->contains(name));
    const DefinitionEntry* e = catalog->find(name);
    REQUIRE(e != nullptr);
    CHECK(e->op_type == d["op_type"].get<std::string>());
    CHECK(e->const_axes == d["const_axes"]);
    CHECK(e->inputs == d["inputs"]);
    CHECK(e->outputs == d["outputs"]);
    CHECK(e->var_axes.size() == d["var_axes"].size());
    CHECK(e->tags.size() == d["tags"].size());
  }
  CHECK_FALSE(catalog->contains("gemm_n1_k1"));
  CHECK(catalog->find("gemm_n1_k1") == nullptr);
}

TEST_CASE("The bundled snapshot has exactly the dataset's names and op_types", "[naming]") {
  const Json index = fixture_json("flashinfer-bench/definitions_index.json");
  const DefinitionsCatalog& bundled = bundled_definitions_catalog();
  CHECK(bundled.size() == index["definitions"].size());
  for (const auto& d : index["definitions"]) {
    INFO(d["name"].get<std::string>());
    REQUIRE(bundled.contains(d["name"].get<std::string>()));
    CHECK(bundled.find(d["name"].get<std::string>())->op_type == d["op_type"].get<std::string>());
  }
}

TEST_CASE("The catalog accepts a plain array of names, objects with names, and {names: [...]}", "[naming]") {
  auto plain = load_definitions_catalog(R"(["gemm_n6144_k4096", "rmsnorm_h4096", "gemm_n6144_k4096"])");
  REQUIRE(plain.ok());
  CHECK(plain->size() == 2);  // duplicates kept once
  CHECK(plain->contains("rmsnorm_h4096"));
  auto objects = load_definitions_catalog(R"([{"name": "a_b", "op_type": "x"}, "c"])");
  REQUIRE(objects.ok());
  CHECK(objects->find("a_b")->op_type == "x");
  CHECK(objects->contains("c"));
  auto names = load_definitions_catalog(R"({"names": ["z"]})");
  REQUIRE(names.ok());
  CHECK(names->contains("z"));
  auto empty = load_definitions_catalog("[]");
  REQUIRE(empty.ok());
  CHECK(empty->size() == 0);
}

TEST_CASE("A bad catalog is a coded error with the path of the bad value", "[naming]") {
  struct Case {
    std::string bytes;
    std::string path;
  };
  const std::vector<Case> cases = {
      {"\x89PNG\r\n\x1a\n", "$"},
      {"", "$"},
      {"42", "$"},
      {R"({"definitions": {"name": "x"}})", "$.definitions"},
      {R"({"definitions": [{"name": "ok"}, {"op_type": "gemm"}]})", "$.definitions[1].name"},
      {R"({"definitions": [{"name": 7}]})", "$.definitions[0].name"},
      {R"(["a", ["nested"]])", "$[1]"},
      {R"(["a", ""])", "$[1]"},
      {R"({"other": []})", "$"},
      {"[" + std::string(100000, '['), "$"},
  };
  for (const auto& c : cases) {
    INFO(c.bytes.substr(0, 60));
    auto r = load_definitions_catalog(c.bytes);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_USAGE");
    CHECK(r.error().path == c.path);
  }
  auto long_name = load_definitions_catalog("[\"" + std::string(600, 'a') + "\"]");
  CHECK_FALSE(long_name.ok());
}

TEST_CASE("missing_definitions lists the names a tree needs that the catalog lacks, once, in tree order", "[naming]") {
  auto catalog = load_definitions_catalog(test::fixture("flashinfer-bench/definitions_index.json"));
  REQUIRE(catalog.ok());
  auto parsed = parse_model_config(test::hf_config("deepseek-ai__DeepSeek-V3"));
  REQUIRE(parsed.ok());
  ModuleTree tree = build_module_tree(parsed.value());
  NamingOptions o;
  o.tp = 8;
  o.ep = 8;
  REQUIRE(assign_definitions(tree, parsed.value(), o).ok());
  const auto missing = missing_definitions(tree, catalog.value());
  std::set<std::string> unique(missing.begin(), missing.end());
  CHECK(unique.size() == missing.size());
  for (const auto& n : missing) CHECK_FALSE(catalog->contains(n));
  // Everything else the tree names is in the catalog; the attention and MoE names are not missing.
  std::set<std::string> all;
  for (const auto& m : tree.modules) all.insert(m.definitions.begin(), m.definitions.end());
  for (const auto& n : all) CHECK((catalog->contains(n) || unique.count(n)));
  for (const char* present : {"mla_paged_decode_h16_ckv512_kpe64_ps1", "moe_fp8_block_scale_ds_routing_topk8_ng8_kg4_e32_h7168_i2048",
                              "rmsnorm_h1536", "fused_add_rmsnorm_h7168"}) {
    CHECK(all.count(present));
    CHECK_FALSE(unique.count(present));
  }
  // The dense layers' gate_up GEMM at its full shape (2 * intermediate_size 18432; GEMMs are named at TP 1,
  // issue 12) is not in the dataset. (Before, GEMMs were split by TP: gemm_n4608_k7168.)
  CHECK(unique.count("gemm_n36864_k7168"));
  // A plain name list works the same way
  auto names = load_definitions_catalog(R"(["mla_paged_decode_h16_ckv512_kpe64_ps1"])");
  REQUIRE(names.ok());
  const auto more = missing_definitions(tree, names.value());
  CHECK(more.size() == all.size() - 1);
}

TEST_CASE("The built-in patterns are naming_patterns.json's, in its order, plus legacy and Gemma rows", "[naming]") {
  const Json file = fixture_json("flashinfer-bench/naming_patterns.json");
  const auto& builtin = builtin_naming_patterns().patterns();
  const Json& rows = file["patterns"];
  REQUIRE(builtin.size() == rows.size() + 3);
  for (size_t i = 0; i < rows.size(); ++i) {
    INFO(rows[i]["regex"].get<std::string>());
    CHECK(builtin[i].op_type == rows[i]["op_type"].get<std::string>());
    CHECK(builtin[i].regex == rows[i]["regex"].get<std::string>());
    CHECK(builtin[i].source == "dataset");
    CHECK_FALSE(builtin[i].module_kinds.empty());
  }
  CHECK(builtin[rows.size()].source == "legacy");
  CHECK(builtin[rows.size() + 1].source == "extension");
}

TEST_CASE("Every dataset Definition name matches its op_type's pattern; other names do not", "[naming]") {
  const Json index = fixture_json("flashinfer-bench/definitions_index.json");
  auto loaded = load_naming_patterns(test::fixture("flashinfer-bench/naming_patterns.json"));
  REQUIRE(loaded.ok());
  CHECK(loaded->patterns().size() == fixture_json("flashinfer-bench/naming_patterns.json")["patterns"].size());
  for (const auto& d : index["definitions"]) {
    const std::string name = d["name"].get<std::string>();
    INFO(name);
    CHECK(matches_known_pattern(name));
    const PatternMatch m = loaded->match(name);
    REQUIRE(m.pattern != nullptr);
    CHECK(m.pattern->op_type == d["op_type"].get<std::string>());
    // Every numeric field named like a const axis has the axis's value.
    for (const auto& [field, value] : m.fields) {
      if (d["const_axes"].contains(field)) CHECK(d["const_axes"][field].get<int64_t>() == std::stoll(value));
    }
  }
  for (const char* bad : {"gemm_n6144", "gemm_n6144_k4096_extra", "rmsnorm_hx", "gqa_paged_prefill_h32_kv8_d128_ps1",
                          "", "silu_h14336", "softmax_d128", "GEMM_N1_K1", "gemm_n-1_k2"}) {
    INFO(bad);
    CHECK_FALSE(matches_known_pattern(bad));
    CHECK_FALSE(loaded->matches(bad));
  }
  CHECK_FALSE(matches_known_pattern(std::string(5000, '1')));
}

TEST_CASE("Pattern fields are parsed from names", "[naming]") {
  const PatternMatch gemm = builtin_naming_patterns().match("gemm_n6144_k4096");
  REQUIRE(gemm.pattern != nullptr);
  CHECK(gemm.fields.at("N") == "6144");
  CHECK(gemm.fields.at("K") == "4096");
  const PatternMatch trt = builtin_naming_patterns().match("trtllm_fp4_block_scale_routed_moe_topk1_e16_h5120_i8192");
  REQUIRE(trt.pattern != nullptr);
  CHECK(trt.fields.at("quant") == "fp4_block_scale");
  CHECK(trt.fields.at("routed") == "routed_");
  CHECK(trt.fields.at("num_experts") == "16");
  const PatternMatch trt2 = builtin_naming_patterns().match("trtllm_fp8_per_tensor_scale_moe_topk1_e16_h5120_i8192");
  REQUIRE(trt2.pattern != nullptr);
  CHECK(trt2.fields.at("routed").empty());
  std::vector<std::string> fields;
  CHECK(ecmascript_from_python_regex(R"(^a(?P<x>\d+)_\((?P<y>b|c)$)", &fields) == R"(^a(\d+)_\((b|c)$)");
  CHECK(fields == std::vector<std::string>{"x", "y"});
}

TEST_CASE("A bad naming_patterns document is a coded error", "[naming]") {
  for (const std::string bad : {std::string("nope"), std::string(R"({"patterns": 3})"),
                                std::string(R"({"patterns": [{"op_type": "x"}]})"),
                                std::string(R"({"patterns": [{"op_type": "x", "regex": "(unclosed"}]})"),
                                std::string(R"({"patterns": [{"regex": "^a$"}]})")}) {
    INFO(bad);
    auto r = load_naming_patterns(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_USAGE");
    CHECK(r.error().path.rfind("$", 0) == 0);
  }
}

TEST_CASE("Each op_type knows which module kinds and names its Definitions go to", "[naming]") {
  const auto norm_kinds = module_kinds_for_op_type("rmsnorm");
  CHECK(std::find(norm_kinds.begin(), norm_kinds.end(), kinds::kInputNorm) != norm_kinds.end());
  CHECK(std::find(norm_kinds.begin(), norm_kinds.end(), kinds::kMlaKvaNorm) != norm_kinds.end());
  CHECK(module_kinds_for_op_type("gqa_paged") == std::vector<std::string>{kinds::kGqaAttention});
  CHECK(module_kinds_for_op_type("mla_ragged") == std::vector<std::string>{kinds::kMlaAttention});
  CHECK(module_kinds_for_op_type("moe") ==
        std::vector<std::string>{kinds::kMoeGate, kinds::kMoeTopk, kinds::kMoeExperts});
  CHECK(module_names_for_op_type("mamba_ssu") == std::vector<std::string>{"mamba_mixer"});
  CHECK(module_names_for_op_type("sampling") == std::vector<std::string>{"lm_head"});
  CHECK(module_kinds_for_op_type("no_such_op").empty());
  // Every op_type of the dataset has a row, and the naming rule table names exactly those kinds.
  const Json index = fixture_json("flashinfer-bench/definitions_index.json");
  std::set<std::string> op_types;
  for (const auto& d : index["definitions"]) op_types.insert(d["op_type"].get<std::string>());
  std::set<std::string> rule_kinds;
  for (const auto& r : definition_rule_descriptions()) rule_kinds.insert(r.kind);
  for (const auto& op : op_types) {
    INFO(op);
    const auto kinds_of_op = module_kinds_for_op_type(op);
    CHECK_FALSE(kinds_of_op.empty());
    for (const auto& k : kinds_of_op) CHECK(rule_kinds.count(k));
  }
}
