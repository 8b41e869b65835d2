// Real configs of model_types the other fixture folders lack (tests/fixtures/model_types/<org>__<name>/config.json,
// provenance in PROVENANCE.md there). Each one parses with no refusal, and its facts equal the config's own
// values: tests/fixtures/model_types/expected.json was written by hand from each config.json and names the key
// each value was read from; none of it came from this tool. A second case counts the distinct model_types of
// every real config under tests/fixtures (hf, hf-wild, repos, model_types) and holds the union to a floor.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <string>

#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "params/config_estimate.hpp"

using namespace hfmi;
namespace fs = std::filesystem;

namespace {

Json model_types_expected() {
  auto parsed = parse_lenient_json(test::fixture("model_types/expected.json"), codes::kBadConfig);
  REQUIRE(parsed.ok());
  return parsed.value()["models"];
}

// The parsed value of the fact `name`, as expected.json spells it.
int64_t parsed_fact(const ModelConfig& c, const std::string& name) {
  if (name == "num_layers") return c.num_layers;
  if (name == "hidden_size") return c.hidden_size;
  if (name == "num_heads") return c.num_heads;
  if (name == "num_kv_heads") return c.num_kv_heads;
  if (name == "vocab_size") return c.vocab_size;
  if (name == "intermediate_size") return c.intermediate_size;
  FAIL("expected.json names an unknown fact: " << name);
  return -1;
}

// The model_types of every real config.json under the given tests/fixtures folders (hf/*.config.json and
// */config.json below the others).
std::set<std::string> fixture_model_types(std::initializer_list<const char*> dirs) {
  std::set<std::string> types;
  const fs::path root(HFMI_FIXTURES_DIR);
  for (const char* dir : dirs) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file()) continue;
      if (name != "config.json" && !(name.size() > 12 && name.compare(name.size() - 12, 12, ".config.json") == 0)) {
        continue;
      }
      auto parsed = parse_lenient_json(test::read_file(entry.path().string()), codes::kBadConfig);
      if (!parsed.ok() || !parsed.value().is_object()) continue;  // the deliberately broken repos fixtures
      const Json& j = parsed.value();
      if (j.contains("model_type") && j["model_type"].is_string()) types.insert(j["model_type"].get<std::string>());
    }
  }
  return types;
}

}  // namespace

TEST_CASE("model_types: every collected real config parses, with facts equal to its own values", "[model_types]") {
  const Json models = model_types_expected();
  REQUIRE(models.size() >= 12);
  int checked = 0;
  for (auto it = models.begin(); it != models.end(); ++it) {
    const Json& e = it.value();
    INFO(it.key());
    const std::string text = test::fixture("model_types/" + it.key() + "/config.json");
    auto raw = parse_lenient_json(text, codes::kBadConfig);
    REQUIRE(raw.ok());
    CHECK(raw.value()["model_type"] == e["model_type"]);
    auto r = parse_model_config(text);
    INFO((r.ok() ? std::string() : r.error().path + ": " + r.error().message));
    CHECK(r.ok());  // no refusal
    if (!r.ok()) continue;
    const ModelConfig& c = r.value();
    if (e.contains("family")) CHECK(c.family == e["family"].get<std::string>());
    const Json& facts = e["facts"];
    for (auto f = facts.begin(); f != facts.end(); ++f) {
      INFO(f.key() << " read from " << f.value()["key"].get<std::string>());
      CHECK(parsed_fact(c, f.key()) == f.value()["value"].get<int64_t>());
      ++checked;
    }
  }
  CHECK(checked >= 60);
}

TEST_CASE("model_types: the fixtures hold real configs of many distinct model_types", "[model_types]") {
  const std::set<std::string> types = fixture_model_types({"hf", "hf-wild", "repos", "model_types"});
  std::string all;
  for (const auto& t : types) all += t + " ";
  INFO(types.size() << " distinct: " << all);
  // Every model_type collected in model_types/ is new: none is already in hf, hf-wild or repos.
  const std::set<std::string> before = fixture_model_types({"hf", "hf-wild", "repos"});
  const Json models = model_types_expected();
  for (auto it = models.begin(); it != models.end(); ++it) {
    INFO(it.key());
    CHECK(before.count(it.value()["model_type"].get<std::string>()) == 0);
  }
  CHECK(types.size() >= 100);  // issue 11: at least 100 distinct model_types of real configs
}

TEST_CASE("model_types: config-only counts of new family rows match published totals", "[model_types]") {
  struct Published {
    const char* folder;
    double total;         // published parameter count
    const char* source;   // where it is published
  };
  const Published cases[] = {
      // OPT paper (Zhang et al. 2022, arXiv:2205.01068) Table 1: OPT-125M; the facebook/opt-125m card says 125M.
      {"facebook__opt-125m", 125e6, "OPT paper Table 1"},
      // Databricks' DBRX announcement and the databricks/dbrx-instruct model card: "132B total parameters".
      {"mlx-community__dbrx-instruct-4bit", 132e9, "DBRX model card"},
      // EleutherAI/gpt-neo-125M model card: "GPT-Neo 125M ... 125M parameters".
      {"EleutherAI__gpt-neo-125M", 125e6, "GPT-Neo 125M model card"},
      // LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct model card: "7.8 billion parameters".
      {"LGAI-EXAONE__EXAONE-3.0-7.8B-Instruct", 7.8e9, "EXAONE 3.0 model card"},
      // rednote-hilab/dots.llm1.inst model card: "142B total parameters, 14B activated".
      {"mlx-community__dots.llm1.inst-mixed-4-6bit", 142e9, "dots.llm1 model card"},
      // inclusionAI/Ling-lite-1.5 model card: "16.8B total parameters, 2.75B activated".
      {"inclusionAI__Ling-lite-1.5", 16.8e9, "Ling-lite model card"},
  };
  for (const Published& p : cases) {
    INFO(p.folder << " vs " << p.source);
    auto r = parse_model_config(test::fixture(std::string("model_types/") + p.folder + "/config.json"));
    REQUIRE(r.ok());
    const ConfigEstimate e = estimate_parameters(r.value());
    CHECK(e.estimate_basis == "family-layout");
    CHECK(e.complete);
    const double total = static_cast<double>(e.total);
    INFO("estimated " << e.total);
    CHECK(std::abs(total - p.total) / p.total < 0.01);
  }
}
