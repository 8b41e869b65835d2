// Test helpers shared by the config, arch and naming suites: parse a fixture config (failing the test
// with the error's path when it does not parse), read it raw, and find a dataset models.ts entry.
#pragma once
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "fixtures.hpp"

namespace hfmi::test {

inline ModelConfig parsed_config(const std::string& org_name) {
  auto r = parse_model_config(hf_config(org_name));
  INFO(org_name << ": " << (r.ok() ? std::string() : r.error().path + " " + r.error().message));
  REQUIRE(r.ok());
  return r.value();
}

inline Json raw_config(const std::string& org_name) {
  auto parsed = parse_lenient_json(hf_config(org_name), codes::kBadConfig);
  REQUIRE(parsed.ok());
  return parsed.value();
}

// The entry with this id in tests/fixtures/flashinfer-bench/models_ts_entries.json.
inline Json dataset_entry(const std::string& id) {
  auto parsed = parse_lenient_json(fixture("flashinfer-bench/models_ts_entries.json"), codes::kBadConfig);
  REQUIRE(parsed.ok());
  for (const auto& m : parsed.value()["models"]) {
    if (m["id"] == id) return m;
  }
  FAIL("no dataset entry " << id);
  return Json();
}

}  // namespace hfmi::test
