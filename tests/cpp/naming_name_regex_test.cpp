// NameRegex, the core's own matcher for the dataset's naming regexes (in place of std::regex).
// Expected matches come from naming_patterns.json and the 156 names of definitions_index.json.
#include <catch2/catch.hpp>

#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "naming/name_regex.hpp"

using namespace hfmi;

TEST_CASE("NameRegex: every dataset name matches its op_type's regex from naming_patterns.json", "[naming][regex]") {
  const Json patterns = Json::parse(test::fixture("flashinfer-bench/naming_patterns.json"))["patterns"];
  const Json defs = Json::parse(test::fixture("flashinfer-bench/definitions_index.json"))["definitions"];
  std::vector<std::pair<std::string, NameRegex>> compiled;
  for (const auto& p : patterns) {
    std::string why;
    auto re = NameRegex::compile(p["regex"].get<std::string>(), &why);
    INFO(p["regex"].get<std::string>() << ": " << why);
    REQUIRE(re.has_value());
    compiled.emplace_back(p["op_type"].get<std::string>(), std::move(*re));
  }
  REQUIRE(defs.size() == 156);
  for (const auto& d : defs) {
    const std::string name = d["name"].get<std::string>();
    INFO(name);
    bool own = false;
    for (const auto& [op, re] : compiled) own = own || (op == d["op_type"] && re.matches(name));
    CHECK(own);
    CHECK_FALSE(compiled.front().second.matches(name + "x"));  // whole-string only
  }
}

TEST_CASE("NameRegex: groups, alternation, optional groups and classes", "[naming][regex]") {
  auto re = NameRegex::compile(
      R"(^trtllm_(?P<quant>fp4_block_scale|fp8_per_tensor_scale)_(?P<routed>routed_)?moe_topk(?P<top_k>\d+)_e(?P<e>\d+)$)");
  REQUIRE(re);
  CHECK(re->group_names() == std::vector<std::string>{"quant", "routed", "top_k", "e"});
  std::vector<std::string> g;
  REQUIRE(re->match("trtllm_fp4_block_scale_routed_moe_topk8_e128", &g));
  CHECK(g == std::vector<std::string>{"fp4_block_scale", "routed_", "8", "128"});
  REQUIRE(re->match("trtllm_fp8_per_tensor_scale_moe_topk1_e16", &g));
  CHECK(g == std::vector<std::string>{"fp8_per_tensor_scale", "", "1", "16"});
  CHECK_FALSE(re->matches("trtllm_fp8_per_tensor_scale_moe_topk_e16"));
  auto cls = NameRegex::compile(R"([a-c_]+\.x[^0-9]?(?:ab)*)");
  REQUIRE(cls);
  CHECK(cls->matches("ab_c.xzabab"));
  CHECK(cls->matches("a.x"));
  CHECK_FALSE(cls->matches("a.x5"));
  CHECK_FALSE(cls->matches("d.x"));
}

TEST_CASE("NameRegex: unsupported syntax is a compile error with a reason; matching is linear", "[naming][regex]") {
  for (const char* bad : {"a{2}", "(?=a)", "a*?", "(a", "a)", "[a", "\\1", "*a", "a^b"}) {
    std::string why;
    INFO(bad);
    CHECK_FALSE(NameRegex::compile(bad, &why).has_value());
    CHECK_FALSE(why.empty());
  }
  CHECK_FALSE(NameRegex::compile(std::string(NameRegex::kMaxPatternBytes + 1, 'a')).has_value());
  std::string nested;
  for (int i = 0; i < 40; ++i) nested += "(";
  nested += "a";
  for (int i = 0; i < 40; ++i) nested += ")";
  CHECK_FALSE(NameRegex::compile(nested).has_value());  // deeper than kMaxGroupNesting
  // (a*)*b on 4,000 a's: exponential for a plain backtracker, O(program x input) here
  auto evil = NameRegex::compile("^(a*)*b$");
  REQUIRE(evil);
  CHECK_FALSE(evil->matches(std::string(4000, 'a')));
  CHECK(evil->matches(std::string(4000, 'a') + "b"));
  CHECK_FALSE(evil->matches(std::string(NameRegex::kMaxInputBytes + 1, 'a')));
}
