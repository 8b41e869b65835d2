#include "emit/coverage_request.hpp"

#include <set>

#include "arch/module_tree_builder.hpp"
#include "config/config_parser.hpp"
#include "emit/coverage_updater.hpp"
#include "naming/bundled_workload_names.hpp"
#include "naming/definition_names.hpp"
#include "naming/definitions_catalog.hpp"

namespace hfmi {
namespace {

Error bad(const std::string& message, const std::string& path) { return make_error(codes::kBadOptions, message, path); }

// A list of names from request[key]; nullopt when absent or null.
Result<std::optional<std::set<std::string>>> name_set(const Json& request, const char* key) {
  if (!request.contains(key) || request[key].is_null()) return std::optional<std::set<std::string>>();
  const Json& list = request[key];
  if (!list.is_array()) return bad(std::string(key) + " must be an array of names", std::string("$.") + key);
  std::set<std::string> out;
  for (const Json& n : list) {
    if (!n.is_string()) return bad(std::string(key) + " must be an array of names", std::string("$.") + key);
    out.insert(n.get<std::string>());
  }
  return std::optional<std::set<std::string>>(std::move(out));
}

Result<int64_t> positive(const Json& r, const char* key, int64_t fallback) {
  if (!r.contains(key) || r[key].is_null()) return fallback;
  if (!r[key].is_number_integer() || r[key].get<int64_t>() < 1 || r[key].get<int64_t>() > 1 << 20) {
    return bad(std::string(key) + " must be a positive integer", std::string("$.") + key);
  }
  return r[key].get<int64_t>();
}

}  // namespace

Result<Json> coverage_update_from_json(std::string_view config_bytes, std::string_view file_text,
                                       std::string_view request_json) {
  auto parsed = parse_lenient_json(request_json, codes::kBadOptions);
  if (!parsed) return parsed.error();
  const Json& r = parsed.value();
  if (!r.is_object()) return bad("the coverage request must be a JSON object", "$");
  if (!r.contains("display_name") || !r["display_name"].is_string() || r["display_name"].get<std::string>().empty()) {
    return bad("display_name must be a non-empty string", "$.display_name");
  }
  const std::string name = r["display_name"].get<std::string>();
  if (name.find_first_of("|\r\n") != std::string::npos) {
    return bad("display_name must not hold '|' or line breaks (it is a table cell and a heading)", "$.display_name");
  }
  NamingOptions o;
  auto tp = positive(r, "tp", 1);
  if (!tp) return tp.error();
  auto ep = positive(r, "ep", 1);
  if (!ep) return ep.error();
  o.tp = tp.value();
  o.ep = ep.value();
  if (r.contains("page_sizes") && !r["page_sizes"].is_null()) {
    const Json& ps = r["page_sizes"];
    if (!ps.is_array() || ps.empty() || ps.size() > 16) return bad("page_sizes must be a list of 1 to 16 sizes", "$.page_sizes");
    o.page_sizes.clear();
    for (const Json& p : ps) {
      if (!p.is_number_integer() || p.get<int64_t>() < 1) return bad("each page size must be a positive integer", "$.page_sizes");
      o.page_sizes.push_back(p.get<int64_t>());
    }
  }
  if (r.contains("gemm_tp") && !r["gemm_tp"].is_null()) {
    if (!r["gemm_tp"].is_string() || !parse_gemm_tp(r["gemm_tp"].get<std::string>(), &o.gemm_tp)) {
      return bad("gemm_tp must be \"tp1\" or \"split\"", "$.gemm_tp");
    }
  }
  const bool replace = r.contains("replace") && r["replace"].is_boolean() && r["replace"].get<bool>();
  auto definitions = name_set(r, "definitions");
  if (!definitions) return definitions.error();
  auto workloads = name_set(r, "workloads");
  if (!workloads) return workloads.error();

  auto config = parse_model_config(config_bytes);
  if (!config) return config.error();
  ModuleTree tree = build_module_tree(config.value());
  auto named = assign_definitions(tree, config.value(), o);
  if (!named) return named.error();

  const std::set<std::string> bundled_workloads(bundled_workload_names().begin(), bundled_workload_names().end());
  const auto& defs = definitions.value();
  const auto& loads = workloads.value();
  CoverageSources sources;
  sources.defined = [&](const std::string& n) { return defs ? defs->count(n) > 0 : bundled_definitions_catalog().contains(n); };
  sources.has_workload = [&](const std::string& n) { return loads ? loads->count(n) > 0 : bundled_workloads.count(n) > 0; };
  const CoverageModel model = coverage_model(config.value(), tree, o, name, sources);
  const std::string nl = file_text.empty() ? "\n" : detect_newline(file_text);
  Json out = Json::object({{"section", emit_coverage_section(model, nl)},
                           {"summary_row", emit_coverage_summary_row(model)},
                           {"text", ""},
                           {"action", "none"}});
  if (!file_text.empty()) {
    auto updated = update_coverage_mdx(file_text, model, replace);
    if (!updated) return updated.error();
    out["text"] = std::move(updated.value().text);
    out["action"] = updated.value().action;
  }
  return out;
}

}  // namespace hfmi
