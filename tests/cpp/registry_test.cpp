// The family registry: every registered family has every row, names resolve to one family, each example
// config (a real config in tests/fixtures) parses without refusal and resolves to its family; the
// mixer-traits table agrees with the enum; docs/families.md is the generated text.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "arch/family_template.hpp"
#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "fixtures.hpp"
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
    if (!r.example[0]) continue;
    INFO(r.name << ": " << r.example);
    auto cfg = parse_model_config(test::fixture(r.example));
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
