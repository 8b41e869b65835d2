#include <catch2/catch.hpp>
#include <cmath>

#include "core/lenient_json.hpp"
#include "fixtures.hpp"

using namespace hfmi;

TEST_CASE("lenient JSON accepts Python's bare Infinity and NaN outside strings") {
  auto r = parse_lenient_json(R"({"a": Infinity, "b": -Infinity, "c": NaN, "s": "Infinity NaN"})", codes::kBadConfig);
  REQUIRE(r.ok());
  CHECK(std::isinf(r.value()["a"].get<double>()));
  CHECK(r.value()["a"].get<double>() > 0);
  CHECK(r.value()["b"].get<double>() < 0);
  CHECK(r.value()["c"].is_null());
  CHECK(r.value()["s"] == "Infinity NaN");
}

TEST_CASE("lenient JSON parses the real Nemotron-H config, which has a bare Infinity") {
  auto r = parse_lenient_json(test::hf_config("nvidia__Nemotron-H-56B-Base-8K"), codes::kBadConfig);
  REQUIRE(r.ok());
  CHECK(std::isinf(r.value()["time_step_limit"][1].get<double>()));
}

TEST_CASE("lenient JSON rejects garbage and deep nesting with a coded error") {
  auto bad = parse_lenient_json("\x89PNG\r\n", codes::kBadConfig);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "E_BAD_CONFIG");
  std::string deep(10000, '[');
  auto d = parse_lenient_json(deep, codes::kBadIndex);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().code == "E_BAD_INDEX");
  auto escaped = parse_lenient_json(R"({"k": "a\"Infinity"})", codes::kBadConfig);
  REQUIRE(escaped.ok());
  CHECK(escaped.value()["k"] == "a\"Infinity");
}
