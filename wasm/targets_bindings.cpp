// The embind boundary of the file updaters (models.ts, model_coverage.mdx, the models.json catalogue, the Mantile
// gaps README) and of the policy tables: in the browser, a second module (hfmi_targets.web.wasm) that
// js/core/load_targets.browser.ts loads on the first updater call, so an import never downloads them. The Node
// and single-file builds link this file beside wasm/core_bindings.cpp into one module.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/json_access.hpp"
#include "core/lenient_json.hpp"
#include "emit/catalog_entry.hpp"
#include "emit/catalog_updater.hpp"
#include "emit/coverage_request.hpp"
#include "emit/mantile_gaps.hpp"
#include "emit/models_ts_request.hpp"
#include "byte_area.hpp"
#include "envelope.hpp"
#include "policy/policy_tables.hpp"

namespace {

using hfmi::Error;
using hfmi::Json;

// The policy tables (limits, error codes, options, shard names, dtypes): scripts/gen_policy_ts.mjs
// writes js/core/generated/*.ts from them at build time.
std::string policyTables() {
  return guarded([&]() -> hfmi::Result<Json> { return Json::object({{"tables", hfmi::policy_tables_json()}}); });
}

std::string updateModelsTs(std::string file_text, std::string entry_json, bool replace) {
  return guarded([&]() -> hfmi::Result<Json> {
    std::vector<hfmi::ModelsTsKept> kept;
    auto r = hfmi::update_models_ts_from_json(file_text, entry_json, replace, &kept);
    if (!r) return r.error();
    Json kept_json = Json::array();
    for (const auto& k : kept) kept_json.push_back(Json::object({{"field", k.field}, {"value", k.value}}));
    return Json::object({{"text", r.value().text}, {"action", r.value().action}, {"kept", kept_json}});
  });
}

// model_coverage.mdx: the model's section and Summary row, and the updated file (emit/coverage_request.hpp).
std::string updateCoverage(std::string config_bytes, std::string file_text, std::string request_json) {
  return guarded([&]() -> hfmi::Result<Json> { return hfmi::coverage_update_from_json(config_bytes, file_text, request_json); });
}

// The models.json bytes are in the input area (wasm/byte_area.hpp). options_json: {"replace": bool, "force": bool,
// "keep_name": bool, "schema": "<schema text>"} (all optional).
std::string updateCatalog(std::string entry_json, std::string options_json) {
  return guarded([&]() -> hfmi::Result<Json> {
    const hfmi_wasm::InputBytes bytes = hfmi_wasm::take_input();
    const std::string_view catalog_text = bytes.view();
    auto entry = hfmi::parse_lenient_json(entry_json, hfmi::codes::kBadOptions);
    if (!entry) return entry.error();
    auto options = hfmi::parse_lenient_json(options_json.empty() ? "{}" : options_json, hfmi::codes::kBadOptions);
    if (!options) return options.error();
    const Json& o = options.value();
    hfmi::CatalogUpdateOptions opt;
    opt.with_text = false;  // only the splice crosses the boundary
    // Not value(): a non-boolean would abort in a core without exceptions.
    for (auto [key, flag, fallback] : {std::tuple{"replace", &opt.replace, false}, std::tuple{"force", &opt.force, false},
                                       std::tuple{"keep_name", &opt.keep_name, true}}) {
      auto v = hfmi::json_bool_option(o, key, fallback, hfmi::codes::kBadOptions);
      if (!v) return v.error();
      *flag = v.value();
    }
    if (o.is_object() && o.contains("schema") && o["schema"].is_string()) opt.schema_text = o["schema"].get<std::string>();
    auto r = hfmi::update_catalog(catalog_text, entry.value(), opt);
    if (!r) return r.error();
    Json issues = Json::array();
    for (const hfmi::CatalogIssue& i : r.value().issues)
      issues.push_back(Json::object({{"severity", i.severity}, {"field", i.field}, {"message", i.message}}));
    // The edit as a splice of the input (byte offsets): a 150 MB catalogue is never copied back.
    return Json::object({{"splice_begin", r.value().splice_begin},
                         {"splice_end", r.value().splice_end},
                         {"replacement", r.value().replacement},
                         {"action", r.value().action},
                         {"id", r.value().id},
                         {"kept", r.value().kept},
                         {"issues", std::move(issues)}});
  });
}

// The Mantile gaps README with a row per gap report (analysis "perf_gap_reports").
std::string updateGapsReadme(std::string readme, std::string reports_json, std::string hf_model_id) {
  return guarded([&]() -> hfmi::Result<Json> {
    auto reports = hfmi::parse_lenient_json(reports_json, hfmi::codes::kBadOptions);
    if (!reports) return reports.error();
    return Json::object(
        {{"text", hfmi::gaps_readme_update(readme, hfmi::gap_reports_from_json(reports.value()), hf_model_id)}});
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(hfmi_targets) {
  emscripten::function("policyTables", &policyTables);
  emscripten::function("updateModelsTs", &updateModelsTs);
  emscripten::function("updateCatalog", &updateCatalog);
  emscripten::function("updateCoverage", &updateCoverage);
  emscripten::function("updateGapsReadme", &updateGapsReadme);
}
