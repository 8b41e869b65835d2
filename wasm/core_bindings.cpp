// The embind boundary of the import module (hfmi_core.web.wasm, and the Node and single-file builds): the
// session an import feeds and analyses, the GGUF repository, the header size estimate. Every call takes bytes or
// strings and returns a JSON envelope (wasm/envelope.hpp). The file updaters are wasm/targets_bindings.cpp, a
// second browser module an import never downloads.
// Sessions and GGUF repositories are plain functions over a handle (Handles below), not embind classes: a class
// binding links embind's class-handle runtime into the glue (2.3 KB of the import's 7.7 KB gzip of glue).
// js/core/embind_core.ts gives them back their class shape (RawSession, RawGgufRepo).
// Compiled a second time for the browser with HFMI_WASM_LIGHT (wasm/core_bindings_light.cpp): that import module
// registers neither Session.addGgufHeader, GgufRepo nor Session.analyzeToolOutputs, so LTO drops the GGUF code and the
// tool outputs' emitters; a safetensors import loads it, a GGUF import or an analysis with tool outputs the
// full one (js/core/load_core.browser.ts).
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/config_parser.hpp"
#include "core/json_access.hpp"
#include "core/lenient_json.hpp"
#include "byte_area.hpp"
#include "envelope.hpp"
#include "params/gguf_repo.hpp"
#include "params/header_size_estimate.hpp"
#include "session/import_session.hpp"

namespace {

using hfmi::Error;
using hfmi::Json;

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
  // The chunk is in the input area.
  std::string indexFeed() {
    return guarded([&]() -> hfmi::Result<Json> {
      const hfmi_wasm::InputBytes bytes = hfmi_wasm::take_input();
      auto r = session_.index_feed(bytes.view());
      if (!r) return r.error();
      return Json::object();
    });
  }
  std::string indexFinish() {
    return guarded([&]() -> hfmi::Result<Json> {
      auto r = session_.index_finish();
      if (!r) return r.error();
      Json out = Json::object({{"shards", r.value().shards},
                               {"tensor_count", r.value().tensor_count},
                               {"pytorch_bin", r.value().pytorch_bin}});
      if (r.value().total_size) out["total_size"] = *r.value().total_size;
      return out;
    });
  }
  // The header bytes are in the input area.
  std::string addHeader(std::string shard, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const hfmi_wasm::InputBytes bytes = hfmi_wasm::take_input();
      auto r = session_.add_header(shard, bytes.view(), size_of(file_size));
      if (!r) return r.error();
      return Json::object({{"tensors", r.value()}});
    });
  }
  // A GGUF file (or split part) whose tensor infos are the model's tensors (no safetensors shards).
  std::string addGgufHeader(std::string file, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const hfmi_wasm::InputBytes bytes = hfmi_wasm::take_input();
      auto r = session_.add_gguf_header(file, bytes.view(), size_of(file_size));
      if (!r) return r.error();
      return Json::object({{"tensors", r.value()}});
    });
  }
  // The envelope, left in the output area as a view of analysis_ (its length returned), written as text from
  // the analysis parts (hfmi::analysis_envelope_text) instead of one DOM dumped. Without the tool outputs.
  uint32_t analyze(std::string options_json) { return run_analysis(options_json, nullptr); }
#ifndef HFMI_WASM_LIGHT
  // The same with the tool outputs (session/tool_outputs.cpp); tensors.csv then waits in tensorsCsv().
  uint32_t analyzeToolOutputs(std::string options_json) { return run_analysis(options_json, hfmi::emit_tool_outputs); }
#endif
  // The header bytes the session's config (already set) implies: the estimate without a second parse.
  std::string estimateHeaderSize() {
    return guarded([&]() -> hfmi::Result<Json> {
      const hfmi::ModelConfig* config = session_.config();
      if (config == nullptr) return hfmi::make_error(hfmi::codes::kBadOptions, "estimateHeaderSize before setConfig");
      const hfmi::HeaderSizeEstimate e = hfmi::estimate_header_size(*config);
      return Json::object({{"tensors", e.tensors}, {"bytes", e.bytes}});
    });
  }
  // The tensors.csv text of the last analyzeToolOutputs(), left in the output area (its length returned).
  uint32_t tensorsCsv() { return hfmi_wasm::text_out(tensors_csv_); }

 private:
  uint32_t run_analysis(const std::string& options_json, hfmi::ToolOutputEmitter tool_outputs) {
    tensors_csv_.clear();
    analysis_ = [&]() -> std::string {
      auto parsed = hfmi::parse_lenient_json(options_json, hfmi::codes::kBadOptions);
      if (!parsed) return error_envelope(parsed.error());
      auto options = hfmi::AnalyzeOptions::from_json(parsed.value());
      if (!options) return error_envelope(options.error());
      auto parts = session_.analyze_parts(options.value(), /*with_unread=*/false, tool_outputs);
      if (!parts) return error_envelope(parts.error());
      // tensors.csv (megabytes for a large MoE) goes out raw through tensorsCsv(), not escaped in JSON.
      tensors_csv_ = std::move(parts.value().tensors_csv);
      return hfmi::analysis_envelope_text(parts.value());
    }();
    return hfmi_wasm::text_out(analysis_);
  }

  hfmi::ImportSession session_;
  std::string analysis_;
  std::string tensors_csv_;
};

// GGUF repositories: addPart(file, prefix bytes, file size) decodes one file's header (or says how many
// bytes it needs: {complete:false, header_bytes, estimated_header_bytes}); analyze(options) gives one row
// per quantization file (split parts grouped). Options: {context_length, gpu_memory_bytes, config_json}.
class GgufRepoBinding {
 public:
  // The prefix bytes are in the input area.
  std::string addPart(std::string file, double file_size) {
    return guarded([&]() -> hfmi::Result<Json> {
      const hfmi_wasm::InputBytes bytes = hfmi_wasm::take_input();
      return repo_.add_part(file, bytes.view(), size_of(file_size));
    });
  }
  std::string analyze(std::string options_json) {
    return guarded([&]() -> hfmi::Result<Json> {
      auto parsed = hfmi::parse_lenient_json(options_json, hfmi::codes::kBadOptions);
      if (!parsed) return parsed.error();
      const Json& o = parsed.value();
      if (!o.is_object()) return hfmi::make_error(hfmi::codes::kBadOptions, "GGUF options must be a JSON object");
      hfmi::GgufRepoOptions options;
      options.context_length = hfmi::json_int(o, "context_length", options.context_length);
      if (o.contains("gpu_memory_bytes") && o["gpu_memory_bytes"].is_number()) {
        // A double outside int64 has no conversion (undefined behaviour): the same bound as JS's parseByteSize.
        const double bytes = o["gpu_memory_bytes"].get<double>();
        if (!(bytes > 0 && bytes <= 9.007199254740992e15))
          return hfmi::make_error(hfmi::codes::kBadOptions, "gpu_memory_bytes must be a number of bytes in 1..2^53",
                                  "gpu_memory_bytes");
        options.gpu_memory_bytes = static_cast<int64_t>(bytes);
      }
      options.config_json = hfmi::json_string(o, "config_json", options.config_json);
      return repo_.analyze(options);
    });
  }

 private:
  hfmi::GgufRepo repo_;
};

std::string version() { return "0.1.0"; }

std::string estimateHeaderSize(std::string config_bytes) {
  return guarded([&]() -> hfmi::Result<Json> {
    auto config = hfmi::parse_model_config(config_bytes);
    if (!config) return config.error();
    const hfmi::HeaderSizeEstimate e = hfmi::estimate_header_size(config.value());
    return Json::object({{"tensors", e.tensors}, {"bytes", e.bytes}});
  });
}

// The live objects of one kind, named to JS by a handle (an index here; a closed one's slot is reused).
template <class T>
class Handles {
 public:
  uint32_t open() {
    for (size_t i = 0; i < slots_.size(); ++i)
      if (!slots_[i]) {
        slots_[i] = std::make_unique<T>();
        return static_cast<uint32_t>(i);
      }
    slots_.push_back(std::make_unique<T>());
    return static_cast<uint32_t>(slots_.size() - 1);
  }
  void close(uint32_t h) {
    if (h < slots_.size()) slots_[h].reset();
  }
  // The object of a handle, or nullptr for one never opened or already closed (a bug of the JS side).
  T* get(uint32_t h) { return h < slots_.size() ? slots_[h].get() : nullptr; }

 private:
  std::vector<std::unique_ptr<T>> slots_;
};

Handles<Session> g_sessions;

const std::string& closed_handle_envelope() {
  static const std::string text =
      error_envelope(hfmi::make_error(hfmi::codes::kInternal, "the session was closed (or never opened)"));
  return text;
}

// A session method by handle; a closed handle gets E_INTERNAL (the JS side closes a session once, after use).
template <auto method, class... Args>
std::string on_session(uint32_t h, Args... args) {
  Session* s = g_sessions.get(h);
  return s ? (s->*method)(std::move(args)...) : closed_handle_envelope();
}
template <auto method, class... Args>
uint32_t text_of_session(uint32_t h, Args... args) {
  Session* s = g_sessions.get(h);
  return s ? (s->*method)(std::move(args)...) : hfmi_wasm::text_out(closed_handle_envelope());
}

#ifndef HFMI_WASM_LIGHT
Handles<GgufRepoBinding> g_gguf_repos;

template <auto method, class... Args>
std::string on_gguf_repo(uint32_t h, Args... args) {
  GgufRepoBinding* r = g_gguf_repos.get(h);
  return r ? (r->*method)(std::move(args)...) : closed_handle_envelope();
}
#endif

}  // namespace

EMSCRIPTEN_BINDINGS(hfmi_core) {
  emscripten::function("sessionOpen", +[]() { return g_sessions.open(); });
  emscripten::function("sessionClose", +[](uint32_t h) { g_sessions.close(h); });
  emscripten::function("sessionSetConfig", &on_session<&Session::setConfig, std::string>);
  emscripten::function("sessionSetDefinitionsCatalog", &on_session<&Session::setDefinitionsCatalog, std::string>);
  emscripten::function("sessionIndexFeed", &on_session<&Session::indexFeed>);
  emscripten::function("sessionIndexFinish", &on_session<&Session::indexFinish>);
  emscripten::function("sessionAddHeader", &on_session<&Session::addHeader, std::string, double>);
#ifndef HFMI_WASM_LIGHT
  emscripten::function("sessionAddGgufHeader", &on_session<&Session::addGgufHeader, std::string, double>);
#endif
  emscripten::function("sessionAnalyze", &text_of_session<&Session::analyze, std::string>);
#ifndef HFMI_WASM_LIGHT
  emscripten::function("sessionAnalyzeToolOutputs", &text_of_session<&Session::analyzeToolOutputs, std::string>);
  emscripten::function("sessionTensorsCsv", &text_of_session<&Session::tensorsCsv>);
#endif
  emscripten::function("sessionEstimateHeaderSize", &on_session<&Session::estimateHeaderSize>);
#ifndef HFMI_WASM_LIGHT
  emscripten::function("ggufRepoOpen", +[]() { return g_gguf_repos.open(); });
  emscripten::function("ggufRepoClose", +[](uint32_t h) { g_gguf_repos.close(h); });
  emscripten::function("ggufRepoAddPart", &on_gguf_repo<&GgufRepoBinding::addPart, std::string, double>);
  emscripten::function("ggufRepoAnalyze", &on_gguf_repo<&GgufRepoBinding::analyze, std::string>);
#endif
  emscripten::function("version", &version);
  emscripten::function("estimateHeaderSize", &estimateHeaderSize);
}
