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
      // OPT paper (Zhang et al. 2022, arXiv:2205.01068) Table 1: OPT-125M (exact: see the test below).
      {"facebook__opt-125m", 125e6, "OPT paper Table 1"},
      // databricks/dbrx-instruct model card, as quoted by NVIDIA's NIM page (docs.api.nvidia.com/nim/reference/
      // databricks-dbrx-instruct): "132B total parameters of which 36B parameters are active".
      {"mlx-community__dbrx-instruct-4bit", 132e9, "DBRX model card"},
      // huggingface.co/EleutherAI/gpt-neo-125M card: "125M represents the number of parameters of this ... model".
      {"EleutherAI__gpt-neo-125M", 125e6, "GPT-Neo 125M model card"},
      // LG AI Research's report "EXAONE 3.0 7.8B Instruction Tuned Language Model"; the EXAONE 3.5 report
      // (arXiv:2412.04862) recalls "EXAONE 3.0 instruction-tuned large language model with 7.8B parameters".
      {"LGAI-EXAONE__EXAONE-3.0-7.8B-Instruct", 7.8e9, "EXAONE 3.0 technical report"},
      // rednote-hilab/dots.llm1 model card and technical report (arXiv:2506.05767): "activates 14B parameters out
      // of a total of 142B parameters".
      {"mlx-community__dots.llm1.inst-mixed-4-6bit", 142e9, "dots.llm1 model card"},
      // (Ling-lite-1.5's "16.8B" was written from memory and no stored source confirms it: dropped.)
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

TEST_CASE("model_types: Mamba (v1), OPT and Jamba config-only counts match their checkpoints", "[model_types]") {
  auto estimate = [](const char* folder) {
    auto r = parse_model_config(test::fixture(std::string("model_types/") + folder + "/config.json"));
    REQUIRE(r.ok());
    return estimate_parameters(r.value());
  };
  SECTION("state-spaces/mamba-130m-hf: 129,135,360") {
    // Published: public code that loads the checkpoint asserts sum(p.numel() for p in model.parameters()) ==
    // 129135360, and a public analysis script's model_sizes table lists "mamba-130m-hf"="129135360" (both found with
    // the search tool's code corpus).
    const ConfigEstimate e = estimate("state-spaces__mamba-130m-hf");
    CHECK(e.complete);
    CHECK(e.by_component.count("mamba") == 1);
    CHECK(e.by_component.count("attention") == 0);
    CHECK(e.total == 129135360);
  }
  SECTION("facebook/opt-125m: 125,239,296 (positions are max_position_embeddings + 2 rows)") {
    // Published: AMD Quark's depth-pruning tutorial on facebook/opt-125m: "The original model has 125239296
    // parameters" (sum of numel over model.parameters()).
    const ConfigEstimate e = estimate("facebook__opt-125m");
    CHECK(e.complete);
    CHECK(e.by_component.at("position_embeddings") == (2048 + 2) * 768);
    CHECK(e.total == 125239296);
  }
  SECTION("ai21labs/AI21-Jamba-1.5-Mini: 12B active, 52B total") {
    // Published: "Jamba-1.5-Mini, with 12B active parameters" (Jamba-1.5 paper, arXiv:2408.12570, abstract);
    // "Jamba 1.5 Mini: 12 billion active parameters (52B total)" (zfn9.com, "Inside Jamba 1.5").
    const ConfigEstimate e = estimate("ai21labs__AI21-Jamba-1.5-Mini");
    CHECK(e.complete);
    CHECK(e.by_component.count("mamba") == 1);
    INFO("total " << e.total << ", active " << e.active);
    CHECK(std::abs(static_cast<double>(e.active) - 12e9) / 12e9 < 0.01);
    CHECK(std::abs(static_cast<double>(e.total) - 52e9) / 52e9 < 0.01);
  }
  SECTION("tiiuae/falcon-mamba-7b: every layer counted (the mixer is intermediate_size wide)") {
    const ConfigEstimate e = estimate("tiiuae__falcon-mamba-7b");
    CHECK(e.complete);
    CHECK(e.by_component.count("mamba") == 1);
    for (const std::string& n : e.notes) CHECK(n.find("not counted") == std::string::npos);
  }
}
