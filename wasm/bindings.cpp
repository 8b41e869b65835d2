// The embind boundary, and nothing else. Every call takes bytes or strings and returns a JSON envelope
// string: {"ok":true,...} or {"ok":false,"error":{code,message,path}}. No C++ exception ever reaches JS
// (emcc 3.1.6 would hand JS a bare number): each entry point catches everything.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "config/config_parser.hpp"
#include "core/json_access.hpp"
#include "core/lenient_json.hpp"
#include "emit/catalog_entry.hpp"
#include "emit/catalog_updater.hpp"
#include "emit/coverage_request.hpp"
#include "emit/mantile_gaps.hpp"
#include "emit/models_ts_request.hpp"
#include "params/gguf_repo.hpp"
#include "params/header_size_estimate.hpp"
#include "policy/policy_tables.hpp"
#include "safetensors/safetensors_header.hpp"
#include "session/import_session.hpp"

namespace {

using hfmi::Error;
using hfmi::Json;

std::string error_envelope(const Error& e) {
  Json err = {{"code", e.code}, {"message", e.message}};
  if (!e.path.empty()) err["path"] = e.path;
  return Json{{"ok", false}, {"error", std::move(err)}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ok_envelope(Json body) {
  body["ok"] = true;
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Runs `body` (returning Result<Json>) and wraps its value or error in the JSON envelope. The core is built
// with -fno-exceptions: errors are values all the way up, and there is no out-of-memory path to catch,
// because every input is checked against a named limit (header, index, config and catalogue sizes,
// GGUF counts) before anything is allocated for it.
template <class F>
std::string guarded(F&& body) {
  auto result = body();
  if (!result) return error_envelope(result.error());
  return ok_envelope(std::move(result.value()));
}

// Byte inputs arrive as Uint8Array and are copied into the heap with one TypedArray.set (embind 3.1.6 copies a
// std::string parameter byte by byte in JS: 23 ms for Qwen3-30B-A3B's 2.3 MB of headers).
std::vector<uint8_t> bytes_in(const emscripten::val& bytes) {
  return emscripten::convertJSArrayToNumberVector<uint8_t>(bytes);
}
std::string_view view_of(const std::vector<uint8_t>& v) {
  return std::string_view(reinterpret_cast<const char*>(v.data()), v.size());
}
// A file size from JS (a double): 0 (unknown) unless it is a positive integer-safe number.
uint64_t size_of(double file_size) {
  return file_size > 0 && file_size < 9.007199254740992e15 ? static_cast<uint64_t>(file_size) : 0;
}
// Large text outputs go out as a view of `kept` (valid until the next call on the same object), which the JS side
// decodes at once with TextDecoder: embind 3.1.6 scans a returned std::string byte by byte in JS.
emscripten::val text_out(const std::string& kept) {
  return emscripten::val(emscripten::typed_memory_view(kept.size(), reinterpret_cast<const uint8_t*>(kept.data())));
}

class Session {
 public:
  std::string setConfig(std::string bytes) {
    return guarded([&]() -> hfmi::Result<Json> {
      auto r = session_.set_config(bytes);
      if (!r) return r.error();
      return Json::object();
    });
  }
  std::string setDefinitionsCatalog(std::string bytes) {
    return guarded([&]() -> hfmi::Result<Json> {
      auto r = session_.set_definitions_catalog(bytes);
      if (!r) return r.error();
      return Json::object();
    });
  }
  std::string indexFeed(emscripten::val chunk) {
    return guarded([&]() -> hfmi::Result<Json> {
      const std::vector<uint8_t> bytes = bytes_in(chunk);
      auto r = session_.index_feed(view_of(bytes));
      if (!r) return r.error();
      return Json::object();
    });
  }
  std::string indexFinish() {
    return guarded([&]() -> hfmi::Result<Json> {
      auto r = session_.index_finish();
      if (!r) return r.error();
      Json out = {{"shards", r.value().shards}, {"tensor_count", r.value().tensor_count},
                  {"pytorch_bin", r.value().pytorch_bin}};
      if (r.value().total_size) out["total_size"] = *r.value().total_size;
      return out;
    });
  }
  std::string addHeader(std::string shard, emscripten::val header, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const std::vector<uint8_t> bytes = bytes_in(header);
      auto r = session_.add_header(shard, view_of(bytes), size_of(file_size));
      if (!r) return r.error();
      return Json{{"tensors", r.value()}};
    });
  }
  // A GGUF file (or split part) whose tensor infos are the model's tensors (no safetensors shards).
  std::string addGgufHeader(std::string file, emscripten::val header, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const std::vector<uint8_t> bytes = bytes_in(header);
      auto r = session_.add_gguf_header(file, view_of(bytes), size_of(file_size));
      if (!r) return r.error();
      return Json{{"tensors", r.value()}};
    });
  }
  // The envelope as a view of analysis_ (see text_out).
  emscripten::val analyze(std::string options_json) {
    tensors_csv_.clear();
    analysis_ = guarded([&]() -> hfmi::Result<Json> {
      auto parsed = hfmi::parse_lenient_json(options_json, hfmi::codes::kBadOptions);
      if (!parsed) return parsed.error();
      auto options = hfmi::AnalyzeOptions::from_json(parsed.value());
      if (!options) return options.error();
      auto analysis = session_.analyze(options.value());
      if (!analysis) return analysis.error();
      // tensors.csv (megabytes for a large MoE) goes out raw through tensorsCsv(), not escaped in JSON.
      Json& result = analysis.value();
      auto csv = result.find("tensors_csv");
      if (csv != result.end()) {
        tensors_csv_ = std::move(csv->get_ref<std::string&>());
        result.erase(csv);
      }
      return analysis;
    });
    return text_out(analysis_);
  }
  // The header bytes the session's config (already set) implies: the estimate without a second parse.
  std::string estimateHeaderSize() {
    return guarded([&]() -> hfmi::Result<Json> {
      const hfmi::ModelConfig* config = session_.config();
      if (config == nullptr) return hfmi::make_error(hfmi::codes::kBadOptions, "estimateHeaderSize before setConfig");
      const hfmi::HeaderSizeEstimate e = hfmi::estimate_header_size(*config);
      return Json{{"tensors", e.tensors}, {"bytes", e.bytes}};
    });
  }
  // The tensors.csv text of the last analyze(), as a view (see text_out).
  emscripten::val tensorsCsv() { return text_out(tensors_csv_); }

 private:
  hfmi::ImportSession session_;
  std::string analysis_;
  std::string tensors_csv_;
};

// GGUF repositories: addPart(file, prefix bytes, file size) decodes one file's header (or says how many
// bytes it needs: {complete:false, header_bytes, estimated_header_bytes}); analyze(options) gives one row
// per quantization file (split parts grouped). Options: {context_length, gpu_memory_bytes, config_json}.
class GgufRepoBinding {
 public:
  std::string addPart(std::string file, emscripten::val header, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const std::vector<uint8_t> bytes = bytes_in(header);
      return repo_.add_part(file, view_of(bytes), size_of(file_size));
    });
  }
  std::string analyze(std::string options_json) {
    return guarded([&]() -> hfmi::Result<Json> {
      auto parsed = hfmi::parse_lenient_json(options_json, hfmi::codes::kBadOptions);
      if (!parsed) return parsed.error();
      const Json& o = parsed.value();
      if (!o.is_object()) return hfmi::make_error(hfmi::codes::kBadOptions, "GGUF options must be a JSON object");
      hfmi::GgufRepoOptions options;
      if (o.contains("context_length") && o["context_length"].is_number_integer()) options.context_length = o["context_length"].get<int64_t>();
      if (o.contains("gpu_memory_bytes") && o["gpu_memory_bytes"].is_number()) options.gpu_memory_bytes = o["gpu_memory_bytes"].get<int64_t>();
      if (o.contains("config_json") && o["config_json"].is_string()) options.config_json = o["config_json"].get<std::string>();
      return repo_.analyze(options);
    });
  }

 private:
  hfmi::GgufRepo repo_;
};

std::string version() { return "0.1.0"; }

// The policy tables (limits, error codes, options, shard names, dtypes): scripts/gen_policy_ts.mjs
// writes js/core/generated/*.ts from them at build time.
std::string policyTables() {
  return guarded([&]() -> hfmi::Result<Json> { return Json{{"tables", hfmi::policy_tables_json()}}; });
}

std::string updateModelsTs(std::string file_text, std::string entry_json, bool replace) {
  return guarded([&]() -> hfmi::Result<Json> {
    std::vector<hfmi::ModelsTsKept> kept;
    auto r = hfmi::update_models_ts_from_json(file_text, entry_json, replace, &kept);
    if (!r) return r.error();
    Json kept_json = Json::array();
    for (const auto& k : kept) kept_json.push_back({{"field", k.field}, {"value", k.value}});
    return Json{{"text", r.value().text}, {"action", r.value().action}, {"kept", kept_json}};
  });
}

// model_coverage.mdx: the model's section and Summary row, and the updated file (emit/coverage_request.hpp).
std::string updateCoverage(std::string config_bytes, std::string file_text, std::string request_json) {
  return guarded([&]() -> hfmi::Result<Json> { return hfmi::coverage_update_from_json(config_bytes, file_text, request_json); });
}

// catalog: the models.json bytes. options_json: {"replace": bool, "force": bool, "keep_name": bool,
// "schema": "<schema text>"} (all optional).
std::string updateCatalog(emscripten::val catalog, std::string entry_json, std::string options_json) {
  return guarded([&]() -> hfmi::Result<Json> {
    // One typed-array copy into the heap (embind's std::string conversion copies byte by byte in JS).
    const std::vector<uint8_t> bytes = emscripten::convertJSArrayToNumberVector<uint8_t>(catalog);
    const std::string_view catalog_text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
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
      issues.push_back({{"severity", i.severity}, {"field", i.field}, {"message", i.message}});
    // The edit as a splice of the input (byte offsets): a 150 MB catalogue is never copied back.
    return Json{{"splice_begin", r.value().splice_begin}, {"splice_end", r.value().splice_end},
                {"replacement", r.value().replacement}, {"action", r.value().action}, {"id", r.value().id},
                {"kept", r.value().kept}, {"issues", std::move(issues)}};
  });
}

// The Mantile gaps README with a row per gap report (analysis "perf_gap_reports").
std::string updateGapsReadme(std::string readme, std::string reports_json, std::string hf_model_id) {
  return guarded([&]() -> hfmi::Result<Json> {
    auto reports = hfmi::parse_lenient_json(reports_json, hfmi::codes::kBadOptions);
    if (!reports) return reports.error();
    return Json{{"text", hfmi::gaps_readme_update(readme, hfmi::gap_reports_from_json(reports.value()), hf_model_id)}};
  });
}

std::string estimateHeaderSize(std::string config_bytes) {
  return guarded([&]() -> hfmi::Result<Json> {
    auto config = hfmi::parse_model_config(config_bytes);
    if (!config) return config.error();
    const hfmi::HeaderSizeEstimate e = hfmi::estimate_header_size(config.value());
    return Json{{"tensors", e.tensors}, {"bytes", e.bytes}};
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(hfmi) {
  emscripten::class_<Session>("Session")
      .constructor<>()
      .function("setConfig", &Session::setConfig)
      .function("setDefinitionsCatalog", &Session::setDefinitionsCatalog)
      .function("indexFeed", &Session::indexFeed)
      .function("indexFinish", &Session::indexFinish)
      .function("addHeader", &Session::addHeader)
      .function("addGgufHeader", &Session::addGgufHeader)
      .function("analyze", &Session::analyze)
      .function("tensorsCsv", &Session::tensorsCsv)
      .function("estimateHeaderSize", &Session::estimateHeaderSize);
  emscripten::class_<GgufRepoBinding>("GgufRepo")
      .constructor<>()
      .function("addPart", &GgufRepoBinding::addPart)
      .function("analyze", &GgufRepoBinding::analyze);
  emscripten::function("version", &version);
  emscripten::function("policyTables", &policyTables);
  emscripten::function("updateModelsTs", &updateModelsTs);
  emscripten::function("updateCatalog", &updateCatalog);
  emscripten::function("updateCoverage", &updateCoverage);
  emscripten::function("updateGapsReadme", &updateGapsReadme);
  emscripten::function("estimateHeaderSize", &estimateHeaderSize);
}
